// The dashboard webview: one panel that shows the overview (capabilities and the experiments table), a
// capability's history or an experiment's evidence. Strict CSP (a nonce for our one script, nothing
// inline, no eval), resources only from dist/webview, data from the engine as plain messages; it
// re-sends the current view when the engine changes or a running experiment reports a sample.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import { errorMessage } from '../log';
import { engineChunk } from '../../chunkLoader';
import { CommandId } from '../commands/commandTable';
import { DASHBOARD_VIEW_TYPE } from './dashboardIds';
import { liveRuns } from './liveRuns';
import { parseFromWebview, type DashboardRoute, type ToWebview } from './protocol';

const title = (r: DashboardRoute): string =>
  r.kind === 'overview' ? 'Self-Improvement Dashboard' : r.kind === 'capability' ? `Dashboard: ${r.name}` : `Dashboard: experiment #${r.id}`;

export class DashboardPanel implements vscode.Disposable {
  private static current: DashboardPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private timer: NodeJS.Timeout | undefined;

  /** Opens (or reveals and re-routes) the one dashboard panel. */
  static show(extensionUri: vscode.Uri, host: EngineHost, log: vscode.LogOutputChannel, route: DashboardRoute): DashboardPanel {
    const open = DashboardPanel.current;
    if (open) {
      open.route = route;
      open.panel.title = title(route);
      open.panel.reveal(undefined, false);
      open.send();
      return open;
    }
    const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, title(route), vscode.ViewColumn.Active, {
      enableScripts: true, localResourceRoots: [root], retainContextWhenHidden: false,
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity-bar.svg');
    return (DashboardPanel.current = new DashboardPanel(panel, root, host, log, route));
  }

  /** Tests: the open panel's route. */
  static get openRoute(): DashboardRoute | undefined { return DashboardPanel.current?.route; }

  private constructor(private readonly panel: vscode.WebviewPanel, root: vscode.Uri, private readonly host: EngineHost,
    private readonly log: vscode.LogOutputChannel, private route: DashboardRoute) {
    panel.webview.html = this.html(root);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      // The webview is rebuilt when it becomes visible again (no retained context): it says ready again.
      host.onDidChange(() => this.schedule()),
      liveRuns.onDidChange((id) => { if (this.route.kind === 'experiment' && this.route.id === id) this.schedule(); }),
    );
  }

  private html(root: vscode.Uri): string {
    const w = this.panel.webview;
    const nonce = crypto.randomBytes(16).toString('base64');
    const script = w.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.js'));
    const style = w.asWebviewUri(vscode.Uri.joinPath(root, 'dashboard.css'));
    const csp = [`default-src 'none'`, `img-src ${w.cspSource} data:`, `style-src ${w.cspSource}`, `font-src ${w.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${title(this.route)}</title>
</head>
<body>
<nav id="nav" aria-label="Dashboard"></nav>
<main id="app" tabindex="-1"><p class="loading" role="status">Loading…</p></main>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  private async receive(raw: unknown): Promise<void> {
    const m = parseFromWebview(raw);
    if (!m) { this.log.warn(`dashboard: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`); return; }
    if (m.type === 'ready') { this.ready = true; await this.send(); return; }
    if (m.type === 'open') { this.route = m.route; this.panel.title = title(m.route); await this.send(); return; }
    if (m.type === 'showEvidence') await vscode.commands.executeCommand(CommandId.ShowEvidence, m.experimentId);
  }

  /** Coalesces bursts (a measurement changes capability, measurement and weakness at once). */
  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.send(), 50);
  }

  private async send(): Promise<void> {
    if (!this.ready) return;
    let message: ToWebview;
    try {
      const engine = await this.host.get();
      const d = engineChunk().dashboard;
      const r = this.route;
      message = r.kind === 'overview' ? { type: 'overview', data: d.dashboardOverview(engine) }
        : r.kind === 'capability' ? { type: 'capability', data: d.capabilityDashboard(engine, r.name) }
        : { type: 'experiment', data: d.experimentDashboard(engine, r.id, liveRuns.get(r.id)) };
    } catch (err) {
      this.log.error(`dashboard: ${errorMessage(err)}`);
      message = { type: 'error', message: `${errorMessage(err)} — open the Overview to pick another capability or experiment.` };
    }
    await this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (DashboardPanel.current === this) DashboardPanel.current = undefined;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
