import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { changeCheckPlanText, changeCheckTargets, planChangeCheck, runChangeCheck, syncCapabilitiesFromConfig, uncommittedChanges, type ChangeCheckProgress } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, makeLoopProject, removeProject } from './fixture';

const NO_PROBE = CONFIG.replace(/"probe": \{ "command": "node suite.js"[^}]*\}[^}]*\}, /, '');

describe('loop: "Is my change better?" (the working tree against HEAD)', function () {
  this.timeout(90000);
  const made: string[] = [];
  const engines: SelfImprovementEngine[] = [];
  after(async () => { for (const e of engines) await e.close(); for (const d of made) removeProject(d); });
  async function setup() {
    const dir = makeLoopProject();
    made.push(dir);
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(3), autoImprove: false });
    engines.push(engine);
    const parsed = parseConfig(CONFIG);
    syncCapabilitiesFromConfig(engine, parsed, dir);
    return { dir, engine, config: parsed.config! };
  }

  it('targets: the one named (refused without a probe, with the next step), else every capability with a probe', () => {
    const config = parseConfig(CONFIG).config!;
    assert.deepEqual(changeCheckTargets(config).map((c) => c.name), ['bench-ms', 'suite-pass-rate']);
    assert.deepEqual(changeCheckTargets(config, 'bench-ms').map((c) => c.name), ['bench-ms']);
    const bare = parseConfig(NO_PROBE).config!;
    assert.equal(bare.capabilities.find((c) => c.name === 'suite-pass-rate')!.probe, null, 'fixture: the suite has no probe');
    assert.throws(() => changeCheckTargets(bare, 'suite-pass-rate'), (e: { next?: string; message: string }) => e.next === 'add-probe' && /has no probe/.test(e.message));
    assert.throws(() => changeCheckTargets(bare, 'ghost'), (e: { next?: string }) => e.next === 'add-probe');
  });

  it('a tree equal to HEAD, or one where only the config file changed: "no uncommitted changes", nothing runs', async () => {
    const { dir, engine, config } = await setup();
    assert.deepEqual(await uncommittedChanges(dir), []);
    await assert.rejects(planChangeCheck(engine, dir, config), (e: { next?: string; message: string }) => e.next === 'edit' && /no uncommitted changes/.test(e.message));
    writeFileSync(path.join(dir, '.vscode', 'self-improvement.json'), CONFIG.replace('0.15', '0.2'));
    assert.deepEqual(await uncommittedChanges(dir), [], 'the config file is not a change');
    await assert.rejects(planChangeCheck(engine, dir, config), /no uncommitted changes/);
    assert.equal(engine.listExperiments().length, 0);
  });

  it('plans each capability (runs, guardrails, time) and runs them with counted progress; a real speed-up is a success', async () => {
    const { dir, engine, config } = await setup();
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = { delayMs: 5 };\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');
    const plan = await planChangeCheck(engine, dir, config, { capability: 'bench-ms', budget: { maxSamplesPerArm: 8 } });
    assert.deepEqual(plan.changed, ['config.js', 'notes.txt']);
    assert.equal(plan.items.length, 1);
    assert.deepEqual(plan.items[0]!.guardrails, ['suite-pass-rate']);
    assert.equal(plan.maxRuns, 16);
    const text = changeCheckPlanText(plan);
    assert.match(text, /config\.js, notes\.txt/);
    assert.match(text, /bench-ms: \d+ runs per arm/);
    assert.match(text, /guardrails suite-pass-rate/);
    assert.match(text, /time unknown until each probe has run once/);
    const seen: ChangeCheckProgress[] = [];
    const [out] = await runChangeCheck(engine, plan, { folder: dir, config, isTrusted: () => true, budget: { maxSamplesPerArm: 8 }, onProgress: (p) => seen.push(p) });
    assert.equal(out!.experiment.verdict, 'success', out!.evidence.reason);
    assert.equal(out!.evidence.candidate.kind, 'working-tree');
    const counted = seen.filter((p) => /run \d+ of \d+/.test(p.message));
    assert.ok(counted.length > 0);
    assert.ok(counted.some((p) => p.run === 1) && counted.every((p) => p.run <= p.of), counted.map((p) => p.message).join('\n'));
  });
});
