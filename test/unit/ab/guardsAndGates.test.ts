import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { runAbExperiment, type AbProgress } from '../../../src/engine/ab';
import type { ProbeSpec } from '../../../src/engine/probes';
import { FASTER_PATCH, makeProject } from './fixtureRepo';

const probe: ProbeSpec = { command: 'node bench.js', parse: { format: 'regex', regex: 'elapsed: (\\d+)' }, timeoutSeconds: 20 };
const constant: ProbeSpec = { command: 'node -e "console.log(7)"', parse: { format: 'number' } };
const suite: ProbeSpec = { command: 'node -e "console.log(\'TAP version 13\\n1..2\\nok 1 - a\\nok 2 - b\')"', parse: { format: 'tap' } };
const failsWithCandidate: ProbeSpec = { command: 'node -e "if (process.env.SELF_IMPROVEMENT_ARM !== \'candidate\') console.log(1)"', parse: { format: 'number' } };
const trusted = (): boolean => true;

describe('A/B runner: gates first, guardrails interleaved', function () {
  this.timeout(60000);
  const made: string[] = [];
  after(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });

  it('runs each gate once per arm before any target run; afterGates true ends the run with no timing run', async () => {
    const dir = makeProject({ git: true }); made.push(dir);
    const order: string[] = [];
    const r = await runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 3, isTrusted: trusted,
      gates: [{ name: 'suite', probe: suite }], afterGates: (g) => { order.push(`gate:${g.suite!.baselineCases!.length}+${g.suite!.candidateCases!.length}`); return true; },
      onProgress: (p: AbProgress) => { if (p.phase === 'run') order.push(p.message.startsWith('suite: ') ? `suite-${p.arm}` : `target-${p.arm}`); },
    });
    assert.deepEqual(order, ['suite-baseline', 'suite-candidate', 'gate:1+1']);
    assert.equal(r.stopped, 'gate');
    assert.deepEqual([r.baseline, r.candidate], [[], []]);
    assert.equal(r.gates.suite!.candidateCases!.length, 1);
    assert.deepEqual(r.gates.suite!.candidateCases![0]!.map((c) => c.pass), [true, true]);
    assert.equal(r.gates.suite!.durationsMs.baseline.length, 1);
  });

  it('interleaves guardrail pairs after the target pair, skips what the rule no longer asks for, and records a guardrail probe failure without ending the run', async () => {
    const dir = makeProject({ git: true }); made.push(dir);
    const order: string[] = [];
    let looks = 0;
    const r = await runAbExperiment({
      folder: dir, candidate: { kind: 'patch', patch: FASTER_PATCH }, probe, samplesPerArm: 2, maxSamplesPerArm: 4, isTrusted: trusted,
      guards: [{ name: 'const', probe: constant }, { name: 'breaks', probe: failsWithCandidate }],
      shouldStop: (s) => { looks++; assert.equal(s.target.perRun.baseline.length, s.baseline.length); return { stop: looks === 2, target: false, guards: ['const', 'breaks'] }; },
      onProgress: (p: AbProgress) => { if (p.phase === 'run') order.push(`${p.message.split(':')[0]!.replace(/ run.*/, '')}`); },
    });
    assert.equal(r.stopped, 'rule');
    // Two target pairs before the first look, then only the guardrails ("breaks" ended at its first candidate run).
    assert.equal(r.baseline.length, 2);
    assert.deepEqual(r.guards.const!.perRun, { baseline: [7, 7, 7], candidate: [7, 7, 7] });
    assert.equal(r.guards.breaks!.error!.arm, 'candidate');
    assert.match(r.guards.breaks!.error!.message, /The candidate run 1 of breaks failed/);
    assert.equal(r.guards.breaks!.perRun.baseline.length, 1);
    assert.deepEqual(order.slice(0, 5), ['baseline', 'candidate', 'const', 'const', 'breaks']);
  });
});
