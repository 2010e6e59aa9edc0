// The dashboard's data, read from the engine (plain data out; the webview draws it). The builders are
// pure (capabilitySeries, experimentView, experimentsTable); these gatherers only read the engine.
import type { SelfImprovementApi } from '../api';
import type { CodeImprovement, Experiment } from '../types';
import { capabilitySeries } from './capabilitySeries';
import { experimentView } from './experimentView';
import { experimentsTable } from './experimentsTable';
import type { LiveRun } from './liveSamples';
import type { CapabilitySeries, DashboardOverview, ExperimentView } from './types';

export type * from './types';
export { capabilitySeries, type CapabilitySeriesInput } from './capabilitySeries';
export { experimentView, type ExperimentViewInput } from './experimentView';
export { evidencePath, sequentialPath, type SequentialPathOptions } from './sequentialPath';
export { experimentsTable, type ExperimentsTableInput } from './experimentsTable';
export { applyProgress, emptyLiveRun, type LiveRun } from './liveSamples';
export { trendSummary, MIN_TREND_DAYS, MIN_TREND_SPAN_DAYS } from './trend';
export { sparklineSvg, sparklineDataUri, type SparklineOptions } from './sparkline';
export { formatAgo, formatNumber, formatPercent, formatPValue, formatDuration, pText, signedWithUnit, teamLatestText, withUnit } from './format';

/** How many raw points a capability chart shows (the newest); older days are there as roll-ups. */
export const SERIES_POINTS = 500;

/** The capability an experiment measures: its weakness's, else the evidence's target. */
export function experimentCapability(engine: SelfImprovementApi, e: Experiment): string | null {
  try {
    const name = engine.getWeakness(e.weaknessId).capabilityName;
    if (name) return name;
  } catch { /* the weakness was deleted */ }
  return engine.getExperimentEvidence(e.id)?.target ?? null;
}

/** Experiments with their capability, and improvements, read once for many charts. */
interface Catalog { experiments: { e: Experiment; capability: string | null }[]; improvements: CodeImprovement[] }

const catalogOf = (engine: SelfImprovementApi): Catalog => ({
  experiments: engine.listExperiments().map((e) => ({ e, capability: experimentCapability(engine, e) })),
  improvements: engine.listImprovements(),
});

export function capabilityDashboard(engine: SelfImprovementApi, name: string, catalog: Catalog = catalogOf(engine)): CapabilitySeries {
  const capability = engine.getCapability(name);
  const experiments = catalog.experiments.filter((x) => x.capability === name).map((x) => x.e);
  const ids = new Set(experiments.map((e) => e.id));
  return capabilitySeries({
    capability,
    measurements: engine.getMeasurements(name, SERIES_POINTS),
    daily: engine.getDailyStats(name),
    experiments,
    improvements: catalog.improvements.filter((i) => i.experimentId !== null && ids.has(i.experimentId)),
    noise: engine.getNoise(name),
    team: engine.getTeamMeasurements(name, { limit: SERIES_POINTS }),
  });
}

export function experimentDashboard(engine: SelfImprovementApi, id: number, live?: LiveRun | null): ExperimentView {
  const experiment = engine.getExperiment(id);
  const name = experimentCapability(engine, experiment);
  const caps = engine.listCapabilities({ includeArchived: true });
  const cap = name ? caps.find((c) => c.name === name) ?? null : null;
  return experimentView({
    experiment,
    evidence: engine.getExperimentEvidence(id),
    capability: cap ? { name: cap.name, unit: cap.unit, direction: cap.direction } : null,
    units: Object.fromEntries(caps.map((c) => [c.name, c.unit])),
    noise: name ? engine.getNoise(name) : null,
    live: live ? { target: live.target, confirmation: live.confirmation } : null,
  });
}

/** The overview charts at most this many capabilities (worst gap first is the trees' order; here by name). */
export const OVERVIEW_CAPABILITIES = 24;

export function dashboardOverview(engine: SelfImprovementApi): DashboardOverview {
  const capabilities = engine.listCapabilities();
  const catalog = catalogOf(engine);
  return {
    capabilities: capabilities.slice(0, OVERVIEW_CAPABILITIES).map((c) => capabilityDashboard(engine, c.name, catalog)),
    moreCapabilities: Math.max(0, capabilities.length - OVERVIEW_CAPABILITIES),
    table: experimentsTable({
      capabilities,
      experiments: catalog.experiments.map(({ e, capability }) => ({ experiment: e, evidence: engine.getExperimentEvidence(e.id), capability })),
    }),
  };
}
