// Alerts to a chat channel: a Slack-compatible JSON message (`{"text": …}`, which Slack, Mattermost,
// Rocket.Chat and Teams' incoming webhooks accept) POSTed to a webhook URL, retried with exponential
// back-off on network errors, 429 and 5xx. Sending never blocks the loop: `send` queues and returns;
// `flush` (bounded) lets a short-lived process such as the CLI wait for delivery before it exits.
export type AlertKind = 'weakness-opened' | 'weakness-critical' | 'gate-failed' | 'gain-decayed';

export interface Alert {
  kind: AlertKind;
  text: string;
}

/** Where the CLI takes the URL from (a credential: never a settings file); VS Code keeps it in SecretStorage (src/vscode/alerts). */
export const WEBHOOK_ENV = 'SELF_IMPROVEMENT_WEBHOOK_URL';

export interface WebhookOptions {
  url: string;
  /** Attempts after the first. Default 3. */
  retries?: number;
  /** First back-off; doubles each retry. Default 500 ms. */
  backoffMs?: number;
  /** Per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /** Told about every delivery (or final failure); never throws into the sender. */
  onResult?: (r: DeliveryResult) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryResult {
  alert: Alert;
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last attempt, or null when it never answered. */
  status: number | null;
  error: string | null;
}

/**
 * A URL the sender accepts: http(s) only (a typo or a file: URL is refused up front, clearly). The message never
 * repeats the URL: an incoming-webhook address carries its token in the path or the query, and errors end up
 * in logs, CI output and screenshots. It says what is wrong, with the scheme at most.
 */
export function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try { parsed = new URL(url); } catch {
    throw new Error(`The alert webhook URL is not a URL (${typeof url === 'string' && url.trim() === '' ? 'it is empty' : 'it does not parse as scheme://host/path'}); give the incoming-webhook address your chat service shows (https://…).`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`The alert webhook URL must be http(s), got a ${parsed.protocol} URL; give the incoming-webhook address your chat service shows (https://…).`);
  }
  return parsed.toString();
}

/** The URL as it may be shown: scheme and host only (the path and query hold the webhook's token). */
function describeWebhookUrl(url: string): string {
  try { const u = new URL(url); return `${u.protocol}//${u.host}/…`; } catch { return 'the webhook URL'; }
}

/** A delivery error's text with the URL (and its path, which holds the token) replaced by scheme://host/…. */
function withoutUrl(text: string, url: string): string {
  let path = '';
  try { const u = new URL(url); path = `${u.pathname}${u.search}`; } catch { /* checked before sending */ }
  const safe = text.split(url).join(describeWebhookUrl(url));
  return path.length > 1 ? safe.split(path).join('/…') : safe;
}

const retryable = (status: number): boolean => status === 429 || status >= 500;

/** One alert, with retries. Resolves (never rejects) with how it went. */
export async function postAlert(alert: Alert, options: WebhookOptions): Promise<DeliveryResult> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retries = options.retries ?? 3;
  let status: number | null = null;
  let error: string | null = null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((options.backoffMs ?? 500) * 2 ** (attempt - 1));
    try {
      const res = await doFetch(options.url, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: alert.text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { alert, delivered: true, attempts: attempt + 1, status, error: null };
      error = `HTTP ${res.status}`;
      if (!retryable(res.status)) return { alert, delivered: false, attempts: attempt + 1, status, error };
    } catch (e) {
      status = null;
      error = withoutUrl(e instanceof Error ? (e.cause instanceof Error ? `${e.message}: ${e.cause.message}` : e.message) : String(e), options.url);
    }
  }
  return { alert, delivered: false, attempts: retries + 1, status, error };
}

/** Queues alerts and delivers them in order in the background. */
export class AlertSender {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  readonly results: DeliveryResult[] = [];

  constructor(private readonly options: WebhookOptions) {
    checkWebhookUrl(options.url);
  }

  /** Returns at once; delivery happens later (and is retried) without holding up the caller. */
  send(alert: Alert): void {
    this.pending++;
    this.queue = this.queue.then(async () => {
      const r = await postAlert(alert, this.options);
      this.results.push(r);
      try { this.options.onResult?.(r); } catch { /* a faulty listener must not stop delivery */ }
    }).finally(() => { this.pending--; });
  }

  get inFlight(): number { return this.pending; }

  /** Waits for queued alerts, at most `maxMs`; true when all were handled (delivered or given up on). */
  async flush(maxMs = 15_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => { timer = setTimeout(() => r(false), maxMs); timer.unref?.(); });
    const done = await Promise.race([this.queue.then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }
}

/** A sender for the URL in the environment, or null when none is set. */
export function senderFromEnv(env: Record<string, string | undefined> = process.env, options: Omit<WebhookOptions, 'url'> = {}): AlertSender | null {
  const url = env[WEBHOOK_ENV]?.trim();
  return url ? new AlertSender({ ...options, url }) : null;
}
