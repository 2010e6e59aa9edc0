// The loop tools an MCP client needs to go from a new database to a verdict alone: sync the config,
// measure, calibrate noise, show evidence. Same engine functions as the CLI and the window.
import type { SelfImprovementApi } from '../engine/api';
import { readConfigFile } from '../engine/config/readConfigFile';
import { CONFIG_FILE, type CapabilityConfig, type SelfImprovementConfig } from '../engine/config/types';
import { folderKey } from '../engine/ci/folderKey';
import { calibrateNoise } from '../engine/loop/calibrate';
import { experimentHeadline } from '../engine/loop/evidenceFormat';
import { evidenceMarkdown } from '../engine/loop/evidenceMarkdown';
import { measureCapabilityWithProbe } from '../engine/loop/measure';
import { syncCapabilitiesFromConfig, type SyncResult } from '../engine/loop/sync';
import * as I from './inputs';
import type { AgentContext, ToolProgress } from './operations';

const fmt = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : Number(n.toPrecision(4)).toString());

async function folderConfig(ctx: AgentContext): Promise<{ folder: string; config: SelfImprovementConfig; parsed: Parameters<typeof syncCapabilitiesFromConfig>[1] }> {
  const folder = ctx.folder;
  if (!folder) throw new I.ToolInputError('No workspace folder is open, so there is no config file to read.');
  const read = await readConfigFile(folder);
  if (!read.exists) throw new I.ToolInputError(`${CONFIG_FILE} does not exist in ${folder}; declare capabilities (with probes) there first.`);
  if (!read.config) {
    throw new I.ToolInputError(`${CONFIG_FILE} has errors, so nothing was changed: ${read.diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.range.startLine + 1}: ${d.message}`).join('; ')}`);
  }
  return { folder, config: read.config, parsed: read };
}

function requireTrust(ctx: AgentContext, tool: string): void {
  if (ctx.isTrusted()) return;
  throw new I.ToolInputError(`${tool} is refused: it runs the folder's probe commands with your user's rights, and this ${ctx.agent === 'mcp' ? 'server' : 'workspace'} is not trusted to run them.${ctx.trustHint ? ` ${ctx.trustHint}` : ''}`);
}

function syncLine(s: SyncResult): string {
  const part = (label: string, names: string[]): string => `${names.length} ${label}${names.length ? ` (${names.join(', ')})` : ''}`;
  return `${part('added', s.added)}, ${part('updated', s.updated)}, ${part('archived', s.archived)}`;
}

function probed(config: SelfImprovementConfig, names: readonly string[]): CapabilityConfig[] {
  if (!names.length) {
    const all = config.capabilities.filter((c) => c.probe);
    if (!all.length) throw new I.ToolInputError(`No capability in ${CONFIG_FILE} has a probe, so there is nothing to run.`);
    return all;
  }
  return names.map((n) => {
    const cap = config.capabilities.find((c) => c.name === n);
    if (!cap) throw new I.ToolInputError(`"${n}" is not declared in ${CONFIG_FILE}. Declared: ${config.capabilities.map((c) => c.name).join(', ') || 'none'}.`);
    if (!cap.probe) throw new I.ToolInputError(`"${n}" has no probe in ${CONFIG_FILE}; its values arrive from elsewhere.`);
    return cap;
  });
}

function sync(engine: SelfImprovementApi, folder: string, parsed: Parameters<typeof syncCapabilitiesFromConfig>[1]): SyncResult {
  return syncCapabilitiesFromConfig(engine, parsed, folderKey(folder));
}

export async function syncConfig(ctx: AgentContext, raw: unknown): Promise<string> {
  I.parseSyncConfig(raw);
  const { folder, config, parsed } = await folderConfig(ctx);
  return ctx.write((engine) => {
    const s = sync(engine, folder, parsed);
    const caps = config.capabilities.map((c) => `- ${c.name} (${c.direction} is better, baseline ${fmt(c.baseline)}, target ${fmt(c.target)} ${c.unit})${c.probe ? `: probe \`${c.probe.command}\`` : ': no probe'}`);
    return [`Synced ${CONFIG_FILE}: ${syncLine(s)}.`, ...s.errors.map((e) => `Could not sync ${e.name}: ${e.message}`), `${config.capabilities.length} declared:`, ...caps,
      'Next: measure_capability (records values; a capability below its target opens a weakness), calibrate_noise for noisy probes.'].join('\n');
  });
}

export async function measureCapabilities(ctx: AgentContext, raw: unknown, signal?: AbortSignal, onProgress?: ToolProgress): Promise<string> {
  const input = I.parseMeasureCapabilities(raw);
  requireTrust(ctx, 'measure_capability');
  const { folder, config, parsed } = await folderConfig(ctx);
  const caps = probed(config, input.names);
  return ctx.write(async (engine) => {
    sync(engine, folder, parsed);
    const lines: string[] = [];
    for (const cap of caps) {
      onProgress?.({ message: `${cap.name}: running ${cap.probe!.command}` });
      try {
        const r = await measureCapabilityWithProbe(engine, cap, {
          folder, isTrusted: () => ctx.isTrusted(), signal,
          onSample: (s, i, total) => onProgress?.({ message: `${cap.name}: sample ${i + 1}/${total} = ${s.values.join(', ')} ${cap.unit}` }),
        });
        const w = r.last.weakness;
        lines.push(`- ${cap.name}: ${r.samples.map(fmt).join(', ')} ${cap.unit} (target ${fmt(cap.target)}, ${cap.direction} is better)${w ? `; weakness #${w.id} [${w.severity}] open` : r.last.resolved ? `; weakness #${r.last.resolved.id} resolved` : '; meets its target'}.`);
      } catch (error) {
        if (signal?.aborted) throw error;
        lines.push(`- ${cap.name}: FAILED — ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return [`Measured ${caps.length} capabilit${caps.length === 1 ? 'y' : 'ies'} in ${folder}:`, ...lines,
      'Next: list_weaknesses, then generate_experiments for one and run_experiment on a patch.'].join('\n');
  });
}

export async function calibrateNoiseTool(ctx: AgentContext, raw: unknown, signal?: AbortSignal, onProgress?: ToolProgress): Promise<string> {
  const input = I.parseCalibrateNoise(raw);
  requireTrust(ctx, 'calibrate_noise');
  const { folder, config, parsed } = await folderConfig(ctx);
  const [cap] = probed(config, [input.name]);
  return ctx.write(async (engine) => {
    sync(engine, folder, parsed);
    const r = await calibrateNoise(engine, cap!, {
      folder, isTrusted: () => ctx.isTrusted(), signal, samplesPerArm: input.runs, onProgress: (p) => onProgress?.({ message: `${cap!.name}: ${p.message}` }),
    });
    return [`${cap!.name}: spread (sd) ${fmt(r.noise.sd)} ${cap!.unit}${r.noise.cv === null ? '' : ` (CV ${(r.noise.cv * 100).toFixed(1)} %)`} around ${fmt(r.noise.mean)}, from ${input.runs} A/A runs per arm (A vs A p ${fmt(r.noise.aaPValue)}).`,
      ...(r.floor.warning ? [`Warning: ${r.floor.warning}`] : []), ...(r.thresholdWarning ? [`Warning: ${r.thresholdWarning}`] : []),
      'Experiments on it now plan their runs from this spread.'].join('\n');
  });
}

export async function showEvidence(ctx: AgentContext, raw: unknown): Promise<string> {
  const input = I.parseShowEvidence(raw);
  return ctx.read((engine) => {
    const exp = engine.getExperiment(input.experimentId);
    const ev = engine.getExperimentEvidence(exp.id);
    if (!ev) return `Experiment #${exp.id} "${exp.name}" is ${exp.status}${exp.verdict ? ` (verdict ${experimentHeadline(exp, null)})` : ''} and has no measured evidence${exp.status === 'planned' ? ' yet: run it on a patch with run_experiment' : ''}.`;
    return evidenceMarkdown(`Experiment #${exp.id}: ${exp.name}`, ev);
  });
}
