// Which experiment holds the drafting transcript of a measured candidate: the drafts of one request are
// kept on the experiment the loop started from (draftsKey), while its second and later drafts are
// measured as sibling experiments. The review queue links each entry to the transcript through this.
import type { SelfImprovementApi } from '../../engine/api';
import { draftsKey, type DraftRecord } from '../drafting/draftLoop';

export function transcriptExperimentOf(engine: Pick<SelfImprovementApi, 'getExperiment' | 'listExperiments' | 'getMetadata'>, experimentId: number): number | null {
  if (engine.getMetadata<DraftRecord[]>(draftsKey(experimentId))?.length) return experimentId;
  const { weaknessId } = engine.getExperiment(experimentId);
  for (const e of engine.listExperiments({ weaknessId })) {
    if (engine.getMetadata<DraftRecord[]>(draftsKey(e.id))?.some((r) => r.experimentId === experimentId)) return e.id;
  }
  return null;
}
