// Validates the parsed file against the JSON schema the extension ships (the same file VS Code uses
// for completion and hover), and places each error on the node it is about.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Node } from 'jsonc-parser';
import schema from '../../../schemas/self-improvement.schema.json';
import { formatPath, type LineIndex } from './positions';
import type { ConfigDiagnostic } from './types';

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  // strict: false because the schema carries VS Code's editor keywords (markdownDescription, defaultSnippets…).
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

/** Walks a JSON pointer (`/capabilities/0/name`) through the tree, returning the node and the path segments. */
function locate(root: Node, pointer: string): { node: Node; segments: (string | number)[] } {
  const raw = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root;
  const segments: (string | number)[] = [];
  for (const step of raw) {
    let next: Node | undefined;
    if (node.type === 'array') {
      const index = Number(step);
      next = node.children?.[index];
      segments.push(index);
    } else if (node.type === 'object') {
      next = node.children?.find((p) => p.children?.[0]?.value === step)?.children?.[1];
      segments.push(step);
    }
    if (!next) break;
    node = next;
  }
  return { node, segments };
}

function propertyNode(object: Node, key: string): Node | undefined {
  return object.type === 'object' ? object.children?.find((p) => p.children?.[0]?.value === key) : undefined;
}

/** A short range for an object: its "name" entry if it has one, else its key, else its opening brace. */
function objectAnchor(node: Node): { offset: number; length: number } {
  const name = propertyNode(node, 'name');
  if (name) return { offset: name.offset, length: name.length };
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  if (key) return { offset: key.offset, length: key.length };
  return { offset: node.offset, length: 1 };
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object', array: 'an array', number: 'a number', integer: 'a whole number', string: 'a string', boolean: 'true or false', null: 'null',
};

function describe(error: ErrorObject, segments: (string | number)[]): string {
  const last = segments[segments.length - 1];
  const subject = typeof last === 'string' ? `"${last}"` : last === undefined ? 'The file' : `Item ${last}`;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': return `${subject === 'The file' ? 'The file' : subject} is missing the required property "${String(p.missingProperty)}".`;
    case 'additionalProperties': return `Unknown property "${String(p.additionalProperty)}" (ignored).`;
    case 'enum': return `${subject} must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'type': return `${subject} must be ${String(p.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}.`;
    default: return `${subject} ${error.message ?? 'is invalid'}.`;
  }
}

export function schemaDiagnostics(value: unknown, root: Node, lines: LineIndex): ConfigDiagnostic[] {
  const validate = compile();
  if (validate(value)) return [];
  const out: ConfigDiagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue; // the `then` branch's own error says what is missing
    const { node, segments } = locate(root, error.instancePath);
    let anchor = { offset: node.offset, length: node.length };
    let path = segments;
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const prop = propertyNode(node, key);
      if (prop?.children?.[0]) anchor = { offset: prop.children[0].offset, length: prop.children[0].length };
      path = [...segments, key];
    } else if (error.keyword === 'required' || node.type === 'object' || node.type === 'array') {
      anchor = node.type === 'object' ? objectAnchor(node) : { offset: node.offset, length: 1 };
    }
    const message = describe(error, segments);
    const dedupe = `${anchor.offset}:${message}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    out.push({
      message, severity: error.keyword === 'additionalProperties' ? 'warning' : 'error',
      range: lines.range(anchor.offset, anchor.length), path: formatPath(path),
    });
  }
  return out;
}
