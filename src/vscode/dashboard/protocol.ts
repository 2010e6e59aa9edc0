// The typed message contract between the dashboard panel (extension host) and its webview. Plain data
// only: the engine computes (src/engine/dashboard), the webview draws. Shared by both sides as types.
import type { CapabilitySeries, DashboardOverview, ExperimentView } from '../../engine/dashboard/types';

/** What the dashboard shows. */
export type DashboardRoute =
  | { kind: 'overview' }
  | { kind: 'capability'; name: string }
  | { kind: 'experiment'; id: number };

export type ToWebview =
  | { type: 'overview'; data: DashboardOverview }
  | { type: 'capability'; data: CapabilitySeries }
  | { type: 'experiment'; data: ExperimentView }
  | { type: 'error'; message: string };

export type FromWebview =
  /** The script loaded and listens; the panel answers with the current route's data. */
  | { type: 'ready' }
  | { type: 'open'; route: DashboardRoute }
  | { type: 'showEvidence'; experimentId: number };

/** Guards what arrives from the webview (it is a separate, less trusted context). */
export function parseFromWebview(raw: unknown): FromWebview | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready') return { type: 'ready' };
  if (m.type === 'showEvidence' && Number.isInteger(m.experimentId)) return { type: 'showEvidence', experimentId: m.experimentId as number };
  if (m.type === 'open' && m.route && typeof m.route === 'object') {
    const r = m.route as Record<string, unknown>;
    if (r.kind === 'overview') return { type: 'open', route: { kind: 'overview' } };
    if (r.kind === 'capability' && typeof r.name === 'string') return { type: 'open', route: { kind: 'capability', name: r.name } };
    if (r.kind === 'experiment' && Number.isInteger(r.id)) return { type: 'open', route: { kind: 'experiment', id: r.id as number } };
  }
  return null;
}
