// Measurement in the real extension host: a fixture git repository inside the workspace whose benchmark a
// patch makes clearly faster, a no-op patch, a probe that hangs, an untrusted workspace, a broken config.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExperimentOutcome } from '../../engine/loop/runExperiment';
import { engine, folder, messagesSince, readDisk, run, testing, unique, waitFor, writeDisk } from './helpers';
import { CommandId } from '../../vscode/commands/commandTable';

const BENCH = `const { delayMs } = require('./config');
const t = Date.now();
setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);
`;
// Starts a grandchild that never ends, records both pids, then hangs itself.
const HANG = `const { spawn } = require('child_process');
const fs = require('fs');
const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync('hang.pids', JSON.stringify([process.pid, child.pid]));
setInterval(() => {}, 1000);
`;
const MARK = `require('fs').writeFileSync('spawned.mark', 'x'); console.log(1);`;

function config(names: { bench: string; hang: string; mark: string }): string {
  return JSON.stringify({
    capabilities: [
      { name: names.bench, type: 'efficiency', direction: 'lower', baseline: 40, target: 10, unit: 'ms',
        probe: { command: 'node bench.js', parse: { regex: 'elapsed: (\\d+)' }, timeoutSeconds: 20 } },
      { name: names.hang, type: 'efficiency', baseline: 1, target: 2, probe: { command: 'node hang.js', parse: { format: 'number' }, timeoutSeconds: 1 } },
      { name: names.mark, type: 'efficiency', baseline: 1, target: 2, probe: { command: 'node mark.js', parse: { format: 'number' }, timeoutSeconds: 10 } },
    ],
  }, null, 2);
}

/** Alive = exists and is not a zombie: an exited child nobody reaped yet (containers often lack an init that reaps) is gone. */
const alive = (pid: number): boolean => {
  try { process.kill(pid, 0); } catch { return false; }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return true; // no /proc: the signal check is all there is
  }
};

describe('measurement: probes, experiments, trust and config diagnostics', function () {
  this.timeout(120_000);
  let repo: string;
  const names = { bench: unique('bench-ms'), hang: unique('hang'), mark: unique('mark') };

  before(() => {
    // A git repository of its own inside the workspace folder, so proposals land under the engine's root.
    repo = path.join(folder().fsPath, unique('measure-fixture'));
    fs.mkdirSync(path.join(repo, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'bench.js'), BENCH);
    fs.writeFileSync(path.join(repo, 'config.js'), 'module.exports = { delayMs: 100 };\n');
    fs.writeFileSync(path.join(repo, 'hang.js'), HANG);
    fs.writeFileSync(path.join(repo, 'mark.js'), MARK);
    fs.writeFileSync(path.join(repo, 'README.md'), '# fixture\n');
    fs.writeFileSync(path.join(repo, '.gitignore'), '*.pids\n*.mark\n');
    fs.writeFileSync(path.join(repo, '.vscode', 'self-improvement.json'), config(names));
    const g = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, stdio: 'ignore' }); };
    g('init', '-q'); g('add', '.'); g('commit', '-q', '-m', 'fixture');
  });
  after(() => { fs.rmSync(repo, { recursive: true, force: true }); });

  it('a patch that makes the benchmark clearly faster: verdict success, a proposal offered with its evidence', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    t.ui.enqueue('Run', undefined);
    const patch = 'diff --git a/config.js b/config.js\n--- a/config.js\n+++ b/config.js\n@@ -1 +1 @@\n-module.exports = { delayMs: 100 };\n+module.exports = { delayMs: 5 };\n';
    const out = await run<ExperimentOutcome>(CommandId.RunExperimentOnChange, { folder: repo, capability: names.bench, candidate: { kind: 'patch', patch }, budget: { maxSamplesPerArm: 16 } });
    assert.ok(out, `no outcome: ${JSON.stringify(messagesSince(t, mark))}`);
    const shown = messagesSince(t, mark);
    assert.ok(shown[0]?.modal && /runs per arm planned/.test(shown[0].message), `the plan is shown first: ${shown[0]?.message}`);
    assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
    assert.ok(out.evidence.confirmed);
    assert.equal(out.improvements.length, 1);
    const imp = out.improvements[0]!;
    assert.equal(imp.status, 'pending');
    assert.equal(imp.filePath, `${path.basename(repo)}/config.js`);
    assert.ok(shown.some((m) => /^Verdict: success \(confirmed on fresh samples\)\. .*Proposed 1 change for approval/.test(m.message) && m.items.includes('Review Proposal')), 'the proposal is offered under the engine\'s headline');
    assert.equal(await readDisk(`${path.basename(repo)}/config.js`), 'module.exports = { delayMs: 100 };\n', 'the user file is untouched');
    // The evidence opens as a document.
    const uri = await run<vscode.Uri>(CommandId.ShowEvidence, { experimentId: out.experiment.id });
    const doc = await vscode.workspace.openTextDocument(uri!);
    assert.match(doc.getText(), /Verdict: success \(confirmed on fresh samples\)\*\*/);
    assert.match(doc.getText(), /## Guardrails/);
  });

  it('a candidate that edits its own benchmark is flagged: pending, never auto-applied, flagged in the tree', async () => {
    const t = await testing();
    t.ui.enqueue('Run', undefined);
    // "Faster" only because the benchmark now divides what it reports by 10.
    const patch = "diff --git a/bench.js b/bench.js\n--- a/bench.js\n+++ b/bench.js\n@@ -3 +3 @@\n-setTimeout(() => console.log('elapsed: ' + (Date.now() - t)), delayMs);\n+setTimeout(() => console.log('elapsed: ' + Math.round((Date.now() - t) / 10)), delayMs);\n";
    const out = await run<ExperimentOutcome>(CommandId.RunExperimentOnChange, { folder: repo, capability: names.bench, candidate: { kind: 'patch', patch }, budget: { maxSamplesPerArm: 16 } });
    assert.ok(out);
    assert.ok(out.evidence.tamperFlags.some((f) => f.file.endsWith('bench.js')), JSON.stringify(out.evidence.tamperFlags));
    for (const imp of out.improvements) assert.equal(imp.status, 'pending');
    assert.match(await readDisk(`${path.basename(repo)}/bench.js`), /\(Date\.now\(\) - t\)\)/, 'the benchmark on disk is untouched');
    if (out.improvements.length) {
      const tree = t.trees.improvements;
      const id = out.improvements[0]!.id;
      const node = await waitFor('the flagged proposal in the Improvements tree', async () =>
        (await tree.getChildren()).flatMap((n) => 'filePath' in n ? [n] : n.improvements).find((n) => n.id === id));
      assert.match(String(tree.getTreeItem(node).description), /flagged/);
    }
    if (out.experiment.verdict === 'success') {
      // The Experiments tree words a flagged success as the engine's headline does, never as a plain one.
      const experiments = t.trees.experiments;
      const row = await waitFor('the flagged experiment in the Experiments tree', async () => (await experiments.getChildren()).find((e) => e.id === out.experiment.id));
      assert.match(String(experiments.getTreeItem(row).description), /^success — flagged: needs your review · /);
    }
  });

  it('a no-op patch is not a success and proposes nothing', async () => {
    const t = await testing();
    t.ui.enqueue('Run', undefined);
    const before = (await engine()).listImprovements().length;
    const patch = 'diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n # fixture\n+docs\n';
    const out = await run<ExperimentOutcome>(CommandId.RunExperimentOnChange, { folder: repo, capability: names.bench, candidate: { kind: 'patch', patch }, budget: { maxSamplesPerArm: 8 } });
    assert.ok(out);
    assert.notEqual(out.experiment.verdict, 'success', out.evidence.reason);
    assert.equal((await engine()).listImprovements().length, before);
  });

  it('a probe that hangs is killed at its timeout with every process it started', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    const r = await run(CommandId.MeasureCapability, { folder: repo, capability: names.hang });
    assert.equal(r, undefined);
    const err = messagesSince(t, mark).find((m) => m.level === 'error');
    assert.match(err?.message ?? '', /did not finish within 1 s and was stopped/);
    const pids = JSON.parse(fs.readFileSync(path.join(repo, 'hang.pids'), 'utf8')) as number[];
    await waitFor('the probe and its child to be gone', () => pids.every((p) => !alive(p)) || undefined, 10_000);
  });

  it('untrusted: the runner refuses through the adapter\'s trust check, says why and how, and spawns nothing', async () => {
    // code-server's test harness opens the folder trusted; the override stands in for an untrusted workspace.
    const t = await testing();
    const mark = t.ui.shown.length;
    t.measure.trust.override = false;
    try {
      t.ui.enqueue(undefined);
      assert.equal(await run(CommandId.MeasureCapability, { folder: repo, capability: names.mark }), undefined);
      t.ui.enqueue(undefined);
      assert.equal(await run(CommandId.RunExperimentOnChange, { folder: repo, capability: names.bench, candidate: { kind: 'working-tree' } }), undefined);
    } finally {
      t.measure.trust.override = undefined;
    }
    const warnings = messagesSince(t, mark).filter((m) => m.level === 'warning');
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!.message, /not trusted/);
    assert.match(warnings[0]!.message, /Manage Workspace Trust/);
    assert.equal(fs.existsSync(path.join(repo, 'spawned.mark')), false, 'nothing was spawned');
    assert.equal((await engine()).getMeasurements(names.mark).length, 0);
  });

  it('a broken config file: a diagnostic at the right line, and the stored data kept', async () => {
    const t = await testing();
    const original = await readDisk('.vscode/self-improvement.json');
    const name = unique('declared');
    const good = `{\n  "capabilities": [\n    { "name": "${name}", "type": "efficiency", "baseline": 1, "target": 2 }\n  ]\n}\n`;
    try {
      await writeDisk('.vscode/self-improvement.json', good);
      await t.measure.watcher.reload(folder().fsPath);
      const e = await engine();
      assert.equal(e.getCapability(name).archived, false);
      e.measureCapability(name, 1.5);
      const broken = `{\n  "capabilities": [\n    { "name": "${name}", "type": "efficiency", "baseline": 1, "target": 2 },\n    { "name": "other", "type": "efficiency", "baseline": "ten", "target": 2 }\n  ]\n}\n`;
      await writeDisk('.vscode/self-improvement.json', broken);
      await t.measure.watcher.reload(folder().fsPath);
      const uri = vscode.Uri.joinPath(folder(), '.vscode/self-improvement.json');
      const diags = await waitFor('diagnostics', () => { const d = vscode.languages.getDiagnostics(uri); return d.length ? d : undefined; });
      const err = diags.find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
      assert.equal(err.range.start.line, 3, `on the broken capability's line: ${err.message}`);
      assert.equal(e.getCapability(name).archived, false, 'kept');
      assert.equal(e.getMeasurements(name).length, 1, 'its data kept');
      assert.throws(() => e.getCapability('other'));
    } finally {
      await writeDisk('.vscode/self-improvement.json', original);
    }
  });

  it('verifies and exports the audit trail', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    const report = await run<{ valid: boolean }>(CommandId.VerifyAuditTrail);
    assert.equal(report?.valid, true);
    assert.match(messagesSince(t, mark)[0]!.message, /Audit trail intact/);
    const target = path.join(repo, 'audit.jsonl');
    assert.equal(await run(CommandId.ExportAuditTrail, { path: target }), target);
    const lines = fs.readFileSync(target, 'utf8').trim().split('\n');
    assert.ok(lines.length >= 2 && lines.every((l) => typeof JSON.parse(l).hash === 'string'));
  });
});
