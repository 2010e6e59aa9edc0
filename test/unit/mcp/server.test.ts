import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { TOOL_SPECS } from '../../../src/agents/catalog';
import { parseArgs } from '../../../src/mcp/server';
import { CONFIG, FASTER_PATCH, makeLoopProject, removeProject } from '../loop/fixture';

const MCP_JS = path.resolve(__dirname, '../../../../dist/mcp.js');

interface ToolText { isError?: boolean; content: { type: string; text: string }[] }
const text = (r: unknown): string => (r as ToolText).content.map((c) => c.text).join('\n');

describe('mcp: the stdio server driven by the SDK client', function () {
  this.timeout(90_000);
  let dir: string;
  let dbPath: string;
  let client: Client;
  let weaknessId: number;

  before(async () => {
    dir = makeLoopProject();
    dbPath = path.join(dir, '.si', 'db.sqlite');
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    const parsed = parseConfig(CONFIG);
    syncCapabilitiesFromConfig(engine, parsed, dir);
    weaknessId = engine.measureCapability('bench-ms', 40).weakness!.id;
    await engine.close();
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MCP_JS, '--db', dbPath, '--root', dir, '--trusted'], stderr: 'pipe' }));
  });

  after(async () => {
    await client?.close();
    removeProject(dir);
  });

  it('lists every tool of the catalog with its input schema, and none that approves, applies, rejects or rolls back', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOL_SPECS.map((t) => t.name).sort());
    for (const t of tools) {
      const spec = TOOL_SPECS.find((s) => s.name === t.name)!;
      assert.equal(t.description, spec.description);
      assert.deepEqual(Object.keys(t.inputSchema.properties ?? {}).sort(), Object.keys(spec.inputSchema.properties).sort());
      assert.deepEqual([...(t.inputSchema.required ?? [])].sort(), [...(spec.inputSchema.required ?? [])].sort());
      assert.equal(t.annotations?.readOnlyHint, spec.readOnly);
      assert.doesNotMatch(t.name, /approve|apply|reject|rollback|auto/i);
    }
  });

  it('list_weaknesses and capability_history answer from the database', async () => {
    const w = text(await client.callTool({ name: 'list_weaknesses', arguments: {} }));
    assert.match(w, new RegExp(`weakness #${weaknessId} \\[(critical|high|medium|low)`));
    assert.match(w, /capability bench-ms/);
    const h = text(await client.callTool({ name: 'capability_history', arguments: { name: 'bench-ms' } }));
    assert.match(h, /Capability bench-ms \(efficiency, lower is better\): baseline 40 ms, target 10 ms, current 40 ms/);
    assert.match(h, /Measurements \(1 latest of 1/);
  });

  it('bad input: an error result that names the field and what was expected', async () => {
    const unknown = await client.callTool({ name: 'capability_history', arguments: { name: 'nope' } }) as ToolText;
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /Unknown capability "nope"\. Known: bench-ms, suite-pass-rate/);
    const wrongType = await client.callTool({ name: 'generate_experiments', arguments: { weaknessId: 'one' } }) as ToolText;
    assert.equal(wrongType.isError, true);
    assert.match(text(wrongType), /weaknessId/);
  });

  it('generate_experiments, then run_experiment on a faster patch: success, proposed pending, the file untouched', async () => {
    const g = text(await client.callTool({ name: 'generate_experiments', arguments: { weaknessId, count: 1 } }));
    const id = Number(/experiment #(\d+)/.exec(g)?.[1]);
    assert.ok(id > 0, g);
    const r = await client.callTool({ name: 'run_experiment', arguments: { experimentId: id, patch: FASTER_PATCH, maxSamplesPerArm: 10 } }) as ToolText;
    assert.notEqual(r.isError, true, text(r));
    assert.match(text(r), new RegExp(`Experiment #${id} .*: verdict success \\(confirmed on fresh samples\\)`));
    assert.match(text(r), /Proposed, pending a person's approval in VS Code: improvement #\d+ \(config\.js\)/);
    assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { delayMs: 100 };\n');
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    try {
      const imps = engine.listImprovements().filter((i) => i.experimentId === id);
      assert.equal(imps.length, 1);
      assert.equal(imps[0]!.status, 'pending');
      assert.equal(engine.getExperiment(id).verdict, 'success');
    } finally { await engine.close(); }
  });

  it('propose_improvement leaves it pending; a call to approve is refused as an unknown tool and changes nothing', async () => {
    const p = text(await client.callTool({ name: 'propose_improvement', arguments: { name: 'doc', filePath: 'README.md', oldCode: '# fixture', newCode: '# the fixture' } }));
    const id = Number(/Proposed improvement #(\d+)/.exec(p)?.[1]);
    assert.ok(id > 0, p);
    assert.match(p, /pending, waiting for a person/);
    const approve = await client.callTool({ name: 'approve_improvement', arguments: { id } }).catch((e: Error) => ({ isError: true, content: [{ type: 'text', text: e.message }] })) as ToolText;
    assert.equal(approve.isError, true);
    assert.match(text(approve), /approve_improvement not found/);
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    try {
      assert.equal(engine.getImprovement(id).status, 'pending');
      assert.equal(engine.getImprovement(id).proposedBy, 'mcp');
    } finally { await engine.close(); }
    assert.equal(readFileSync(path.join(dir, 'README.md'), 'utf8'), '# fixture\n');
  });

  it('while another process holds the writer lock: reads answer, writes are refused clearly and change nothing', async () => {
    const holder = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    try {
      const before = holder.listExperiments().length;
      const w = await client.callTool({ name: 'list_weaknesses', arguments: { status: 'all' } }) as ToolText;
      assert.notEqual(w.isError, true, text(w));
      assert.match(text(w), new RegExp(`weakness #${weaknessId}`));
      const g = await client.callTool({ name: 'generate_experiments', arguments: { weaknessId } }) as ToolText;
      assert.equal(g.isError, true);
      assert.match(text(g), new RegExp(`in use by the Self-Improvement extension or another process \\(pid ${process.pid}`));
      assert.match(text(g), /read-only for now: reads work, this write was refused and nothing changed/);
      const p = await client.callTool({ name: 'propose_improvement', arguments: { name: 'x', filePath: 'README.md', newCode: 'x' } }) as ToolText;
      assert.equal(p.isError, true);
      assert.match(text(p), /in use/);
      assert.equal(holder.listExperiments().length, before);
    } finally { await holder.close(); }
    // Released: writes work again.
    const g = await client.callTool({ name: 'generate_experiments', arguments: { weaknessId, count: 1 } }) as ToolText;
    assert.notEqual(g.isError, true, text(g));
  });

  it('started without --trusted (the default), run_experiment is refused with a message naming the flag; reads still work', async () => {
    const g = text(await client.callTool({ name: 'generate_experiments', arguments: { weaknessId, count: 1 } }));
    const id = Number(/experiment #(\d+)/.exec(g)?.[1]);
    assert.ok(id > 0, g);
    const untrusted = new Client({ name: 'test-client-untrusted', version: '1.0.0' });
    await untrusted.connect(new StdioClientTransport({ command: process.execPath, args: [MCP_JS, '--db', dbPath, '--root', dir], stderr: 'pipe' }));
    try {
      const r = await untrusted.callTool({ name: 'run_experiment', arguments: { experimentId: id, patch: FASTER_PATCH, maxSamplesPerArm: 6 } }) as ToolText;
      assert.equal(r.isError, true);
      assert.match(text(r), /run_experiment failed: run_experiment is refused: this MCP server was started without --trusted/);
      assert.match(text(r), /restart the server with --trusted/);
      const w = await untrusted.callTool({ name: 'list_weaknesses', arguments: {} }) as ToolText;
      assert.notEqual(w.isError, true, text(w));
    } finally { await untrusted.close(); }
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    try { assert.equal(engine.getExperiment(id).status, 'planned', 'nothing was started'); } finally { await engine.close(); }
  });

  it('the command line needs --db and --root; running probes is an explicit opt-in (--trusted)', () => {
    assert.throws(() => parseArgs(['--root', '/tmp']), /--db is required/);
    assert.throws(() => parseArgs(['--db', 'x']), /--root is required/);
    assert.throws(() => parseArgs(['--db', 'x', '--root', 'y', '--approve']), /Unknown argument "--approve"/);
    assert.equal(parseArgs(['--db', 'x', '--root', 'y']).trusted, false, 'untrusted by default');
    assert.equal(parseArgs(['--db', 'x', '--root', 'y', '--trusted']).trusted, true);
    assert.equal(parseArgs(['--db', 'x', '--root', 'y', '--untrusted']).trusted, false, '--untrusted is still accepted');
    assert.throws(() => parseArgs(['--db', 'x', '--root', 'y', '--trusted', '--untrusted']), /either --trusted or --untrusted, not both/);
  });
});
