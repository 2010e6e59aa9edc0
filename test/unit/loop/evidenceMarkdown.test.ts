import * as assert from 'node:assert/strict';
import type { ExperimentEvidence } from '../../../src/engine/types';
import { evidenceMarkdown } from '../../../src/engine/loop/evidenceMarkdown';
import { evidenceText } from '../../../src/engine/loop/evidenceText';

const effect = (gain: number) => ({ capability: 'bench-ms', unit: 'ms', direction: 'lower' as const, baselineMean: 40, candidateMean: 40 - gain * 40,
  gain: gain * 40, relativeGain: gain, ci: [gain * 30, gain * 50] as [number, number], relativeCi: [gain * 0.75, gain * 1.25] as [number, number], pValue: 0.0004, n: { baseline: 6, candidate: 6 } });

describe('evidence formatter (Markdown for people, text for models)', () => {
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
    // Changed with issue 15: a flagged success used to read "success (confirmed by a fresh run)".
    assert.match(md, /\*\*Verdict: success — flagged: needs your review\*\*/);
    assert.ok(md.includes('shown (confirmation run): bench-ms: 40.00 → 5.20 ms — gain 87.0 % (95 % interval [65.3 %, 108.7 %]), p < 0.001, n = 6 + 6'), md);
    assert.match(md, /first run \(inflated by selection\): .*gain 90\.0 %/);
    assert.match(md, /✗ suite fell from 1\.00 to 0\.95/);
    assert.match(md, /to fail: case1, case2; to pass: none/);
    assert.match(md, /⚠ Tamper flags[\s\S]*`bench\.js`: named in the probe command/);
    assert.match(md, /stopped: the sequential rule saw a clear answer; took 12\.3 s/);
  });

  it('derives the interval level from α, reads stops, open guardrails, McNemar p and Run More Samples the same in Markdown and model text', () => {
    const ev: ExperimentEvidence = {
      candidate: { kind: 'patch', description: 'patch (config.js)' }, target: 'bench-ms', verdict: 'inconclusive', reason: 'bench-ms improved 87 %, but parse-ms: not yet known.',
      effect: { ...effect(0.5), paired: { method: 'paired: 10 % trimmed mean', pairs: 6, mean: 21, estimate: 20, fixedCi: [15, 25], fixedPValue: 0.0001, priorDf: 18 } }, firstEffect: null, confirmed: false,
      samples: { baseline: [40, 41], candidate: [20, 21] }, sequential: null,
      guardrails: [
        { capability: 'parse-ms', status: 'unknown', passed: false, reason: 'parse-ms went from 100 to 101: not yet known whether it stayed within its 1 % margin', pValue: 0.4, adjustedPValue: 0.5, marginUnits: 1, worseBy: 1, baselineMean: 100, candidateMean: 101 },
        { capability: 'suite', status: 'held', passed: true, reason: 'suite went from 1.00 to 1.00, within its 2 % margin (p=0.0001)', pValue: 0.0001, adjustedPValue: 0.0002, marginUnits: 0.02, worseBy: 0, baselineMean: 1, candidateMean: 1,
          flips: { toFail: [], toPass: [], mcnemarPValue: 1 } },
      ],
      multiplicity: null, flips: [], tamperFlags: [], changedFiles: ['config.js'],
      plan: { samplesPerArm: 8, maxSamplesPerArm: 7, maxMinutes: null, expectedSeconds: 1, basis: 'default of 8 per arm', warning: null },
      stopped: 'budget', runs: { target: 6, guardrails: { suite: 1, 'parse-ms': 7 } }, noise: ['bench-ms: the baseline drifted ...'],
      runMore: { candidate: { kind: 'patch', patch: 'x' }, capability: 'bench-ms', maxSamplesPerArm: 14, open: { target: false, guardrails: ['parse-ms'] }, reason: 'r' },
      durationMs: 1000, alpha: 0.01, threshold: 0.15, improvementIds: [], notProposed: [], log: [],
    };
    const md = evidenceMarkdown('faster', ev);
    assert.match(md, /\*\*Verdict: inconclusive — more samples needed\*\*/);
    assert.match(md, /gain 50\.0 % \(99 % always-valid interval \[37\.5 %, 62\.5 %\]\), p < 0\.001, 6 pairs/);
    assert.match(md, /analysis: paired: 10 % trimmed mean: estimate 20\.00 ms per pair \(plain mean 21\.00\), fixed-sample 99 % interval \[15\.00, 25\.00\] ms, A\/A calibration pooled in as a variance prior \(18 df\)/);
    assert.match(md, /- \? parse-ms went from 100 to 101: not yet known .*; BH-adjusted p 0\.5 — \*\*unknown\*\*/);
    assert.match(md, /- ✓ suite went from .*; McNemar p 1, flipped to fail: none; to pass: none — \*\*held\*\*/);
    assert.match(md, /## More samples needed\n\nNot refused: the guardrail parse-ms could not be judged within the budget\. "Run More Samples" measures the same candidate again with up to 14 runs per arm\./);
    assert.match(md, /stopped: the budget ran out; runs per arm: target 6, suite 1, parse-ms 7/);
    assert.match(md, /⚠ noise: bench-ms: the baseline drifted/);
    const text = evidenceText({ id: 4, name: 'faster' }, ev, () => 'x');
    assert.match(text, /^Experiment #4 "faster": verdict inconclusive — more samples needed; stopped: the budget ran out\./);
    assert.match(text, /99 % always-valid interval/);
    assert.doesNotMatch(text, /95 %/);
    assert.match(text, /UNKNOWN parse-ms went from/);
    assert.match(text, /More samples needed: measuring again with up to 14 runs per arm/);
    const flagged = evidenceText({ id: 5, name: 'f' }, { ...ev, verdict: 'success', confirmed: true, runMore: null, tamperFlags: [{ file: 'bench.js', reasons: ['x'] }] }, () => 'x');
    assert.match(flagged, /verdict success — flagged: needs your review;/);
  });
});
