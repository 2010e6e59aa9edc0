// What a drafting prompt tells the model before its first answer: the target, every guardrail with its
// probe and margin, the files that measure them (the same files the tamper check flags), and what earlier
// experiments on the capability found. Pure: reads the engine and the parsed config, runs nothing.
import type { SelfImprovementApi } from '../../engine/api';
import { CONFIG_FILE, type CapabilityConfig, type SelfImprovementConfig } from '../../engine/config/types';
import { guardCapabilities, isSuite, marginOf } from '../../engine/loop/guardrailSetup';
import { targetOf } from '../../engine/loop/runExperiment';
import { pathsIn } from '../../engine/verdicts/tamper';

export interface BriefCapability {
  name: string;
  direction: 'higher' | 'lower';
  unit: string;
  probeCommand: string;
  /** Files named by the probe command and the declared evaluatorFiles (globs kept as written). */
  measuredBy: string[];
}

export interface BriefGuardrail extends BriefCapability {
  /** Relative margin: the candidate may be at most this fraction worse. */
  margin: number;
  /** A pass/fail suite (run once per arm, judged case by case) or a sampled measurement. */
  kind: 'suite' | 'measured';
  baseline: number;
}

export interface BriefHistoryItem {
  experimentId: number;
  name: string;
  status: string;
  verdict: string | null;
  reason: string;
  /** Relative gain measured, when there was one. */
  actualImprovement: number | null;
}

export interface DraftBrief {
  target: BriefCapability;
  guardrails: BriefGuardrail[];
  /** Every file a candidate must not change: all capabilities' measuring files plus the config file. */
  evaluatorFiles: string[];
  history: BriefHistoryItem[];
}

const MAX_HISTORY = 8;
const oneLine = (s: string, max = 240): string => { const t = s.replace(/\s+/g, ' ').trim(); return t.length > max ? `${t.slice(0, max - 1)}…` : t; };

/** The files that measure a capability, derived as tamperFlags derives them. */
export function measuringFiles(c: CapabilityConfig): string[] {
  return [...new Set([...(c.probe ? pathsIn(c.probe.command) : []), ...c.evaluatorFiles])];
}

function capabilityOf(c: CapabilityConfig): BriefCapability {
  return { name: c.name, direction: c.direction, unit: c.unit, probeCommand: c.probe?.command ?? '', measuredBy: measuringFiles(c) };
}

/**
 * The brief for drafting on `experimentId`. `skipExperimentIds`: experiments whose drafts already appear
 * as execution feedback (not repeated as history).
 */
export function draftBrief(engine: SelfImprovementApi, config: SelfImprovementConfig, experimentId: number, skipExperimentIds: readonly number[] = []): DraftBrief {
  const target = targetOf(engine, experimentId, config);
  const { suites, timed } = guardCapabilities(config, target.name);
  const guardrails = [...suites, ...timed].map((c): BriefGuardrail => ({
    ...capabilityOf(c), margin: marginOf(c).fraction, kind: isSuite(c) ? 'suite' : 'measured', baseline: c.baseline,
  }));
  const evaluatorFiles = [...new Set([...measuringFiles(target), ...[...suites, ...timed].flatMap(measuringFiles), CONFIG_FILE])];
  const skip = new Set([experimentId, ...skipExperimentIds]);
  const weaknessIds = new Set(engine.listWeaknesses({ status: 'all' }).filter((w) => w.capabilityName === target.name).map((w) => w.id));
  const history = engine.listExperiments()
    .filter((e) => weaknessIds.has(e.weaknessId) && !skip.has(e.id) && (e.status === 'completed' || e.status === 'failed'))
    .slice(-MAX_HISTORY)
    .map((e): BriefHistoryItem => ({
      experimentId: e.id, name: e.name, status: e.status, verdict: e.verdict, reason: oneLine(e.reason ?? e.error ?? ''), actualImprovement: e.actualImprovement,
    }));
  return { target: capabilityOf(target), guardrails, evaluatorFiles, history };
}
