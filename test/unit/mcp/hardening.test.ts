// Issue 19 item 10: the MCP server under hostile or careless clients, driven by the SDK's own client over
// stdio (the built dist/mcp.js as a process): an oversize message, bad argument shapes, and a read-only
// tool that must never write.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { Database } from '../../../src/engine/storage/database';
import { makeLoopProject, removeProject } from '../loop/fixture';

const MCP_JS = path.resolve(__dirname, '../../../../dist/mcp.js');
interface ToolText { isError?: boolean; content: { type: string; text: string }[] }
const text = (r: unknown): string => (r as ToolText).content.map((c) => c.text).join('\n');

describe('mcp: hostile and careless clients (issue 19 item 10)', function () {
  this.timeout(90_000);
  let dir: string;
  let dbPath: string;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr = '';
  let improvementId: number;

  before(async () => {
    dir = makeLoopProject();
    dbPath = path.join(dir, '.si', 'db.sqlite');
    writeFileSync(path.join(dir, 'a.txt'), 'old\n');
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    engine.identifyWeakness({ name: 'w', type: 'reliability', severity: 'low', description: '', impact: 0.3, direction: 'lower' });
    improvementId = (await engine.applyImprovement({ name: 'a', filePath: 'a.txt', newCode: 'new\n' })).id;
    await engine.close();
    // As if a window had died between approving and applying: the next writer reconciles it.
    const db = await Database.open({ path: dbPath });
    db.run("UPDATE code_improvements SET status = 'approved', approved_by = 'alice'");
    await db.close();
    client = new Client({ name: 'test-client', version: '1.0.0' });
    transport = new StdioClientTransport({ command: process.execPath, args: [MCP_JS, '--db', dbPath, '--root', dir], stderr: 'pipe' });
    transport.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    await client.connect(transport);
  });

  after(async () => {
    await client?.close();
    removeProject(dir);
  });

  it('list_weaknesses (read-only) neither takes the writer lock nor rewrites the database, even with an interrupted approval in it', async () => {
    const before = readFileSync(dbPath);
    const r = await client.callTool({ name: 'list_weaknesses', arguments: {} }) as ToolText;
    assert.notEqual(r.isError, true, text(r));
    assert.match(text(r), /weakness #1/);
    assert.deepEqual(readFileSync(dbPath), before, 'the database file is byte-for-byte the same');
    const db = await Database.open({ path: dbPath, lock: 'readonly' });
    try {
      assert.equal(db.get<{ status: string }>('SELECT status FROM code_improvements WHERE id = ?', [improvementId])!.status, 'approved', 'left for a writer to reconcile');
    } finally { await db.close(); }
  });

  it('bad argument shapes get a readable message naming the field, not a raw schema dump', async () => {
    const r = await client.callTool({ name: 'generate_experiments', arguments: { weaknessId: 'one' } }) as ToolText;
    assert.equal(r.isError, true);
    assert.match(text(r), /"weaknessId" must be an integer, got "one"/);
    assert.doesNotMatch(text(r), /invalid_type|"code":|"path":|\[\s*\{/);
    const extra = await client.callTool({ name: 'list_weaknesses', arguments: { status: 'open', colour: 'red' } }) as ToolText;
    assert.equal(extra.isError, true);
    assert.match(text(extra), /Unknown field "colour"; allowed: status, minImpact/);
  });

  it('a message over the 10 MiB limit is answered with a clear error and logged; the server keeps serving', async () => {
    const huge = 'x'.repeat(11 * 1024 * 1024);
    await assert.rejects(
      client.callTool({ name: 'propose_improvement', arguments: { name: 'big', filePath: 'a.txt', newCode: huge } }, undefined, { timeout: 30_000 }),
      (err: Error) => /over this server's limit of 10 MiB/.test(err.message) && /nothing was done/.test(err.message));
    assert.match(stderr, /dropped a message of \d+ bytes \(over the 10 MiB limit\)/);
    const again = await client.callTool({ name: 'list_weaknesses', arguments: {} }, undefined, { timeout: 30_000 }) as ToolText;
    assert.notEqual(again.isError, true, text(again));
  });
});
