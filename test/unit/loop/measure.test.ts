import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig, type SelfImprovementConfig } from '../../../src/engine/config';
import { UntrustedWorkspaceError } from '../../../src/engine/probes';
import { calibrateNoise, measureCapabilityWithProbe, noiseWarning, planExperiment, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, makeLoopProject, removeProject } from './fixture';

describe('loop: measuring with probes and calibrating noise', function () {
  this.timeout(60000);
  let dir: string;
  let engine: SelfImprovementEngine;
  let config: SelfImprovementConfig;
  beforeEach(async () => {
    dir = makeLoopProject({ failing: ['case7'] });
    engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(3) });
    config = parseConfig(CONFIG).config!;
    syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), dir);
  });
  afterEach(async () => { await engine.close(); removeProject(dir); });

  it('records every sample through the engine (weakness updates), with the probe context', async () => {
    const cap = config.capabilities.find((c) => c.name === 'bench-ms')!;
    const seen: number[] = [];
    const r = await measureCapabilityWithProbe(engine, cap, { folder: dir, isTrusted: () => true, onSample: (_s, i) => seen.push(i) });
    assert.equal(r.samples.length, 3);
    assert.deepEqual(seen, [0, 1, 2]);
    const ms = engine.getMeasurements('bench-ms');
    assert.equal(ms.length, 3);
    assert.deepEqual(ms.map((m) => m.value).sort(), [...r.samples].sort());
    assert.equal(ms[0]!.context?.command, 'node bench.js');
    assert.equal(typeof ms[0]!.context?.durationMs, 'number');
    assert.ok(r.samples.every((v) => v >= 38), `waits 40 ms: ${r.samples}`);
    // 40 ms against a target of 10 ms (lower is better): the automatic weakness opens.
    assert.ok(r.last.weakness, 'a weakness was opened');
    assert.equal(engine.listWeaknesses({ status: 'open' }).filter((w) => w.capabilityName === 'bench-ms').length, 1);
  });

  it('keeps per-case results of a suite probe, and records its pass rate', async () => {
    const cap = config.capabilities.find((c) => c.name === 'suite-pass-rate')!;
    const r = await measureCapabilityWithProbe(engine, cap, { folder: dir, isTrusted: () => true });
    assert.equal(r.samples[0], 199 / 200);
    assert.equal(r.combinedCases!.length, 200);
    assert.deepEqual(r.combinedCases!.filter((c) => !c.pass).map((c) => c.id), ['case7']);
    assert.deepEqual((engine.getMeasurements('suite-pass-rate')[0]!.context?.cases as { failing: string[] }).failing, ['case7']);
  });

  it('refuses to run when untrusted, recording nothing', async () => {
    const cap = config.capabilities[0]!;
    await assert.rejects(measureCapabilityWithProbe(engine, cap, { folder: dir, isTrusted: () => false }), UntrustedWorkspaceError);
    assert.equal(engine.getMeasurements(cap.name).length, 0);
  });

  it('calibrateNoise: an A/A run stores the spread, plans from it, and warns when the threshold is below what it can detect', async () => {
    const cap = config.capabilities.find((c) => c.name === 'bench-ms')!;
    assert.equal(engine.getNoise('bench-ms'), null);
    assert.match(planExperiment(engine, cap).basis, /default/);
    const r = await calibrateNoise(engine, cap, { folder: dir, isTrusted: () => true, samplesPerArm: 6 });
    const noise = engine.getNoise('bench-ms')!;
    assert.deepEqual(noise, r.noise);
    assert.equal(noise.n, 6);
    assert.ok(noise.mean >= 98 && noise.mean < 160, `mean ${noise.mean}`);
    assert.ok(noise.sd >= 0 && noise.sd < 10, `sd ${noise.sd}`);
    assert.ok(noise.probeSeconds! > 0.03);
    assert.equal(r.thresholdWarning, null, 'a 15 % threshold is well above this noise');
    const plan = planExperiment(engine, cap, { maxSamplesPerArm: 20 });
    assert.match(plan.basis, /calibrated spread/);
    assert.ok(plan.expectedSeconds! > 0);
    // A threshold far below the noise: the warning says so.
    engine.improvementThreshold = 0.0005;
    const w = noiseWarning(engine, 'bench-ms');
    if (noise.sd > 0) assert.match(w!, /bench-ms: a .* threshold is below the .* that this noise/);
    else assert.equal(w, null);
  });
});
