import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertSender, checkWebhookUrl, postAlert, senderFromEnv, WEBHOOK_ENV } from '../../../src/engine/monitoring/webhook';
import { watchWeaknessAlerts } from '../../../src/engine/monitoring/alertWatch';
import { openEngine } from '../engine/helpers';

interface Received { body: unknown; contentType: string | undefined }

/** A local webhook: answers each request with the next status of `statuses` (then 200); `hold` keeps answers back until released. */
async function webhookServer(statuses: number[] = []): Promise<{ url: string; received: Received[]; hold: () => () => void; close: () => Promise<void> }> {
  const received: Received[] = [];
  let held: Promise<void> | null = null;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (d) => { data += d; });
    req.on('end', async () => {
      received.push({ body: JSON.parse(data), contentType: req.headers['content-type'] });
      if (held) await held;
      res.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`, received,
    hold: () => { let release!: () => void; held = new Promise((r) => { release = () => { held = null; r(); }; }); return release; },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A port nothing listens on (bound, then closed). */
async function downUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/hook`;
}

const noWait = async (): Promise<void> => undefined;

describe('monitoring: alerts by webhook', () => {
  it('posts Slack-compatible JSON {text} and retries a 503 then a 429 until delivered', async () => {
    const hook = await webhookServer([503, 429]);
    try {
      const waits: number[] = [];
      const r = await postAlert({ kind: 'gate-failed', text: '[Self-Improvement] Gate failed' }, { url: hook.url, backoffMs: 100, sleep: async (ms) => { waits.push(ms); } });
      assert.equal(r.delivered, true);
      assert.equal(r.attempts, 3);
      assert.deepEqual(waits, [100, 200], 'exponential back-off');
      assert.equal(hook.received.length, 3);
      assert.deepEqual(hook.received[2]!.body, { text: '[Self-Improvement] Gate failed' });
      assert.equal(hook.received[2]!.contentType, 'application/json');
    } finally { await hook.close(); }
  });

  it('a 4xx other than 429 is not retried (the URL or payload is wrong, retrying cannot help)', async () => {
    const hook = await webhookServer([404]);
    try {
      const r = await postAlert({ kind: 'gate-failed', text: 'x' }, { url: hook.url, sleep: noWait });
      assert.deepEqual([r.delivered, r.attempts, r.status, r.error], [false, 1, 404, 'HTTP 404']);
    } finally { await hook.close(); }
  });

  it('a server that is down: retried, then given up on with the reason; nothing throws', async () => {
    const url = await downUrl();
    const r = await postAlert({ kind: 'weakness-opened', text: 'x' }, { url, retries: 2, sleep: noWait });
    assert.equal(r.delivered, false);
    assert.equal(r.attempts, 3);
    assert.equal(r.status, null);
    assert.match(r.error!, /ECONNREFUSED|fetch failed/);
    const results: boolean[] = [];
    const sender = new AlertSender({ url, retries: 1, sleep: noWait, onResult: (x) => results.push(x.delivered) });
    sender.send({ kind: 'weakness-opened', text: 'y' });
    assert.equal(await sender.flush(), true);
    assert.deepEqual(results, [false]);
  });

  it('send never blocks the caller: it returns while the webhook has not answered, in order after', async () => {
    const hook = await webhookServer();
    const release = hook.hold();
    try {
      const sender = new AlertSender({ url: hook.url, sleep: noWait });
      sender.send({ kind: 'weakness-opened', text: 'first' });
      sender.send({ kind: 'weakness-critical', text: 'second' });
      assert.equal(sender.inFlight, 2, 'both still queued when send returned');
      assert.equal(sender.results.length, 0);
      release();
      assert.equal(await sender.flush(), true);
      assert.deepEqual(sender.results.map((r) => [r.alert.text, r.delivered]), [['first', true], ['second', true]]);
      assert.deepEqual(hook.received.map((r) => (r.body as { text: string }).text), ['first', 'second']);
    } finally { release(); await hook.close(); }
  });

  it('the URL comes from SELF_IMPROVEMENT_WEBHOOK_URL; a bad one is refused clearly', () => {
    assert.equal(senderFromEnv({}), null);
    assert.ok(senderFromEnv({ [WEBHOOK_ENV]: 'https://hooks.example.com/T/B/x' }) instanceof AlertSender);
    assert.throws(() => senderFromEnv({ [WEBHOOK_ENV]: 'not a url' }), /is not a URL/);
    assert.throws(() => senderFromEnv({ [WEBHOOK_ENV]: 'file:///etc/passwd' }), /must be http\(s\)/);
  });

  it('a bad URL is refused without repeating it: a token in it never reaches the message', () => {
    const token = 'xoxb-SECRET-t0ken-42';
    for (const bad of [`hooks.example.com/services/${token}`, `ftp://hooks.example.com/services/${token}`, `https//hooks.example.com/${token}`,
      `javascript:${token}`, `file:///tmp/${token}`, `ws://user:${token}@hooks.example.com/x?token=${token}`]) {
      const err = (() => { try { checkWebhookUrl(bad); } catch (e) { return e as Error; } return null; })();
      assert.ok(err, `${bad} is refused`);
      assert.match(err.message, /is not a URL|must be http\(s\)/);
      assert.doesNotMatch(err.message, /SECRET|t0ken|hooks\.example/, err.message);
      assert.match(err.message, /give the incoming-webhook address/, 'the next step is offered');
    }
  });

  it('a delivery error names the host at most, never the token in the URL\'s path', async () => {
    const token = 'T0KEN-in-path-9f3';
    const url = `https://hooks.example.com/services/${token}?k=${token}`;
    const failing: typeof fetch = async () => { throw new TypeError(`fetch failed for ${url}`, { cause: new Error(`connect ECONNREFUSED ${url}`) }); };
    const r = await postAlert({ kind: 'gate-failed', text: 'x' }, { url, retries: 1, fetch: failing, sleep: async () => undefined });
    assert.equal(r.delivered, false);
    assert.match(r.error!, /fetch failed for https:\/\/hooks\.example\.com\/…/);
    assert.doesNotMatch(r.error!, new RegExp(token));
  });

  it('a weakness that opens, then turns critical, is announced once each; one open before watching is not', async () => {
    const { engine } = await openEngine();
    engine.registerCapability({ name: 'old', type: 'efficiency', baseline: 10, target: 5, direction: 'lower' });
    engine.measureCapability('old', 7);
    engine.registerCapability({ name: 'score', type: 'output_quality', baseline: 10, target: 20 });
    const sent: { kind: string; text: string }[] = [];
    const watch = watchWeaknessAlerts(engine, { send: (a) => sent.push(a) }, 'demo');
    engine.measureCapability('old', 7.5);
    engine.measureCapability('score', 15); // gap 25 % → medium: opens
    engine.measureCapability('score', 14); // still medium: nothing new
    engine.measureCapability('score', 5); // gap 75 % → critical
    engine.measureCapability('score', 4);
    watch.dispose();
    engine.measureCapability('score', 20);
    assert.deepEqual(sent.map((a) => a.kind), ['weakness-opened', 'weakness-critical']);
    assert.match(sent[0]!.text, /^\[Self-Improvement\] New medium weakness #\d+ .* on score: .*\(demo\)$/);
    assert.match(sent[1]!.text, /^\[Self-Improvement\] Now critical: weakness #\d+/);
    await engine.close();
  });
});
