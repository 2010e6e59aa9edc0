import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/engine/config';
import { guardCapabilities } from '../../../src/engine/loop/guardrailSetup';
import { judgePairedGuardrail } from '../../../src/engine/verdicts/pairedGuardrail';
import { seededUniform } from '../../../src/engine/verdicts/random';
import { SequentialExperiment } from '../../../src/engine/verdicts/sequentialExperiment';
import { normal } from './gen';

const config = (suiteProbe: string, extra = ', "parse": { "format": "wall-time" }') => `{ "capabilities": [
  { "name": "build-ms", "type": "efficiency", "direction": "lower", "baseline": 100, "target": 50, "probe": { "command": "node bench.js"${extra} } },
  { "name": "suite-pass-rate", "type": "output_quality", "baseline": 1, "target": 1, "probe": ${suiteProbe}, "guardrail": { "margin": 0.02 } } ] }`;

describe('verdicts / a flaky pass/fail suite ("deterministic": false) is sampled like a timing', () => {
  it('a suite is in the cascade by default; "deterministic": false moves it to the sampled guardrails', () => {
    const plain = parseConfig(config('{ "command": "node suite.js", "parse": { "format": "tap" } }'));
    assert.deepEqual(plain.diagnostics, []);
    const byDefault = guardCapabilities(plain.config!, 'build-ms');
    assert.deepEqual([byDefault.suites.map((c) => c.name), byDefault.timed.map((c) => c.name)], [['suite-pass-rate'], []]);
    const flaky = parseConfig(config('{ "command": "node suite.js", "parse": { "format": "tap" }, "deterministic": false }'));
    assert.deepEqual(flaky.diagnostics, []);
    assert.equal(flaky.config!.capabilities[1]!.probe!.deterministic, false);
    const sampled = guardCapabilities(flaky.config!, 'build-ms');
    assert.deepEqual([sampled.suites.map((c) => c.name), sampled.timed.map((c) => c.name)], [[], ['suite-pass-rate']]);
  });

  it('validates it: a boolean (schema), and a warning where it changes nothing (not a suite format)', () => {
    const wrong = parseConfig(config('{ "command": "node suite.js", "parse": { "format": "tap" }, "deterministic": "no" }'));
    assert.ok(wrong.diagnostics.some((d) => d.severity === 'error' && d.path.includes('deterministic')), JSON.stringify(wrong.diagnostics));
    const timing = parseConfig(config('{ "command": "node suite.js", "parse": { "format": "tap" } }', ', "parse": { "format": "wall-time" }, "deterministic": false'));
    const w = timing.diagnostics.find((d) => d.path === 'capabilities[0].probe.deterministic');
    assert.ok(w && w.severity === 'warning', JSON.stringify(timing.diagnostics));
    assert.match(w.message, /only changes pass\/fail suites/);
  });

  it('an unchanged suite whose cases flake 2 % of runs: one run per arm refuses often, sampling almost never (seeded)', () => {
    const u = seededUniform(77);
    const rnd = normal(78);
    const run = () => Array.from({ length: 200 }, (_, i) => ({ id: `case${i + 1}`, pass: u() >= 0.02 }));
    const N = 400;
    let onceRefused = 0;
    let sampledRefused = 0;
    for (let k = 0; k < N; k++) {
      if (judgePairedGuardrail({ name: 'suite-pass-rate', baselineCases: run(), candidateCases: run(), margin: { fraction: 0.02 }, deterministic: true }).status === 'broken') onceRefused++;
      const e = new SequentialExperiment({
        target: { name: 'build-ms', direction: 'lower', threshold: 0.15 },
        guardrails: [{ name: 'suite-pass-rate', direction: 'higher', margin: { fraction: 0.02 } }], maxSamplesPerArm: 20,
      });
      const t = { baseline: [] as number[], candidate: [] as number[] };
      const g = { baseline: [] as number[], candidate: [] as number[] };
      let next = { target: true, guardrails: ['suite-pass-rate'] };
      for (;;) {
        if (next.target) { t.baseline.push(rnd(100, 10)); t.candidate.push(rnd(75, 10)); }
        if (next.guardrails.length) {
          const rate = (cases: { pass: boolean }[]) => cases.filter((c) => c.pass).length / cases.length;
          g.baseline.push(rate(run())); g.candidate.push(rate(run()));
        }
        const look = e.look({ target: t, guardrails: { 'suite-pass-rate': g } });
        if (look.stop) { if (look.verdict!.verdict === 'refused') sampledRefused++; break; }
        next = look.next;
      }
    }
    assert.ok(onceRefused / N > 0.03, `one run per arm refused ${onceRefused / N}`);
    assert.ok(sampledRefused / N <= 0.01, `sampled refused ${sampledRefused / N}`);
  });
});
