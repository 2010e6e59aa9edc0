import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { experimentThreshold, planExperiment, runExperiment, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { openEngine, seededRandom } from '../engine/helpers';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from './fixture';

const withThreshold = (t: number | null): string =>
  t === null ? CONFIG.replace('"improvementThreshold": 0.15,\n', '') : CONFIG.replace('"improvementThreshold": 0.15', `"improvementThreshold": ${t}`);

describe('loop: the folder config’s improvementThreshold', () => {
  it('experimentThreshold: the config’s value when set, else the engine’s', () => {
    const engine = { improvementThreshold: 0.15 };
    assert.equal(experimentThreshold(engine, { improvementThreshold: 0.4 }), 0.4);
    assert.equal(experimentThreshold(engine, { improvementThreshold: 0 }), 0, 'zero is a setting, not "unset"');
    assert.equal(experimentThreshold(engine, { improvementThreshold: null }), 0.15);
    assert.equal(experimentThreshold(engine, null), 0.15);
    assert.equal(experimentThreshold(engine), 0.15);
    assert.equal(parseConfig(withThreshold(0.4)).config!.improvementThreshold, 0.4);
    assert.equal(parseConfig(withThreshold(null)).config!.improvementThreshold, null);
  });

  it('planExperiment plans (and reports) at the config’s threshold: a smaller one needs more samples', async () => {
    const { engine } = await openEngine();
    try {
      const parsed = parseConfig(withThreshold(0.05));
      syncCapabilitiesFromConfig(engine, parsed, '/folder');
      engine.recordNoise('bench-ms', { n: 10, mean: 40, sd: 2, cv: 0.05, aaPValue: 0.6, warning: null, probeSeconds: 0.05 });
      const cap = parsed.config!.capabilities.find((c) => c.name === 'bench-ms')!;
      const atEngine = planExperiment(engine, cap, { maxSamplesPerArm: 200 });
      const atConfig = planExperiment(engine, cap, { maxSamplesPerArm: 200 }, { config: parsed.config });
      assert.equal(atEngine.threshold, 0.15);
      assert.equal(atConfig.threshold, 0.05);
      assert.ok(atConfig.samplesPerArm > atEngine.samplesPerArm, `${atConfig.samplesPerArm} > ${atEngine.samplesPerArm}`);
      assert.match(atConfig.basis, /detect a 5 % change/);
      const unset = parseConfig(withThreshold(null)).config!;
      assert.equal(planExperiment(engine, cap, {}, { config: unset }).threshold, 0.15);
    } finally { await engine.close(); }
  });

  it('runExperiment judges at the config’s threshold: a 100 → 5 ms speed-up is no success when the folder asks for 99 %', async function () {
    this.timeout(60000);
    const dir = makeLoopProject();
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(7), improvementThreshold: 0.15 });
    try {
      const parsed = parseConfig(withThreshold(0.99));
      syncCapabilitiesFromConfig(engine, parsed, dir);
      const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' });
      const out = await runExperiment(engine, {
        experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, folder: dir, config: parsed.config!,
        isTrusted: () => true, budget: { maxSamplesPerArm: 8 },
      });
      assert.equal(out.evidence.threshold, 0.99);
      assert.equal(out.plan.threshold, 0.99);
      assert.notEqual(out.experiment.verdict, 'success', out.evidence.reason);
      assert.equal(out.improvements.length, 0);
      assert.equal(engine.improvementThreshold, 0.15, 'the engine’s own threshold is unchanged');
    } finally { await engine.close(); removeProject(dir); }
  });
});
