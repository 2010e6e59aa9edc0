import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { FASTER_PATCH, makeLoopProject, removeProject } from '../loop/fixture';

const MCP_JS = path.resolve(__dirname, '../../../../dist/mcp.js');

interface ToolText { isError?: boolean; content: { type: string; text: string }[] }
const text = (r: unknown): string => (r as ToolText).content.map((c) => c.text).join('\n');

describe('mcp: from a new database to a pending proposal, with progress notifications', function () {
  this.timeout(180_000);
  let dir: string;
  let dbPath: string;
  let client: Client;

  before(async () => {
    dir = makeLoopProject();
    dbPath = path.join(dir, '.si', 'new.sqlite');
    assert.equal(existsSync(dbPath), false, 'the database does not exist yet');
    client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [MCP_JS, '--db', dbPath, '--root', dir, '--trusted'], stderr: 'pipe' }));
  });

  after(async () => {
    await client?.close();
    removeProject(dir);
  });

  /** Calls a tool asking for progress; returns its text and the progress messages the SDK client received. */
  async function call(name: string, args: Record<string, unknown>): Promise<{ r: ToolText; progress: { progress: number; message?: string }[] }> {
    const progress: { progress: number; message?: string }[] = [];
    const r = await client.callTool({ name, arguments: args }, undefined, {
      onprogress: (p) => progress.push({ progress: p.progress, message: p.message }), resetTimeoutOnProgress: true, timeout: 600_000,
    }) as ToolText;
    return { r, progress };
  }

  it('offers the loop tools beside the five agent tools', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const n of ['sync_config', 'measure_capability', 'calibrate_noise', 'show_evidence', 'run_experiment']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    const h = await client.callTool({ name: 'capability_history', arguments: { name: 'bench-ms' } }) as ToolText;
    assert.equal(h.isError, true);
    assert.match(text(h), /Known: none yet/);
  });

  it('sync → measure → list → generate → run_experiment → show_evidence: a confirmed success, pending, proposed by mcp', async () => {
    const s = text((await call('sync_config', {})).r);
    assert.match(s, /Synced \.vscode\/self-improvement\.json: 2 added \(bench-ms, suite-pass-rate\)/);

    const m = await call('measure_capability', { names: ['bench-ms'] });
    assert.notEqual(m.r.isError, true, text(m.r));
    assert.match(text(m.r), /bench-ms: [\d, ]+ ms \(target 10, lower is better\); weakness #\d+ \[(critical|high|medium|low)\] open/);
    assert.ok(m.progress.some((p) => /bench-ms: sample 3\/3/.test(p.message ?? '')), JSON.stringify(m.progress));

    const w = text((await call('list_weaknesses', {})).r);
    const weaknessId = Number(/weakness #(\d+)/.exec(w)?.[1]);
    assert.ok(weaknessId > 0, w);
    const g = text((await call('generate_experiments', { weaknessId, count: 1 })).r);
    const experimentId = Number(/experiment #(\d+)/.exec(g)?.[1]);
    assert.ok(experimentId > 0, g);

    const run = await call('run_experiment', { experimentId, patch: FASTER_PATCH, maxSamplesPerArm: 10 });
    assert.notEqual(run.r.isError, true, text(run.r));
    assert.match(text(run.r), /verdict success \(confirmed on fresh samples\)/);
    assert.match(text(run.r), /Proposed, pending a person's approval in VS Code: improvement #\d+ \(config\.js\)/);
    // One notification per run at least: target, guardrail and confirmation runs, strictly increasing.
    assert.ok(run.progress.length >= 12, `${run.progress.length} progress notifications`);
    assert.ok(run.progress.some((p) => /^target bench-ms: (baseline|candidate) run/.test(p.message ?? '')));
    assert.ok(run.progress.some((p) => /^guardrail suite-pass-rate:/.test(p.message ?? '')));
    assert.ok(run.progress.some((p) => /^confirmation bench-ms:/.test(p.message ?? '')));
    assert.ok(run.progress.every((p, i) => i === 0 || p.progress > run.progress[i - 1]!.progress), 'progress increases');

    const ev = text((await call('show_evidence', { experimentId })).r);
    assert.match(ev, /\*\*Verdict: success \(confirmed on fresh samples\)\*\*/);
    assert.match(ev, /## Guardrails/);

    assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { delayMs: 100 };\n', 'the file is untouched');
    const engine = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false });
    try {
      const imps = engine.listImprovements().filter((i) => i.experimentId === experimentId);
      assert.equal(imps.length, 1);
      assert.equal(imps[0]!.status, 'pending');
      assert.equal(imps[0]!.proposedBy, 'mcp', 'docs/agents.md: proposals made over MCP are proposedBy mcp');
    } finally { await engine.close(); }
  });

  it('calibrate_noise stores a spread; show_evidence of an unmeasured experiment says so; bad input names the field', async () => {
    const c = await call('calibrate_noise', { name: 'suite-pass-rate', runs: 2 });
    assert.notEqual(c.r.isError, true, text(c.r));
    assert.match(text(c.r), /suite-pass-rate: spread \(sd\) 0 .*from 2 A\/A runs per arm/);
    assert.ok(c.progress.length > 0);
    const bad = await client.callTool({ name: 'calibrate_noise', arguments: { name: 'suite-pass-rate', runs: 1 } }) as ToolText;
    assert.equal(bad.isError, true);
    assert.match(text(bad), /runs/);
    const unknown = await client.callTool({ name: 'measure_capability', arguments: { names: ['nope'] } }) as ToolText;
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /"nope" is not declared in \.vscode\/self-improvement\.json\. Declared: bench-ms, suite-pass-rate/);
  });

  it('without --trusted, measure_capability and calibrate_noise are refused, naming the flag, and nothing runs', async () => {
    const untrusted = new Client({ name: 'untrusted', version: '1.0.0' });
    await untrusted.connect(new StdioClientTransport({ command: process.execPath, args: [MCP_JS, '--db', dbPath, '--root', dir], stderr: 'pipe' }));
    try {
      const before = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false, storage: { lock: 'readonly' } });
      const count = before.getCapability('bench-ms').measurementCount;
      await before.close();
      for (const [name, args] of [['measure_capability', {}], ['calibrate_noise', { name: 'bench-ms' }]] as const) {
        const r = await untrusted.callTool({ name, arguments: args }) as ToolText;
        assert.equal(r.isError, true);
        assert.match(text(r), new RegExp(`${name} is refused: it runs the folder's probe commands.*--trusted`));
      }
      const after = await SelfImprovementEngine.open({ dbPath, rootDir: dir, retention: false, storage: { lock: 'readonly' } });
      try { assert.equal(after.getCapability('bench-ms').measurementCount, count); } finally { await after.close(); }
    } finally { await untrusted.close(); }
  });
});
