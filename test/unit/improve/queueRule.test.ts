import * as assert from 'node:assert/strict';
import { queueEntry, queueEntryLine, queueRefusal } from '../../../src/engine/improvements/reviewQueue';
import { CandidateArchive, archiveKind } from '../../../src/agents/improve/archive';
import { BudgetMeter } from '../../../src/agents/improve/budget';
import { patchFiles } from '../../../src/agents/improve/search';
import type { CodeImprovement, EvidenceGuardrail, ExperimentEvidence } from '../../../src/engine/types';

const guard = (capability: string, status: EvidenceGuardrail['status']): EvidenceGuardrail =>
  ({ capability, status, passed: status === 'held', reason: '', pValue: 0.01, adjustedPValue: null, marginUnits: 0.02, worseBy: 0, baselineMean: 1, candidateMean: 1 } as EvidenceGuardrail);

function evidence(over: Partial<ExperimentEvidence> = {}): ExperimentEvidence {
  return {
    verdict: 'success', confirmed: true, guardrails: [guard('suite', 'held')], tamperFlags: [],
    effect: { capability: 'score', unit: 'points', direction: 'higher', baselineMean: 10, candidateMean: 30, gain: 20, relativeGain: 2, ci: [18, 22], relativeCi: [1.8, 2.2], pValue: 0.001, n: { baseline: 6, candidate: 6 } },
    ...over,
  } as ExperimentEvidence;
}
const imp = (over: Partial<CodeImprovement> = {}): CodeImprovement => ({ id: 7, name: 'raise', filePath: 'config.js', experimentId: 3, status: 'pending', proposedBy: 'model-x', proposedAt: '2026-01-01T00:00:00Z', ...over } as CodeImprovement);

describe('improve: the review-queue rule (one place, in the engine)', () => {
  it('admits only a confirmed success with every guardrail held and nothing flagged', () => {
    assert.equal(queueRefusal(evidence()), null);
    assert.equal(queueRefusal(null), 'no measured evidence');
    assert.equal(queueRefusal(evidence({ verdict: 'inconclusive' })), 'verdict inconclusive');
    assert.equal(queueRefusal(evidence({ verdict: 'refused' })), 'verdict refused');
    assert.equal(queueRefusal(evidence({ confirmed: false })), 'not confirmed by a fresh run');
    assert.match(queueRefusal(evidence({ guardrails: [guard('suite', 'held'), guard('latency', 'unknown')] }))!, /not shown to hold: latency/);
    assert.match(queueRefusal(evidence({ guardrails: [guard('suite', 'broken')] }))!, /suite/);
    assert.match(queueRefusal(evidence({ tamperFlags: [{ file: 'bench.js', reasons: ['probe'] }] }))!, /flagged: changes bench\.js/);
  });

  it('an entry is a pending proposal with its effect, interval, guardrails and model; anything else is not', () => {
    const q = queueEntry(imp(), evidence())!;
    assert.deepEqual([q.improvementId, q.relativeGain, q.relativeCi, q.guardrails, q.proposedBy], [7, 2, [1.8, 2.2], [{ capability: 'suite', status: 'held' }], 'model-x']);
    assert.equal(queueEntryLine(q), '#7 config.js: +200.0 % score (interval +180.0 % to +220.0 %); guardrails held: suite; by model-x; experiment #3');
    assert.equal(queueEntry(imp({ status: 'applied' }), evidence()), null);
    assert.equal(queueEntry(imp({ experimentId: null }), evidence()), null);
    assert.equal(queueEntry(imp(), evidence({ confirmed: false })), null);
  });

  it('the archive keeps distinct successes and near misses and hands out the least-used parent', () => {
    assert.equal(archiveKind('success', null), 'success');
    assert.equal(archiveKind('inconclusive', 0.05), 'near');
    assert.equal(archiveKind('no_improvement', -0.01), 'none');
    assert.equal(archiveKind('regression', 0.2), 'none');
    const a = new CandidateArchive(2);
    const c = (patch: string, relativeGain: number | null, verdict: 'success' | 'inconclusive' = 'inconclusive') => ({ patch, verdict, reason: '', relativeGain, experimentId: patch.length });
    assert.equal(a.nextParent(1), null, 'an empty archive: a fresh start');
    assert.equal(a.add(1, c('p1', 0.1)), true);
    assert.equal(a.add(1, c(' p1 ', 0.1)), false, 'the same change (whitespace aside) is one entry');
    assert.equal(a.add(1, c('p22', 0.3)), true);
    assert.equal(a.add(1, c('p333', null, 'success')), true);
    assert.deepEqual(a.entries(1).map((e) => e.patch), ['p22', 'p333'], 'over capacity the weakest near miss goes, never a success');
    assert.deepEqual([a.nextParent(1)!.patch, a.nextParent(1)!.patch, a.nextParent(1)!.patch], ['p22', 'p333', 'p22']);
    assert.deepEqual(a.entries(2), []);
  });

  it('the budget meter names the first limit reached; patchFiles reads a diff\'s targets', () => {
    let now = 0;
    const m = new BudgetMeter({ requests: 3, tokens: 1000, minutes: 1, runs: 2 }, () => now);
    assert.equal(m.exhausted(), null);
    m.charge({ requests: 1, tokens: 400, runs: 1 });
    assert.equal(m.exhausted(), null);
    m.charge({ requests: 1, tokens: 100, runs: 1 });
    assert.equal(m.exhausted(), 'runs');
    const t = new BudgetMeter({ requests: 3, tokens: 1000, minutes: 1, runs: 2 }, () => now);
    now += 61_000;
    assert.equal(t.exhausted(), 'minutes');
    assert.deepEqual(patchFiles('--- a/x.js\n+++ b/x.js\n@@ -1 +1 @@\n-a\n+b\n--- a/old\n+++ /dev/null\n'), ['x.js']);
  });
});
