// Test ids must be the same in both arms of an A/B run, which live in different folders: strip the
// folder from ids, and number duplicates so each id names one case.
import type { CaseResult } from '../types';

export function stripFolder(id: string, cwd?: string): string {
  if (!cwd) return id;
  const folder = cwd.replace(/[\\/]+$/, '');
  return id.split(`${folder}/`).join('').split(`${folder}\\`).join('').split(folder).join('');
}

export function uniqueCases(cases: CaseResult[]): CaseResult[] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.id) ?? 0) + 1;
    seen.set(c.id, n);
    return n === 1 ? c : { id: `${c.id} #${n}`, pass: c.pass };
  });
}

export function passRate(cases: CaseResult[]): number {
  return cases.filter((c) => c.pass).length / cases.length;
}
