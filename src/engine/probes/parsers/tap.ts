// `tap`: Test Anything Protocol (node --test, tape, prove). Value = pass rate of the leaf tests;
// SKIP and TODO are left out; tests the plan announced but that never reported count as failed.
import type { CaseResult, ParseResult } from '../types';
import { passRate, uniqueCases } from './caseIds';
import { parseError } from './excerpt';

interface Point { indent: number; ok: boolean; name: string; directive: string }

const POINT = /^(\s*)(not )?ok\b(?:\s+(\d+))?\s*(?:-\s*)?(.*?)\s*(?:(?<!\\)#\s*(.*))?$/;
const PLAN = /^1\.\.(\d+)/;

export function parseTap(text: string): ParseResult {
  const points: Point[] = [];
  let plan: number | undefined;
  let inYaml = false;
  for (const line of text.split(/\r?\n/)) {
    if (inYaml) { if (/^\s*\.\.\.\s*$/.test(line)) inYaml = false; continue; }
    if (/^\s+---\s*$/.test(line) && points.length > 0) { inYaml = true; continue; }
    const planMatch = PLAN.exec(line);
    if (planMatch) { plan = Number(planMatch[1]); continue; }
    const m = POINT.exec(line);
    if (!m) continue;
    points.push({ indent: (m[1] ?? '').length, ok: m[2] === undefined, name: m[4] ?? '', directive: (m[5] ?? '').trim() });
  }
  if (points.length === 0 && plan === undefined) throw parseError('tap', 'TAP output ("ok 1 - …" / "not ok 2 - …" lines)', text);

  // Subtests come before their parent's line, indented deeper: walk backwards to give each test its
  // parents' names, and count only leaves (a parent's line follows a deeper one).
  const ids: string[] = new Array<string>(points.length);
  const stack: { indent: number; name: string }[] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as Point;
    while (stack.length && (stack[stack.length - 1] as { indent: number }).indent >= p.indent) stack.pop();
    ids[i] = [...stack.map((s) => s.name), p.name || `test ${i + 1}`].join(' > ');
    stack.push({ indent: p.indent, name: p.name || `test ${i + 1}` });
  }
  const cases: CaseResult[] = [];
  points.forEach((p, i) => {
    const isParent = i > 0 && (points[i - 1] as Point).indent > p.indent;
    if (isParent || /^(skip|todo)\b/i.test(p.directive)) return;
    cases.push({ id: ids[i] as string, pass: p.ok });
  });
  const topLevel = points.filter((p) => p.indent === 0).length;
  if (plan !== undefined) {
    for (let k = topLevel + 1; k <= plan; k++) cases.push({ id: `missing test ${k} (announced by the plan 1..${plan})`, pass: false });
  }
  if (cases.length === 0) throw parseError('tap', 'TAP output with at least one test that passed or failed', text);
  const unique = uniqueCases(cases);
  return { value: passRate(unique), cases: unique };
}
