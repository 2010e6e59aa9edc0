// The files box's first value for an experiment: files likely involved, from its weakness, its target's
// probe and recent edits (files.ts), never the files that measure it (brief.ts).
import { readConfigFile } from '../../engine/config/readConfigFile';
import type { AgentContext } from '../operations';
import { draftBrief } from './brief';
import { suggestDraftFiles } from './files';

export async function suggestFilesForExperiment(ctx: AgentContext, experimentId: number): Promise<string[]> {
  const folder = ctx.folder;
  if (!folder) return [];
  const read = await readConfigFile(folder);
  const input = await ctx.read((e) => {
    const exp = e.getExperiment(experimentId);
    const w = e.getWeakness(exp.weaknessId);
    let probeCommand = '';
    let measuredBy: string[] = [];
    if (read.exists && read.config) {
      try { const b = draftBrief(e, read.config, experimentId); probeCommand = b.target.probeCommand; measuredBy = b.evaluatorFiles; } catch { /* no probe: suggest from the rest */ }
    }
    return { weaknessText: `${w.name}\n${w.description}\n${w.evidence.join('\n')}`, probeCommand, measuredBy };
  });
  return suggestDraftFiles(folder, input);
}
