// `jest-json`: the report of `jest --json` or `vitest run --reporter=json` (same shape).
// Value = pass rate; pending/skipped/todo left out; a test file that failed to run counts as one failure.
import type { CaseResult, ParseResult } from '../types';
import { passRate, stripFolder, uniqueCases } from './caseIds';
import { parseError } from './excerpt';
import { extractJson } from './extractJson';

interface Assertion { fullName?: string; title?: string; ancestorTitles?: string[]; status?: string }
interface FileResult { name?: string; status?: string; message?: string; assertionResults?: Assertion[] }

export function parseJestJson(text: string, context: { cwd?: string } = {}): ParseResult {
  const doc = extractJson(text);
  const report = doc.ok ? doc.value as { testResults?: unknown } : undefined;
  if (!report || typeof report !== 'object' || !Array.isArray(report.testResults)) {
    throw parseError('jest-json', 'the JSON report of `jest --json` or `vitest --reporter=json` (an object with testResults)', text);
  }
  const cases: CaseResult[] = [];
  for (const file of report.testResults as FileResult[]) {
    const fileName = stripFolder(file.name ?? '', context.cwd);
    const assertions = file.assertionResults ?? [];
    if (assertions.length === 0 && file.status === 'failed') {
      cases.push({ id: `${fileName} (failed to run)`, pass: false });
      continue;
    }
    for (const a of assertions) {
      if (a.status !== 'passed' && a.status !== 'failed') continue;
      const title = a.fullName ?? [...(a.ancestorTitles ?? []), a.title ?? ''].join(' ');
      cases.push({ id: fileName ? `${fileName} > ${title}` : title, pass: a.status === 'passed' });
    }
  }
  if (cases.length === 0) throw parseError('jest-json', 'a report with at least one test that passed or failed', text);
  const unique = uniqueCases(cases);
  return { value: passRate(unique), cases: unique };
}
