import * as assert from 'node:assert/strict';
import type { ExperimentEvidence } from '../../../src/engine/types';
import { evidenceMarkdown } from '../../../src/engine/loop/evidenceMarkdown';

const effect = (gain: number) => ({ capability: 'bench-ms', unit: 'ms', direction: 'lower' as const, baselineMean: 40, candidateMean: 40 - gain * 40,
  gain: gain * 40, relativeGain: gain, ci: [gain * 30, gain * 50] as [number, number], relativeCi: [gain * 0.75, gain * 1.25] as [number, number], pValue: 0.0004, n: { baseline: 6, candidate: 6 } });

describe('evidenceMarkdown (the approver\'s view of an experiment)', () => {
  it('shows verdict, confirmed effect beside the first one, guardrails, flips, flags and the run', () => {
    const ev: ExperimentEvidence = {
      candidate: { kind: 'patch', description: 'patch (config.js)' }, target: 'bench-ms', verdict: 'success', reason: 'Confirmed by a fresh run: bench-ms improved 87 %.',
      effect: effect(0.87), firstEffect: effect(0.9), confirmed: true,
      samples: { baseline: [40, 41], candidate: [5, 6], confirmation: { baseline: [40], candidate: [5] } },
      sequential: { decision: 'stop-success', reason: 'Clear after 6+6 samples', pValue: 0.001, interval: [30, 40] },
      guardrails: [{ capability: 'suite', passed: false, reason: 'suite fell from 1.00 to 0.95, beyond its 2 % margin', pValue: 0.9, adjustedPValue: null, marginUnits: 0.02, worseBy: 0.05, baselineMean: 1, candidateMean: 0.95 }],
      multiplicity: null, flips: [{ capability: 'suite', pValue: 0.002, toFail: ['case1', 'case2'], toPass: [], matched: 200 }],
      tamperFlags: [{ file: 'bench.js', reasons: ['named in the probe command ("bench.js")'] }], changedFiles: ['bench.js'],
      plan: { samplesPerArm: 8, maxSamplesPerArm: 10, maxMinutes: null, expectedSeconds: 1, basis: 'default of 8 per arm', warning: null },
      stopped: 'rule', durationMs: 12345, alpha: 0.05, threshold: 0.15, improvementIds: [3], notProposed: [], log: [],
    };
    const md = evidenceMarkdown('faster', ev);
    assert.match(md, /\*\*Verdict: success\*\* \(confirmed by a fresh run\)/);
    assert.ok(md.includes('shown (confirmation run): bench-ms: 40.00 → 5.20 ms — gain 87.0 % (95 % interval [65.3 %, 108.7 %]), p < 0.001, n = 6 + 6'), md);
    assert.match(md, /first run \(inflated by selection\): .*gain 90\.0 %/);
    assert.match(md, /✗ suite fell from 1\.00 to 0\.95/);
    assert.match(md, /to fail: case1, case2; to pass: none/);
    assert.match(md, /⚠ Tamper flags[\s\S]*`bench\.js`: named in the probe command/);
    assert.match(md, /took 12\.3 s/);
  });
});
