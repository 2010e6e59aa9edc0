// The exported API, version 1 (api/self-improvement.d.ts is its published contract; this file is
// checked against it). Reads, measurements, experiments and proposals only: there is no method that
// approves, applies, rejects, rolls back or changes autoImprove, and proposals are always pending.
import * as vscode from 'vscode';
import type * as Api from '../../../api/self-improvement';
import type * as T from '../../engine/types';
import type { EngineHost } from '../engineHost';
import { agents, extensionAgentContext, toSignal } from './agentContext';

const capability = (c: T.Capability, p?: T.CapabilityProfile): Api.Capability => ({
  name: c.name, type: c.type, description: c.description, baseline: c.baseline, target: c.target, unit: c.unit, direction: c.direction,
  current: c.current, measurementCount: c.measurementCount, lastMeasuredAt: c.lastMeasuredAt, gap: p?.gap ?? null, meetsTarget: p?.meetsTarget ?? false,
});
const weakness = (w: T.Weakness): Api.Weakness => ({
  id: w.id, name: w.name, type: w.type, severity: w.severity, description: w.description, impact: w.impact, priority: w.priority,
  capabilityName: w.capabilityName, status: w.status, identifiedAt: w.identifiedAt, resolvedAt: w.resolvedAt,
});
const experiment = (e: T.Experiment): Api.Experiment => ({
  id: e.id, weaknessId: e.weaknessId, approach: e.approach, name: e.name, hypothesis: e.hypothesis, methodology: e.methodology,
  expectedImprovement: e.expectedImprovement, status: e.status, actualImprovement: e.actualImprovement, verdict: e.verdict, reason: e.reason,
  error: e.error, createdAt: e.createdAt, completedAt: e.completedAt,
});
const improvement = (i: T.CodeImprovement): Api.Improvement => ({
  id: i.id, name: i.name, description: i.description, filePath: i.filePath, experimentId: i.experimentId, status: i.status,
  proposedBy: i.proposedBy, proposedAt: i.proposedAt, approvedBy: i.approvedBy, appliedAt: i.appliedAt, rejectedReason: i.rejectedReason, hashBefore: i.hashBefore,
});
const measurement = (m: T.Measurement): Api.Measurement => ({ capabilityName: m.capabilityName, value: m.value, context: m.context, recordedAt: m.recordedAt });
const history = (h: T.HistoryEntry): Api.HistoryEntry => ({ version: h.version, summary: h.summary, improvements: h.improvements, delta: h.delta, changes: h.changes, recordedAt: h.recordedAt });

const KNOWN_KINDS = new Set<Api.ChangeEvent['kind']>(['capability', 'measurement', 'weakness', 'experiment', 'improvement', 'history']);

/** A value in an error message: NaN and Infinity as themselves (JSON would say null). */
const shown = (v: unknown): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));

function bad(message: string): never {
  throw new TypeError(message);
}
function checkName(name: unknown, what = 'name'): string {
  return typeof name === 'string' && name.trim() !== '' ? name : bad(`${what} must be a non-empty string, got ${shown(name)}.`);
}
function checkInt(v: unknown, what: string, min: number, max: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : bad(`${what} must be an integer from ${min} to ${max}, got ${shown(v)}.`);
}
function checkLimit(v: unknown): number {
  return v === undefined ? 50 : checkInt(v, 'limit', 1, 1000);
}

/** Builds the v1 API over the window's engine. Owns the change emitter (disposed with the extension). */
export function createApiV1(host: EngineHost): { api: Api.SelfImprovementAPI; dispose(): void } {
  const emitter = new vscode.EventEmitter<Api.ChangeEvent>();
  const subscription = host.onDidChange((change) => {
    emitter.fire(change ? { kind: KNOWN_KINDS.has(change.kind as Api.ChangeEvent['kind']) ? change.kind as Api.ChangeEvent['kind'] : 'other', ...(change.id !== undefined ? { id: change.id } : {}) } : { kind: 'other' });
  });
  const ctx = (who: string) => extensionAgentContext(host, who);
  const read = <R>(fn: (e: Awaited<ReturnType<EngineHost['get']>>) => R | Promise<R>): Promise<R> => ctx('api').read(fn);
  const write = <R>(fn: (e: Awaited<ReturnType<EngineHost['get']>>) => R | Promise<R>): Promise<R> => ctx('api').write(fn);

  const api: Api.SelfImprovementAPI = Object.freeze({
    version: 1 as const,
    onDidChange: emitter.event,
    listCapabilities: async () => read((e) => {
      const profiles = new Map(e.profileAllCapabilities().map((p) => [p.name, p]));
      return e.listCapabilities().map((c) => capability(c, profiles.get(c.name)));
    }),
    getCapability: async (name: string) => {
      checkName(name);
      return read((e) => capability(e.getCapability(name), e.profileAllCapabilities().find((p) => p.name === name)));
    },
    getMeasurements: async (name: string, limit?: number) => {
      checkName(name);
      const n = checkLimit(limit);
      return read((e) => e.getMeasurements(name, n).map(measurement));
    },
    recordMeasurement: async (name: string, value: number, context?: Record<string, unknown>) => {
      checkName(name);
      if (typeof value !== 'number' || !Number.isFinite(value)) bad(`value must be a finite number, got ${shown(value)}.`);
      if (context !== undefined && (context === null || typeof context !== 'object' || Array.isArray(context))) bad('context must be an object when given.');
      return write((e) => {
        const r = e.measureCapability(name, value, context);
        const profile = e.profileAllCapabilities().find((p) => p.name === name);
        return { capability: capability(r.capability, profile), weakness: r.weakness && weakness(r.weakness), resolved: r.resolved && weakness(r.resolved) };
      });
    },
    listWeaknesses: async (options?: { status?: 'open' | 'resolved' | 'all'; minImpact?: number }) => {
      const input = agents().parseListWeaknesses(options ?? {});
      return read((e) => (input.status === 'open' ? e.analyzeWeaknesses(input.minImpact) : e.listWeaknesses({ status: input.status }).filter((w) => w.impact >= input.minImpact)).map(weakness));
    },
    listExperiments: async (options?: { weaknessId?: number; status?: Api.ExperimentStatus }) => {
      if (options?.weaknessId !== undefined) checkInt(options.weaknessId, 'weaknessId', 1, Number.MAX_SAFE_INTEGER);
      if (options?.status !== undefined && !['planned', 'running', 'completed', 'failed'].includes(options.status)) bad(`status must be planned, running, completed or failed, got ${shown(options.status)}.`);
      return read((e) => e.listExperiments({ ...(options?.weaknessId !== undefined ? { weaknessId: options.weaknessId } : {}), ...(options?.status ? { status: options.status } : {}) }).map(experiment));
    },
    getExperiment: async (id: number) => {
      checkInt(id, 'id', 1, Number.MAX_SAFE_INTEGER);
      return read((e) => experiment(e.getExperiment(id)));
    },
    generateExperiments: async (weaknessId: number, count?: number) => {
      const input = agents().parseGenerateExperiments({ weaknessId, ...(count !== undefined ? { count } : {}) });
      return write((e) => {
        if (e.getWeakness(input.weaknessId).status !== 'open') bad(`Weakness ${input.weaknessId} is resolved; generate experiments for an open weakness.`);
        return e.generateExperiments(input.weaknessId, input.count).map(experiment);
      });
    },
    runExperiment: async (experimentId: number, patch: string, options?: Api.ExperimentRunOptions) => {
      const raw = { experimentId, patch, ...(options?.maxSamplesPerArm !== undefined ? { maxSamplesPerArm: options.maxSamplesPerArm } : {}), ...(options?.maxMinutes !== undefined ? { maxMinutes: options.maxMinutes } : {}) };
      const out = await agents().runExperimentWithEvidence(ctx('api'), raw, toSignal(options?.token));
      return { experiment: experiment(out.experiment), verdict: out.evidence.verdict, reason: out.evidence.reason, confirmed: out.evidence.confirmed, improvementIds: [...out.evidence.improvementIds], summary: out.summary };
    },
    listImprovements: async (options?: { status?: Api.ImprovementStatus }) =>
      read((e) => e.listImprovements(options?.status ? { status: options.status } : {}).map(improvement)),
    getImprovement: async (id: number) => {
      checkInt(id, 'id', 1, Number.MAX_SAFE_INTEGER);
      return read((e) => improvement(e.getImprovement(id)));
    },
    proposeImprovement: async (input: Api.ProposalInput) => {
      if (input === null || typeof input !== 'object') bad('proposeImprovement needs an object { name, filePath, newCode, oldCode?, description?, experimentId? }.');
      const { proposedBy, ...rest } = input;
      if (proposedBy !== undefined) checkName(proposedBy, 'proposedBy');
      const parsed = agents().parseProposeImprovement(rest);
      // Always the non-automatic path: pending for a person, whatever autoImprove says.
      return write(async (e) => improvement(await e.proposeForReview({ ...parsed, proposedBy: `api:${proposedBy ?? 'extension'}` })));
    },
    getHistory: async (limit?: number) => {
      const n = checkLimit(limit);
      return read((e) => e.getImprovementHistory(n).map(history));
    },
  });
  return { api, dispose: () => { subscription.dispose(); emitter.dispose(); } };
}

/** `getAPI(version)`: version 1, or a clear error naming what is supported. */
export function apiGetter(v1: Api.SelfImprovementAPI): Api.SelfImprovementExtensionExports['getAPI'] {
  return (version: number) => {
    if (version !== 1) throw new Error(`Self-Improvement Engine: API version ${JSON.stringify(version)} is not available; this extension provides version 1 (getAPI(1)).`);
    return v1;
  };
}
