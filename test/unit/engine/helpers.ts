// Shared test helpers: an injected clock, a seeded random source, temp folders and an engine factory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SelfImprovementEngine, type EngineOptions } from '../../../src/engine/engine';
import type { Clock, FilesPort } from '../../../src/engine/ports';

export class TestClock implements Clock {
  private t: number;
  constructor(start = '2026-01-01T00:00:00.000Z') { this.t = Date.parse(start); }
  now(): Date { return new Date(this.t); }
  advance(ms: number): void { this.t += ms; }
  advanceDays(days: number): void { this.t += days * 86_400_000; }
}

/** The project's seeded PRNG (mulberry32), so runs reproduce. */
import { seededUniform } from '../../../src/engine/verdicts/random';

export const seededRandom = seededUniform;

export function tempDir(prefix = 'sie-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** In-memory FilesPort, with hooks to simulate failures. */
export class MemoryFiles implements FilesPort {
  readonly files = new Map<string, string>();
  failNextWrite: Error | null = null;
  onWrite: ((p: string, content: string) => void) | null = null;
  async read(p: string): Promise<string | null> { return this.files.get(p) ?? null; }
  async write(p: string, content: string): Promise<void> {
    this.onWrite?.(p, content);
    if (this.failNextWrite) { const e = this.failNextWrite; this.failNextWrite = null; throw e; }
    this.files.set(p, content);
  }
}

export async function openEngine(options: EngineOptions = {}): Promise<{ engine: SelfImprovementEngine; clock: TestClock }> {
  const clock = (options.clock as TestClock | undefined) ?? new TestClock();
  const engine = await SelfImprovementEngine.open({ random: seededRandom(42), files: new MemoryFiles(), ...options, clock });
  return { engine, clock };
}
