// What every store needs: the database and the time. Passed in so stores stay small and testable.
import type { Database } from './storage/database';
import type { Clock } from './ports';

export interface StoreContext {
  db: Database;
  clock: Clock;
}

export function nowIso(ctx: StoreContext): string {
  return ctx.clock.now().toISOString();
}
