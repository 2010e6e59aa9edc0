import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import type { SelfImprovementConfig } from '../../../src/engine/config';
import { UntrustedWorkspaceError } from '../../../src/engine/probes';
import { runExperiment, syncCapabilitiesFromConfig, type ExperimentProgress } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, FASTER_BUT_BREAKS_SUITE, FASTER_PATCH, makeLoopProject, NOOP_PATCH, removeProject, TAMPER_PATCH, linePatch } from './fixture';

const trusted = (): boolean => true;

describe('loop: runExperiment on a temp git repository', function () {
  this.timeout(60000);
  const made: string[] = [];
  const engines: SelfImprovementEngine[] = [];
  after(async () => { for (const e of engines) await e.close(); for (const d of made) removeProject(d); });

  async function setup(options: { autoImprove?: boolean; failing?: string[] } = {}): Promise<{ dir: string; engine: SelfImprovementEngine; config: SelfImprovementConfig }> {
    const dir = makeLoopProject({ failing: options.failing });
    made.push(dir);
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(7), autoImprove: options.autoImprove ?? false });
    engines.push(engine);
    const parsed = parseConfig(CONFIG);
    assert.ok(parsed.config, 'fixture config parses');
    syncCapabilitiesFromConfig(engine, parsed, dir);
    return { dir, engine, config: parsed.config };
  }

  it('a patch that makes the benchmark clearly faster: success, confirmed on fresh samples, guardrail held, proposal pending', async () => {
    const { dir, engine, config } = await setup();
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' });
    const stages = new Set<string>();
    const out = await runExperiment(engine, {
      experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, folder: dir, config, isTrusted: trusted,
      budget: { maxSamplesPerArm: 10 }, onProgress: (p: ExperimentProgress) => stages.add(p.stage),
    });
    assert.equal(out.experiment.status, 'completed');
    assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
    assert.ok(out.evidence.confirmed, 'confirmed by a second run');
    assert.deepEqual([...stages].sort(), ['confirmation', 'guardrail', 'proposal', 'target']);
    // The effect shown is the confirmation's, computed from its own samples.
    const conf = out.evidence.samples.confirmation!;
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.equal(out.evidence.effect!.baselineMean, mean(conf.baseline));
    assert.ok(out.evidence.effect!.relativeGain! > 0.5, `40 ms → 5 ms: ${out.evidence.effect!.relativeGain}`);
    assert.ok(out.evidence.effect!.ci![0] > 0, 'the interval excludes 0');
    assert.ok(out.experiment.actualImprovement! > 0.5);
    assert.equal(out.evidence.guardrails.length, 1);
    assert.equal(out.evidence.guardrails[0]!.capability, 'suite-pass-rate');
    assert.ok(out.evidence.guardrails[0]!.passed, out.evidence.guardrails[0]!.reason);
    assert.deepEqual(out.evidence.tamperFlags, []);
    assert.deepEqual(out.evidence.changedFiles, ['config.js']);
    assert.ok(out.evidence.samples.baseline.length >= 6 && out.evidence.samples.baseline.length <= 10);
    // A proposal for config.js, pending, tied to the experiment; the user's file is untouched.
    assert.equal(out.improvements.length, 1);
    const imp = out.improvements[0]!;
    assert.equal(imp.status, 'pending');
    assert.equal(imp.filePath, 'config.js');
    assert.equal(imp.experimentId, exp.id);
    assert.equal(imp.proposedContent, 'module.exports = { delayMs: 5 };\n');
    assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { delayMs: 100 };\n');
    // Stored on the experiment, and the outcome reached the audit chain and the bandit.
    const stored = engine.getExperimentEvidence(exp.id)!;
    assert.equal(stored.verdict, 'success');
    assert.deepEqual(stored.improvementIds, [imp.id]);
    assert.equal(engine.getExperiment(exp.id).result?.verdict, 'success');
    assert.ok(engine.getAuditTrail({ entity: 'experiment', entityId: exp.id }).some((e) => e.action === 'completed'));
    assert.equal(engine.chooseAction({ actionType: 'improvement_experiment', availableActions: ['candidate_change'] }).estimates.candidate_change!.trials, 1);
  });

  it('a no-op patch is not a success and proposes nothing', async () => {
    const { dir, engine, config } = await setup();
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'docs only' });
    const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: NOOP_PATCH }, folder: dir, config, isTrusted: trusted, budget: { maxSamplesPerArm: 8 } });
    assert.notEqual(out.experiment.verdict, 'success', out.evidence.reason);
    assert.equal(out.improvements.length, 0);
    assert.equal(engine.listImprovements().length, 0);
    // Changed with issue 15 (the cascade): the pass/fail suite runs once per arm before any timing run,
    // whatever the target later shows; it used to run only after a target success.
    assert.deepEqual(out.evidence.guardrails.map((g) => [g.capability, g.status, g.runsPerArm]), [['suite-pass-rate', 'held', 1]]);
    assert.ok(['futility', 'budget'].includes(out.evidence.stopped), out.evidence.stopped);
    assert.equal(out.evidence.samples.confirmation, undefined);
  });

  it('improves the target but breaks the suite guardrail: refused, and the reason names the guardrail', async () => {
    const { dir, engine, config } = await setup();
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'faster but sloppy' });
    const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_BUT_BREAKS_SUITE }, folder: dir, config, isTrusted: trusted, budget: { maxSamplesPerArm: 8 } });
    assert.equal(out.experiment.verdict, 'refused', out.evidence.reason);
    assert.match(out.experiment.reason!, /suite-pass-rate fell from 1\.00 to 0\.95/);
    assert.match(out.experiment.reason!, /refused/);
    const g = out.evidence.guardrails[0]!;
    assert.equal(g.passed, false);
    assert.equal(g.flips!.toFail.length, 10);
    assert.ok(g.flips!.toFail.includes('case1'));
    assert.equal(out.improvements.length, 0);
    assert.equal(out.evidence.samples.confirmation, undefined, 'no confirmation for a refused candidate');
    // The cascade: one suite run per arm, refused at once, not one timing run of the target.
    assert.equal(out.evidence.stopped, 'guardrail');
    assert.deepEqual(out.evidence.runs, { target: 0, guardrails: { 'suite-pass-rate': 1 } });
    assert.deepEqual(out.evidence.samples.baseline, []);
    assert.equal(g.status, 'broken');
    assert.equal(g.flips!.mcnemarPValue, 2 * 0.5 ** 10);
    assert.match(out.experiment.reason!, /McNemar p=0\.002; 10 cases flipped to fail: case1, case2, case3, case4, case5 and 5 more/);
  });

  it('a candidate that edits its own benchmark is flagged and, even with autoImprove on, left pending', async () => {
    const { dir, engine, config } = await setup({ autoImprove: true });
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'report less' });
    const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: TAMPER_PATCH }, folder: dir, config, isTrusted: trusted, budget: { maxSamplesPerArm: 8 } });
    assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
    assert.deepEqual(out.evidence.tamperFlags.map((f) => f.file), ['bench.js']);
    assert.match(out.evidence.tamperFlags[0]!.reasons.join(' '), /named in the probe command/);
    assert.match(out.experiment.reason!, /Flagged: .*bench\.js.*never be applied automatically/);
    assert.equal(out.improvements.length, 1);
    assert.equal(out.improvements[0]!.status, 'pending', 'never auto-applied');
    assert.match(readFileSync(path.join(dir, 'bench.js'), 'utf8'), /\(Date\.now\(\) - t\)\)/, 'the user file is unchanged');
    assert.ok(engine.getAuditTrail({ entity: 'experiment', entityId: exp.id }).some((e) => (e.details?.tamperFlags as string[] | undefined)?.includes('bench.js')));
  });

  it('a pass/fail suite as target: flips both ways are paired (McNemar) and named', async () => {
    const { dir, engine, config } = await setup({ failing: ['case1'] });
    const exp = engine.createExperiment({ capabilityName: 'suite-pass-rate', name: 'swap a failure' });
    const patch = linePatch('cases.js', 'module.exports = { failing: ["case1"] };', 'module.exports = { failing: ["case2"] };');
    const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch }, folder: dir, config, isTrusted: trusted, budget: { maxSamplesPerArm: 6 } });
    assert.notEqual(out.experiment.verdict, 'success');
    assert.equal(out.evidence.flips.length, 1);
    const f = out.evidence.flips[0]!;
    assert.equal(f.capability, 'suite-pass-rate');
    assert.deepEqual(f.toPass, ['case1']);
    assert.deepEqual(f.toFail, ['case2']);
    assert.equal(f.matched, 200);
    assert.equal(f.pValue, 1, 'one flip each way: no evidence of a change');
  });

  it('refuses in an untrusted workspace before anything is spawned or recorded', async () => {
    const { dir, engine, config } = await setup();
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'untrusted' });
    await assert.rejects(runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, folder: dir, config, isTrusted: () => false }),
      (e: unknown) => e instanceof UntrustedWorkspaceError && /Manage Workspace Trust/.test(e.message));
    assert.equal(engine.getExperiment(exp.id).status, 'planned');
  });

  it('a pending improvement as candidate: measured as a files candidate, no second proposal', async () => {
    const { dir, engine, config } = await setup();
    const imp = await engine.applyImprovement({ name: 'shorter delay', filePath: 'config.js', newCode: 'module.exports = { delayMs: 5 };\n' });
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'measure the proposal' });
    const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'improvement', improvementId: imp.id }, folder: dir, config, isTrusted: trusted, budget: { maxSamplesPerArm: 8 } });
    assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
    assert.deepEqual(out.evidence.changedFiles, ['config.js']);
    assert.deepEqual(out.evidence.improvementIds, [imp.id]);
    assert.equal(engine.listImprovements().length, 1);
  });

  it('a patch that does not apply fails the experiment with the reason, keeping it recorded', async () => {
    const { dir, engine, config } = await setup();
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'stale patch' });
    const bad = linePatch('config.js', 'module.exports = { delayMs: 999 };', 'module.exports = { delayMs: 1 };');
    await assert.rejects(runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: bad }, folder: dir, config, isTrusted: trusted }), /does not apply/);
    const failed = engine.getExperiment(exp.id);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /does not apply/);
  });
});
