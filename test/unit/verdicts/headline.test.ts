import assert from 'node:assert/strict';
import { experimentsTable } from '../../../src/engine/dashboard/experimentsTable';
import { experimentHeadline } from '../../../src/engine/loop/evidenceFormat';
import type { Experiment, ExperimentEvidence } from '../../../src/engine/types';

const experiment = (verdict: Experiment['verdict']): Experiment => ({
  id: 7, weaknessId: 1, approach: 'caching', name: 'cache the parse', hypothesis: 'h', methodology: 'm', expectedImprovement: 0.2,
  status: 'completed', actualImprovement: 0.3, verdict, reason: 'r', result: null, error: null, createdAt: '2026-12-01T00:00:00Z', startedAt: null, completedAt: null,
});
const evidence = (o: Partial<ExperimentEvidence>): ExperimentEvidence => ({ confirmed: true, tamperFlags: [], runMore: null, ...o } as ExperimentEvidence);

describe('verdicts / one headline for every list (trees, dashboard, report, agents)', () => {
  it('a flagged success reads "success — flagged: needs your review", from the evidence', () => {
    const flagged = evidence({ tamperFlags: [{ file: 'bench.js', reasons: ['the probe command runs it'] }] });
    assert.equal(experimentHeadline(experiment('success'), flagged), 'success — flagged: needs your review');
    assert.equal(experimentHeadline(experiment('success'), evidence({})), 'success (confirmed on fresh samples)');
    assert.equal(experimentHeadline(experiment('inconclusive'), evidence({ confirmed: false, runMore: { open: { target: true, guardrails: [] } } as never })), 'inconclusive — more samples needed');
  });

  it('without evidence (a hand-recorded test) the bare verdict in words; before a verdict, none', () => {
    assert.equal(experimentHeadline(experiment('no_improvement'), null), 'no improvement');
    assert.equal(experimentHeadline(experiment(null), null), null);
  });

  it('the dashboard\'s experiments table carries the same headline', () => {
    const flagged = evidence({ verdict: 'success', tamperFlags: [{ file: 'bench.js', reasons: ['x'] }], effect: null, guardrails: [], samples: { baseline: [], candidate: [] }, durationMs: 1 });
    const t = experimentsTable({ capabilities: [], experiments: [{ experiment: experiment('success'), evidence: flagged, capability: null }] });
    assert.equal(t.rows[0]!.headline, 'success — flagged: needs your review');
  });
});
