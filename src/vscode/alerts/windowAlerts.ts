// Alerts and the decay watch from this window. While the engine is open for writing, the decay watch follows
// new measurements (the engine's followDecay: a faded gain opens its weakness, webhook or not); and while a
// webhook URL is in SecretStorage (webhookSecret.ts), weaknesses that open or turn critical and faded gains
// are posted to it (the engine's watchWeaknessAlerts, the CLI's rule). Follows the secret and the engine. Delivery is queued and retried by the
// engine's AlertSender and never blocks a command; a failed delivery goes to the log, not to a message box.
import type * as vscode from 'vscode';
import type { AlertSender } from '../../engine/monitoring/webhook';
import { engineChunk } from '../../chunkLoader';
import type { EngineHost } from '../engineHost';
import { Disposables, type DisposableLike } from '../lifecycle';
import { errorMessage } from '../log';
import { describeWebhook, WEBHOOK_SECRET } from './webhookSecret';

export class WindowAlerts extends Disposables {
  private watch: DisposableLike | undefined;
  private decay: DisposableLike | undefined;
  private sender: AlertSender | undefined;
  /** Serialises rewiring: a secret change during an engine open must not leave two watches. */
  private wiring: Promise<void> = Promise.resolve();

  constructor(private readonly host: EngineHost, private readonly secrets: vscode.SecretStorage, private readonly log: vscode.LogOutputChannel, private readonly where: string) {
    super();
    this.register(host.onDidChange((change) => { if (change === undefined) void this.rewire(); }));
    this.register(secrets.onDidChange((e) => { if (e.key === WEBHOOK_SECRET) void this.rewire(); }));
    this.register({ dispose: () => this.unwire() });
    void this.rewire();
  }

  /** The sender in use (null when no URL is set or no engine is open for writing); for the extension-host tests. */
  get current(): AlertSender | null {
    return this.sender ?? null;
  }

  /** Resolves when the watch follows the current secret and engine. */
  rewire(): Promise<void> {
    this.wiring = this.wiring.then(() => this.wire()).catch((err) => this.log.error(`Alerts: ${errorMessage(err)}`));
    return this.wiring;
  }

  private async wire(): Promise<void> {
    this.unwire();
    if (this.isDisposed) return;
    const engine = this.host.current;
    if (!engine || engine.readOnly) return;
    const { AlertSender, watchWeaknessAlerts, followDecay } = engineChunk();
    this.decay = followDecay(engine, () => this.sender ?? null, { onError: (err) => this.log.error(`Decay watch: ${errorMessage(err)}`) });
    const url = await this.secrets.get(WEBHOOK_SECRET);
    if (!url || this.isDisposed) return;
    const sender = new AlertSender({
      url,
      onResult: (r) => {
        if (r.delivered) this.log.info(`Alert delivered to ${describeWebhook(url)}: ${r.alert.kind}`);
        else this.log.warn(`Alert to ${describeWebhook(url)} not delivered after ${r.attempts} attempt(s): ${r.error ?? `HTTP ${r.status}`}`);
      },
    });
    this.sender = sender;
    this.watch = watchWeaknessAlerts(engine, sender, this.where);
  }

  private unwire(): void {
    this.watch?.dispose();
    this.watch = undefined;
    this.decay?.dispose();
    this.decay = undefined;
    this.sender = undefined;
  }
}
