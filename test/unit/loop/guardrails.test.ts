import * as assert from 'node:assert/strict';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { planExperiment, runExperiment, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from './fixture';

// The fixture's two capabilities plus a constant one and one whose probe fails at HEAD.
const MORE = CONFIG.replace(/\n  \]\n\}\n$/, `,
    { "name": "constant", "type": "output_quality", "baseline": 1, "target": 1, "probe": { "command": "node -e \\"console.log(1)\\"", "parse": { "format": "number" } } },
    { "name": "broken-at-head", "type": "output_quality", "baseline": 1, "target": 1, "probe": { "command": "node -e \\"process.exit(3)\\"", "parse": { "format": "number" } } }
  ]
}
`);

describe('loop: several guardrails', function () {
  this.timeout(60000);
  it('all must hold (BH-adjusted p-values shown), and a guardrail failing at HEAD is noted, not held against the candidate', async () => {
    const parsed = parseConfig(MORE);
    assert.ok(parsed.config, JSON.stringify(parsed.diagnostics));
    const dir = makeLoopProject({ config: MORE });
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(5) });
    try {
      syncCapabilitiesFromConfig(engine, parsed, dir);
      const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' });
      const out = await runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, folder: dir, config: parsed.config, isTrusted: () => true, budget: { maxSamplesPerArm: 8 } });
      assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
      assert.deepEqual(out.evidence.guardrails.map((g) => [g.capability, g.passed]), [['suite-pass-rate', true], ['constant', true]]);
      assert.ok(out.evidence.guardrails.every((g) => g.adjustedPValue !== null && g.adjustedPValue >= (g.pValue ?? 0)));
      assert.match(out.evidence.multiplicity!, /intersection–union/);
      assert.match(out.experiment.reason!, /broken-at-head was not judged as a guardrail: its probe fails at HEAD/);
    } finally {
      await engine.close();
      removeProject(dir);
    }
  });

  it('plans: the default without calibration, a warning when the budget is below the minimum', async () => {
    const engine = await SelfImprovementEngine.open({ random: seededRandom(5) });
    try {
      const cap = parseConfig(CONFIG).config!.capabilities[0]!;
      syncCapabilitiesFromConfig(engine, parseConfig(CONFIG), '/x');
      const plan = planExperiment(engine, cap);
      assert.deepEqual([plan.samplesPerArm, plan.minSamplesPerArm, plan.maxSamplesPerArm, plan.expectedSeconds], [8, 6, 20, null]);
      assert.match(planExperiment(engine, cap, { maxSamplesPerArm: 4 }).warning!, /below the 6 a verdict needs/);
      engine.measureCapability(cap.name, 40, { durationMs: 500 });
      assert.equal(planExperiment(engine, cap).expectedSeconds, 8 * 2 * 0.5);
    } finally {
      await engine.close();
    }
  });
});
