// Which engine changes become alerts: a weakness that opens, one that turns critical. (A failed gate and
// a decayed gain are announced by whoever found them: the gate's caller, the decay watch.)
import type { SelfImprovementApi } from '../api';
import type { Disposable } from '../ports';
import { DECAY_WEAKNESS_NAME } from './decay';
import type { Alert } from './webhook';

export interface AlertSink { send(alert: Alert): void }

const PREFIX = '[Self-Improvement]';

export function alertText(body: string): string {
  return `${PREFIX} ${body}`;
}

/** Watches weaknesses from now on (those open already are known, not re-announced). */
export function watchWeaknessAlerts(engine: SelfImprovementApi, sink: AlertSink, where = ''): Disposable {
  const known = new Map(engine.listWeaknesses({ status: 'open' }).map((w) => [w.id, w.severity]));
  const at = where ? ` (${where})` : '';
  return engine.onDidChange((change) => {
    if (change.kind !== 'weakness' || change.id === undefined) return;
    let w;
    try { w = engine.getWeakness(change.id); } catch { known.delete(change.id); return; }
    if (w.status !== 'open') { known.delete(w.id); return; }
    const before = known.get(w.id);
    known.set(w.id, w.severity);
    if (DECAY_WEAKNESS_NAME.test(w.name)) return; // the decay watch sends its own alert
    const what = `weakness #${w.id} ${w.name}${w.capabilityName ? ` on ${w.capabilityName}` : ''}: ${w.description}`;
    if (before === undefined) sink.send({ kind: 'weakness-opened', text: alertText(`New ${w.severity} ${what}${at}`) });
    else if (w.severity === 'critical' && before !== 'critical') sink.send({ kind: 'weakness-critical', text: alertText(`Now critical: ${what}${at}`) });
  });
}
