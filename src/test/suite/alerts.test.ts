import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { CommandId } from '../../vscode/commands/commandTable';
import { engine, folder, run, testing, unique, waitFor } from './helpers';

/** A local webhook that records every POSTed JSON body. */
async function hookServer(token: string): Promise<{ url: string; bodies: { text: string }[]; close(): Promise<void> }> {
  const bodies: { text: string }[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => { data += d; });
    req.on('end', () => {
      try { bodies.push(JSON.parse(data)); } catch { bodies.push({ text: `(not JSON) ${data}` }); }
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T000/B000/${token}`, bodies, close: () => new Promise((r) => server.close(() => r())) };
}

describe('alerts: Set / Clear Alert Webhook (SecretStorage, never settings)', () => {
  it('posts a new weakness to the webhook in SecretStorage; a URL in the workspace settings is never read; Clear stops it', async function () {
    this.timeout(60_000);
    const t = await testing();
    const api = await engine();
    const fromSettings = await hookServer('token-from-the-workspace');
    const fromSecret = await hookServer('token-that-must-not-leak');
    const settingsFile = path.join(folder().fsPath, '.vscode', 'settings.json');
    const settingsBefore = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : null;
    try {
      // A workspace that tries to route alerts elsewhere: any such key must be ignored.
      // (settings.json is JSONC, comments and trailing commas allowed: the keys go in as text after its first brace.)
      const keys = ['selfImprovement.alertWebhookUrl', 'selfImprovement.webhookUrl', 'selfImprovement.alerts.webhookUrl'].map((k) => `\n  ${JSON.stringify(k)}: ${JSON.stringify(fromSettings.url)},`).join('');
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, (settingsBefore ?? '{\n}\n').replace('{', `{${keys}`));
      await t.alerts.rewire();
      assert.equal(t.alerts.current, null, 'no secret yet: no sender, whatever the settings say');
      const early = unique('alert-before-secret');
      api.identifyWeakness({ name: early, type: 'reliability', severity: 'high', description: 'opened before any secret', impact: 0.5, direction: 'higher' });

      // A bad URL is refused in the box; a good one is stored and the sender follows it.
      const rejected = t.ui.rejectedInputs.length;
      t.ui.enqueue('ftp://chat.example/hook', fromSecret.url);
      assert.equal(await run(CommandId.SetAlertWebhook), new URL(fromSecret.url).origin);
      assert.match(t.ui.rejectedInputs.slice(rejected).map((r) => r.reason).join('\n'), /must be http\(s\)/);
      assert.ok(!t.ui.shown.some((m) => m.message.includes('token-that-must-not-leak')), 'the URL\'s token is never shown');
      await waitFor('the sender to follow the secret', () => t.alerts.current !== null);

      const name = unique('alert-weakness');
      api.identifyWeakness({ name, type: 'reliability', severity: 'high', description: 'login fails one run in ten', impact: 0.6, direction: 'higher' });
      const got = await waitFor('the alert at the secret\'s webhook', () => fromSecret.bodies.find((b) => b.text.includes(name)), 20_000);
      assert.match(got.text, /^\[Self-Improvement\] New high weakness #\d+ /);
      assert.ok(!fromSecret.bodies.some((b) => b.text.includes(early)), 'what opened before the secret is not announced late');
      assert.deepEqual(fromSettings.bodies, [], 'the URL in the workspace settings was never used');
      assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes('token-that-must-not-leak'), 'the secret was not written to settings');

      // Clear: the secret goes, the sender with it; nothing more is posted.
      assert.equal(await run(CommandId.ClearAlertWebhook), true);
      await waitFor('the sender to go', () => t.alerts.current === null);
      const delivered = fromSecret.bodies.length;
      api.identifyWeakness({ name: unique('alert-after-clear'), type: 'reliability', severity: 'critical', description: 'after clear', impact: 0.9, direction: 'higher' });
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(fromSecret.bodies.length, delivered);
      assert.deepEqual(fromSettings.bodies, []);
      assert.equal(await run(CommandId.ClearAlertWebhook), false, 'nothing left to clear');
    } finally {
      if (settingsBefore === null) fs.rmSync(settingsFile, { force: true }); else fs.writeFileSync(settingsFile, settingsBefore);
      await fromSettings.close();
      await fromSecret.close();
    }
  });
});

describe('alerts: the window\'s decay watch (followDecay after a burst of measurements)', () => {
  it('a gain that fades over new measurements opens its weakness in the window, and the webhook in SecretStorage is told', async function () {
    this.timeout(60_000);
    const t = await testing();
    const api = await engine();
    const hook = await hookServer('decay-token-never-shown');
    const cap = unique('decay-ms');
    const file = `${unique('decay')}.js`;
    await fs.promises.writeFile(path.join(folder().fsPath, file), 'const cache = false;\n');
    try {
      t.ui.enqueue(hook.url);
      await run(CommandId.SetAlertWebhook);
      await waitFor('the sender to follow the secret', () => t.alerts.current !== null);

      // A confirmed 100 → 60 ms success, approved: the watch follows the capability from then on.
      api.registerCapability({ name: cap, type: 'efficiency', baseline: 100, target: 50, unit: 'ms', direction: 'lower' });
      for (const v of [101, 99, 100]) api.measureCapability(cap, v);
      const effect = { capability: cap, unit: 'ms', direction: 'lower' as const, baselineMean: 100, candidateMean: 60, gain: 40, relativeGain: 0.4,
        ci: [35, 45] as [number, number], relativeCi: [0.35, 0.45] as [number, number], pValue: 0.0001, n: { baseline: 8, candidate: 8 } };
      const exp = api.createExperiment({ capabilityName: cap, name: 'cache lookups' });
      api.startExperiment(exp.id);
      api.recordExperimentResult(exp.id, { verdict: 'success', reason: 'faster', actualImprovement: 0.4, evidence: {
        candidate: { kind: 'patch', description: `patch (${file})` }, target: cap, verdict: 'success', reason: 'faster', effect, firstEffect: effect, confirmed: true,
        samples: { baseline: [100], candidate: [60] }, sequential: null, guardrails: [], multiplicity: null, flips: [], tamperFlags: [], changedFiles: [file],
        plan: { samplesPerArm: 8, maxSamplesPerArm: 20, maxMinutes: null, expectedSeconds: null, basis: 'default', warning: null },
        stopped: 'rule', durationMs: 1000, alpha: 0.05, threshold: 0.15, improvementIds: [], notProposed: [], log: [],
      } });
      const imp = await api.applyImprovement({ name: 'cache lookups', filePath: file, newCode: 'const cache = true;\n', experimentId: exp.id });
      await api.approveImprovement(imp.id, 'tester');
      await new Promise((r) => setTimeout(r, 20)); // the later measurements come after the approval's instant
      const faded = () => api.listWeaknesses({ status: 'open' }).find((w) => w.capabilityName === cap && /^Gain of improvement #\d+ "cache lookups" faded/.test(w.name));

      // The level slides back to where it was: one burst of measurements, then the window's watch runs once.
      for (const v of [95, 99, 101, 98, 102, 100]) api.measureCapability(cap, v);
      assert.equal(faded(), undefined, 'nothing runs inside the burst');
      const w = await waitFor('the faded gain\'s weakness', faded, 20_000);
      assert.match(w.name, new RegExp(`^Gain of improvement #${imp.id} `));
      assert.match(w.description, /slid back after improvement #\d+ \(experiment #\d+\) was applied/);
      const posted = await waitFor('the decay alert at the webhook', () => hook.bodies.find((b) => b.text.includes(`slid back after improvement #${imp.id}`)), 20_000);
      assert.match(posted.text, new RegExp(`Weakness #${w.id} opened`));
      assert.ok(!t.ui.shown.some((m) => m.message.includes('decay-token-never-shown')), 'the URL\'s token is never shown');

      // Measured again while that weakness is open: no second weakness, no second decay alert.
      api.measureCapability(cap, 99);
      await new Promise((r) => setTimeout(r, 2500));
      assert.equal(api.listWeaknesses({ status: 'open' }).filter((x) => x.capabilityName === cap && /faded/.test(x.name)).length, 1);
      assert.equal(hook.bodies.filter((b) => b.text.includes(`slid back after improvement #${imp.id}`)).length, 1);
    } finally {
      await run(CommandId.ClearAlertWebhook);
      await hook.close();
      await fs.promises.rm(path.join(folder().fsPath, file), { force: true });
    }
  });
});
