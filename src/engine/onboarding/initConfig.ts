// `init`: the detected capabilities, each probe run once to take its baseline, written as a config file
// text. Nothing is written here (the adapter writes the file, after the person agreed or passed --yes).
import { measureProbe } from '../probes/measureProbe';
import { parseConfig } from '../config/parseConfig';
import { CONFIG_FILE } from '../config/types';
import { detectCapabilities, type ProposedCapability } from './detect';

export interface InitPlan {
  folder: string;
  /** The config file's text; null when nothing could be proposed. */
  text: string | null;
  capabilities: { name: string; baseline: number; target: number; unit: string; command: string; why: string }[];
  /** Proposals dropped because their first run failed (with why). */
  failed: { name: string; message: string }[];
  /** What was looked at without finding anything. */
  looked: string[];
}

const round = (x: number): number => Number(x.toPrecision(4));

function targetOf(p: ProposedCapability, baseline: number): number {
  return 'absolute' in p.target ? p.target.absolute : round(baseline * p.target.relativeToBaseline);
}

function configText(entries: { p: ProposedCapability; baseline: number }[]): string {
  const capabilities = entries.map(({ p, baseline }) => ({
    name: p.name, type: p.type, description: p.description, baseline: round(baseline), target: targetOf(p, baseline), unit: p.unit, direction: p.direction, probe: p.probe,
  }));
  return `// Capabilities of this folder for the Self-Improvement Engine (written by \`self-improvement init\`).\n// Baselines are the first measurement; adjust targets to what you want to reach.\n${JSON.stringify({ capabilities }, null, 2)}\n`;
}

/** Detects, runs each proposed probe once (its baseline), and returns the config text to write. */
export async function planInit(folder: string, options: { isTrusted: () => boolean; signal?: AbortSignal; onProgress?: (message: string) => void }): Promise<InitPlan> {
  const detection = await detectCapabilities(folder);
  const kept: { p: ProposedCapability; baseline: number }[] = [];
  const failed: InitPlan['failed'] = [];
  for (const p of detection.proposals) {
    // The probe resolved with every default, exactly as the written file will give it.
    const parsed = parseConfig(configText([{ p, baseline: 0 }]));
    const probe = parsed.config?.capabilities[0]?.probe;
    if (!probe) { failed.push({ name: p.name, message: parsed.diagnostics.map((d) => d.message).join('; ') }); continue; }
    options.onProgress?.(`${p.name}: running ${probe.command} for its baseline`);
    try {
      const m = await measureProbe(probe, { cwd: folder, isTrusted: options.isTrusted, signal: options.signal });
      const baseline = m.samples.reduce((a, b) => a + b, 0) / m.samples.length;
      kept.push({ p, baseline });
    } catch (error) {
      failed.push({ name: p.name, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return {
    folder, text: kept.length ? configText(kept) : null, failed, looked: detection.looked,
    capabilities: kept.map(({ p, baseline }) => ({ name: p.name, baseline: round(baseline), target: targetOf(p, baseline), unit: p.unit, command: p.probe.command, why: p.why })),
  };
}

export { CONFIG_FILE };
