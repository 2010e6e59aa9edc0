import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { runExperiment, runMoreOffer, runMoreSamples, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from './fixture';

// A timing guardrail far noisier than its 1 % margin: a handful of runs cannot show it held or broke.
const NOISY = CONFIG.replace(/\n  \]\n\}\n$/, `,
    { "name": "parse-ms", "type": "efficiency", "direction": "lower", "baseline": 100, "target": 100, "unit": "ms", "guardrail": { "margin": 0.01 },
      "probe": { "command": "node -e \\"console.log(100 + Math.floor(Math.random() * 37))\\"", "parse": { "format": "number" } } }
  ]
}
`);

describe('loop: a guardrail not yet known is inconclusive, never refused', function () {
  this.timeout(120000);
  it('a clear target win with an unknown timing guardrail: inconclusive with what Run More Samples needs; the follow-up measures the same patch with twice the budget', async () => {
    const parsed = parseConfig(NOISY);
    assert.ok(parsed.config, JSON.stringify(parsed.diagnostics));
    const dir = makeLoopProject({ config: NOISY });
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(9) });
    try {
      syncCapabilitiesFromConfig(engine, parsed, dir);
      const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' });
      const base = { folder: dir, config: parsed.config, isTrusted: () => true };
      const out = await runExperiment(engine, { ...base, experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, budget: { maxSamplesPerArm: 7 } });
      assert.equal(out.experiment.verdict, 'inconclusive', out.evidence.reason);
      assert.equal(out.evidence.stopped, 'budget');
      const parse = out.evidence.guardrails.find((g) => g.capability === 'parse-ms')!;
      assert.equal(parse.status, 'unknown', parse.reason);
      assert.equal(parse.runsPerArm, 7, 'sampled interleaved with the target up to the budget');
      assert.equal(out.evidence.guardrails.find((g) => g.capability === 'suite-pass-rate')!.status, 'held');
      assert.match(out.experiment.reason!, /^bench-ms improved \d+(\.\d+)? % \(always-valid p < 0\.001, 6 pairs\), reaching its 15 % threshold, but parse-ms .*not yet known whether it stayed within its 1 % margin .*inconclusive, not refused — run more samples/);
      assert.equal(out.evidence.runs!.target, 6, 'the target stopped sampling once clear; the guardrail went on');
      assert.deepEqual(out.evidence.runMore, {
        candidate: { kind: 'patch', patch: FASTER_PATCH }, capability: 'bench-ms', maxSamplesPerArm: 14,
        open: { target: false, guardrails: ['parse-ms'] }, reason: out.evidence.runMore!.reason,
      });
      assert.deepEqual(runMoreOffer(engine, exp.id), { maxSamplesPerArm: 14, reason: out.evidence.runMore!.reason });
      assert.equal(out.improvements.length, 0, 'nothing is proposed while a guardrail is unknown');

      const more = await runMoreSamples(engine, { ...base, experimentId: exp.id, maxSamplesPerArm: 8 });
      assert.notEqual(more.experiment.id, exp.id, 'a follow-up experiment; the first record stays');
      assert.equal(more.experiment.name, 'shorter delay (more samples)');
      assert.equal(more.evidence.plan.maxSamplesPerArm, 8);
      assert.deepEqual(more.evidence.changedFiles, ['config.js']);
      assert.notEqual(more.experiment.verdict, 'refused', more.evidence.reason);
      assert.equal(engine.getExperiment(exp.id).verdict, 'inconclusive');
      await assert.rejects(runMoreSamples(engine, { ...base, experimentId: engine.createExperiment({ capabilityName: 'bench-ms', name: 'x' }).id }), /has nothing left open to sample/);
    } finally {
      await engine.close();
      removeProject(dir);
    }
  });
});
