// evidence.distributed (a run on the team's workers) through the one evidence formatter: Markdown and text.
import * as assert from 'node:assert/strict';
import type { ExperimentEvidence } from '../../../src/engine/types';
import { evidenceMarkdown } from '../../../src/engine/loop/evidenceMarkdown';
import { evidenceText } from '../../../src/engine/loop/evidenceText';

const base: ExperimentEvidence = {
  candidate: { kind: 'patch', description: 'patch run on 2 machine(s)' }, target: 'bench-ms', verdict: 'success', reason: 'The candidate is 50.0 % better.',
  effect: null, firstEffect: null, confirmed: false, samples: { baseline: [], candidate: [] }, sequential: null, guardrails: [], multiplicity: null, flips: [],
  tamperFlags: [], changedFiles: [], plan: { samplesPerArm: 9, maxSamplesPerArm: 9, maxMinutes: null, expectedSeconds: null, basis: '3 blocks × 3 pairs, distributed', warning: null },
  stopped: 'fixed', durationMs: 5000, alpha: 0.05, threshold: 0.15, improvementIds: [], notProposed: [], log: [],
};

describe('evidence formatter: a distributed run', () => {
  const ev: ExperimentEvidence = {
    ...base,
    distributed: {
      runId: 'run-1', scale: 'log-ratio',
      blocks: [
        { index: 0, machine: 'fast-a', workerId: 'aaaaaaaa-1111', attempt: 1, pairs: 3, baselineMean: 60, candidateMean: 30 },
        { index: 1, machine: 'slow-b', workerId: 'bbbbbbbb-2222', attempt: 1, pairs: 3, baselineMean: 120, candidateMean: 60 },
        { index: 2, machine: 'fast-a', workerId: 'aaaaaaaa-1111', attempt: 2, pairs: 3, baselineMean: 61, candidateMean: 31 },
      ],
      lostAttempts: [{ index: 2, machine: 'victim', workerId: 'cccccccc-3333', attempt: 1, outcome: 'lost' }],
      machines: [
        { machine: 'fast-a', blocks: 2, pairs: 6, mean: Math.log(0.5), variance: 0.001, weight: 6 / 9, baselineMean: 60.5, candidateMean: 30.5 },
        { machine: 'slow-b', blocks: 1, pairs: 3, mean: Math.log(0.5), variance: 0.002, weight: 3 / 9, baselineMean: 120, candidateMean: 60 },
      ],
    },
  };

  it('Markdown: which machine ran which block, the lost attempt, and the analysis blocked by machine', () => {
    const md = evidenceMarkdown('faster', ev);
    assert.match(md, /## Distributed run\n\n3 blocks \(9 pairs\) on 2 machines, each block both arms on one machine; analysed blocked by machine \(per-pair log ratio, so a machine's speed cancels\); 1 attempt lost and retried elsewhere, never counted\.\n/);
    assert.match(md, /- fast-a: 2 blocks, 6 pairs, baseline 60\.50 → candidate 30\.50, change -50\.0 %, weight 67 %/);
    assert.match(md, /- slow-b: 1 block, 3 pairs, baseline 120\.0 → candidate 60\.00, change -50\.0 %, weight 33 %/);
    assert.match(md, /- block 1: slow-b \(worker bbbbbbbb, attempt 1\), 3 pairs/);
    assert.match(md, /- block 2: attempt 1 on victim \(worker cccccccc\) lost: the worker stopped mid-block; retried elsewhere/);
    assert.match(md, /- block 2: fast-a \(worker aaaaaaaa, attempt 2\)/);
    assert.match(md, /## Guardrails\n\n- not measured: this distributed run predates guardrails on the workers/, 'stored evidence of a target-only run never reads "none measured" as if there were none to measure');
    const now = evidenceMarkdown('faster', { ...ev, distributed: { ...ev.distributed!, waves: [2, 1], cascade: { machine: 'slow-b', workerId: 'bbbbbbbb-2222', attempt: 1 } } });
    assert.match(now, /blocked by machine \(per-pair log ratio, so a machine's speed cancels\); in 2 waves \(2 \+ 1 blocks\); the suites once per arm first, on slow-b; 1 attempt lost/);
    assert.match(now, /; 1 attempt lost and retried elsewhere, never counted; judged by the local loop's rules: pass\/fail suites once per arm in a cascade pre-block, /);
    assert.match(now, /## Guardrails\n\n- none measured \(no other capability has a probe\)/);
  });

  it('text for models: one line with the machines', () => {
    const text = evidenceText({ id: 4, name: 'faster' }, ev, () => '');
    assert.match(text, /^Distributed: 3 blocks \(9 pairs\) on 2 machines, .*Machines: fast-a: 2 blocks, .*; slow-b: 1 block, .*\.$/m);
    const now = evidenceText({ id: 4, name: 'faster' }, { ...ev, distributed: { ...ev.distributed!, waves: [3] } }, () => '');
    assert.match(now, /^Distributed: .* Judged by the local loop's rules: pass\/fail suites once per arm/m);
  });

  it('a confirmation run on fresh blocks is shown beside the first', () => {
    const d = ev.distributed!;
    const confirmed: ExperimentEvidence = {
      ...ev, confirmed: true,
      distributed: { ...d, confirmation: { runId: 'run-2', scale: 'log-ratio', blocks: [{ ...d.blocks[0], index: 0, machine: 'slow-b', workerId: 'bbbbbbbb-2222' }], lostAttempts: [], machines: [d.machines[1]] } },
    };
    const md = evidenceMarkdown('faster', confirmed);
    assert.match(md, /\*\*Verdict: success \(confirmed on fresh samples\)\*\*/);
    assert.match(md, /### Confirmation run\n\n1 block \(3 pairs\) on 1 machine, each block both arms on one machine; analysed blocked by machine \(per-pair log ratio, so a machine's speed cancels\)\n\n- slow-b: 1 block, 3 pairs, .*\n- block 0: slow-b \(worker bbbbbbbb, attempt 1\)/);
    assert.doesNotMatch(evidenceMarkdown('faster', ev), /Confirmation run/);
  });

  it('a local run shows no distributed section', () => {
    assert.doesNotMatch(evidenceMarkdown('local', base), /Distributed run/);
    assert.doesNotMatch(evidenceText({ id: 1, name: 'local' }, base, () => ''), /Distributed/);
  });
});
