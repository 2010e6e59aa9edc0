// package.json and the command table (src/vscode/commands/commandTable.ts) agree, both ways; the menus,
// key bindings and `when` clauses name only commands and context keys that exist. The extension-host
// suite (activation.test.ts) checks that every row of the table is really registered.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, CommandId, type CommandSpec } from '../../../src/vscode/commands/commandTable';
import { ContextKey } from '../../../src/vscode/contextKeys';
import { ViewId } from '../../../src/vscode/ids';

interface Contributed { command: string; title?: string; category?: string; icon?: unknown; enablement?: string }
interface MenuItem { command?: string; submenu?: string; when?: string; group?: string }
interface Contributes { commands: Contributed[]; menus: Record<string, MenuItem[]>; keybindings?: { command: string; when?: string }[] }

let top = __dirname; // the bundle's folder under out/; the repository is the first parent with package.json
while (!existsSync(path.join(top, 'package.json')) && path.dirname(top) !== top) top = path.dirname(top);
const pkg = JSON.parse(readFileSync(path.join(top, 'package.json'), 'utf8')) as { contributes: Contributes };

/** Menu groups whose entries VS Code shows as icon buttons (a command there needs an icon). */
const BUTTON_GROUP = /^(navigation|inline)(@|$)/;
const CATEGORY = 'Self-Improvement';

/** Every way package.json and the table disagree, as sentences (empty: they agree). */
function disagreements(contributes: Contributes, table: readonly CommandSpec[]): string[] {
  const problems: string[] = [];
  const tableIds = new Set<string>(table.map((c) => c.id));
  const byId = new Map(contributes.commands.map((c) => [c.command, c]));
  const seen = new Set<string>();
  for (const c of contributes.commands) {
    if (seen.has(c.command)) problems.push(`${c.command} is contributed twice`);
    seen.add(c.command);
    if (!tableIds.has(c.command)) problems.push(`${c.command} is contributed but not in the command table`);
    if (!c.title?.trim()) problems.push(`${c.command} has no title`);
    if (c.category !== CATEGORY) problems.push(`${c.command} has category ${JSON.stringify(c.category)}, not "${CATEGORY}"`);
  }
  for (const spec of table) {
    const c = byId.get(spec.id);
    if (!c) { problems.push(`${spec.id} is in the command table but not contributed`); continue; }
    // Commands that run the workspace's probes are greyed out where the workspace is not trusted, and only those.
    const trustEnabled = /\bisWorkspaceTrusted\b/.test(c.enablement ?? '');
    if (!!spec.trust !== trustEnabled) problems.push(`${spec.id}: the table says trust=${!!spec.trust}, its enablement says ${c.enablement ?? '(none)'}`);
  }
  for (const [menu, items] of Object.entries(contributes.menus)) {
    for (const item of items) {
      if (!item.command) continue;
      if (!tableIds.has(item.command)) problems.push(`menu ${menu} names ${item.command}, which is not in the command table`);
      if (item.group && BUTTON_GROUP.test(item.group) && !byId.get(item.command)?.icon) problems.push(`${item.command} is a button in ${menu} (${item.group}) but has no icon`);
    }
  }
  for (const k of contributes.keybindings ?? []) {
    if (!tableIds.has(k.command)) problems.push(`key binding ${k.command} is not in the command table`);
  }
  return problems;
}

/** `selfImprovement.*` names in a when clause that are neither a context key we set nor a view id. */
function unknownWhenKeys(contributes: Contributes): string[] {
  const known = new Set<string>([...Object.values(ContextKey), ...Object.values(ViewId)]);
  const clauses = [
    ...contributes.commands.map((c) => c.enablement),
    ...Object.values(contributes.menus).flat().map((m) => m.when),
    ...(contributes.keybindings ?? []).map((k) => k.when),
  ].filter((w): w is string => !!w);
  const unknown = new Set<string>();
  for (const w of clauses) {
    // `config.selfImprovement.x` is a setting, not ours to set.
    for (const m of w.matchAll(/(?<![\w.])selfImprovement\.[\w.]+/g)) if (!known.has(m[0])) unknown.add(m[0]);
  }
  return [...unknown];
}

describe('command table and package.json', () => {
  const table = Object.values(COMMANDS) as readonly CommandSpec[];

  it('agree both ways: every contributed command is in the table, every row contributed with a title, the category and its icon', () => {
    assert.ok(table.length >= 39 && pkg.contributes.commands.length >= 39, 'read the table and package.json');
    assert.deepEqual(disagreements(pkg.contributes, table), []);
  });

  it('the check finds each kind of disagreement (it can fail)', () => {
    const broken: Contributes = structuredClone(pkg.contributes);
    broken.commands = broken.commands.filter((c) => c.command !== CommandId.RegisterCapability);
    broken.commands.push({ command: 'selfImprovement.notInTable', title: 'X', category: CATEGORY });
    const refresh = broken.commands.find((c) => c.command === CommandId.Refresh)!;
    delete refresh.icon; // Refresh is a view/title navigation button
    refresh.category = 'Other';
    broken.commands.find((c) => c.command === CommandId.MeasureAll)!.enablement = undefined;
    broken.menus['editor/context']!.push({ command: 'selfImprovement.typo' });
    const found = disagreements(broken, table);
    for (const expected of [
      `${CommandId.RegisterCapability} is in the command table but not contributed`,
      'selfImprovement.notInTable is contributed but not in the command table',
      `${CommandId.Refresh} has category "Other", not "${CATEGORY}"`,
      `${CommandId.MeasureAll}: the table says trust=true, its enablement says (none)`,
      'menu editor/context names selfImprovement.typo, which is not in the command table',
    ]) assert.ok(found.includes(expected), `expected "${expected}" among ${JSON.stringify(found)}`);
    assert.ok(found.some((p) => p.startsWith(`${CommandId.Refresh} is a button in view/title`)), JSON.stringify(found));
  });

  it('ids are unique in the table', () => {
    const ids = table.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('when clauses use only context keys the extension sets (contextKeys.ts) and its view ids', () => {
    assert.deepEqual(unknownWhenKeys(pkg.contributes), []);
    const typo: Contributes = structuredClone(pkg.contributes);
    typo.menus['editor/context']!.push({ command: CommandId.Refresh, when: 'selfImprovement.hasPendingImprovement && config.selfImprovement.autoImprove' });
    assert.deepEqual(unknownWhenKeys(typo), ['selfImprovement.hasPendingImprovement']);
  });
});
