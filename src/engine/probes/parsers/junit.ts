// `junit`: JUnit XML (most test runners can write it). Value = pass rate; skipped cases left out.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CaseResult, ParseResult } from '../types';
import { passRate, stripFolder, uniqueCases } from './caseIds';
import { parseError } from './excerpt';

type XmlNode = Record<string, unknown>;

export function parseJunit(text: string, context: { cwd?: string } = {}): ParseResult {
  const start = text.search(/<\?xml|<testsuites\b|<testsuite\b/);
  if (start < 0) throw parseError('junit', 'JUnit XML (<testsuites> or <testsuite>)', text);
  const xml = text.slice(start);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw parseError('junit', `well-formed JUnit XML (line ${valid.err.line}: ${valid.err.msg})`, text);
  }
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  });
  const doc = parser.parse(xml) as XmlNode;
  const cases: CaseResult[] = [];
  const visit = (node: unknown, suite: string): void => {
    if (Array.isArray(node)) { node.forEach((n) => visit(n, suite)); return; }
    if (node === null || typeof node !== 'object') return;
    const n = node as XmlNode;
    for (const tc of (n.testcase as unknown[] | undefined) ?? []) {
      const t = (tc !== null && typeof tc === 'object' ? tc : {}) as XmlNode;
      if ('skipped' in t) continue;
      const name = String(t['@_name'] ?? '');
      const owner = String(t['@_classname'] ?? suite);
      const id = stripFolder(owner ? `${owner} > ${name}` : name, context.cwd);
      cases.push({ id, pass: !('failure' in t) && !('error' in t) });
    }
    for (const child of (n.testsuite as unknown[] | undefined) ?? []) {
      const c = child as XmlNode;
      visit(c, String(c['@_name'] ?? suite));
    }
    if ('testsuites' in n) visit(n.testsuites, suite);
  };
  visit(doc, '');
  if (cases.length === 0) throw parseError('junit', 'JUnit XML with at least one test case that ran', text);
  const unique = uniqueCases(cases);
  return { value: passRate(unique), cases: unique };
}
