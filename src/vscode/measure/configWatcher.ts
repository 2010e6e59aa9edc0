// Watches each workspace folder's .vscode/self-improvement.json: problems go to the Problems panel at
// their line, a valid file is synced into the engine (added, updated, archived), a broken one changes nothing.
import * as path from 'path';
import * as vscode from 'vscode';
import type { ConfigParseResult } from '../../engine/config/types';
import type { SyncResult } from '../../engine/loop/sync';
import type { EngineHost } from '../engineHost';
import { errorMessage } from '../log';
import { engineChunk } from '../../chunkLoader';
import { DIAGNOSTIC_SOURCE } from '../ids';
import { Disposables, toDisposable } from '../lifecycle';

export const CONFIG_FILE = '.vscode/self-improvement.json';

export interface FolderConfig {
  folder: string;
  uri: vscode.Uri;
  parsed: ConfigParseResult;
}

export class ConfigWatcher extends Disposables {
  readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly changed = this.register(new vscode.EventEmitter<{ folder: string; sync: SyncResult | null }>());
  /** Fires after a folder's file was read (and synced when valid). */
  readonly onDidReload = this.changed.event;
  /** Per folder: the capabilities its last valid file declares, and whether each has a probe. */
  private readonly probes = new Map<string, Map<string, boolean>>();

  /** True/false when a folder's file declares `name` (with/without a probe); undefined when none does. */
  hasProbe(name: string): boolean | undefined {
    let seen: boolean | undefined;
    for (const caps of this.probes.values()) if (caps.has(name)) seen = (seen ?? false) || caps.get(name)!;
    return seen;
  }

  constructor(private readonly host: EngineHost, private readonly log: vscode.LogOutputChannel) {
    super();
    // The per-folder file watchers (a map, so not registered one by one: a removed folder drops its own).
    this.register(toDisposable(() => {
      for (const w of this.watchers.values()) w.dispose();
      this.watchers.clear();
    }));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const f of e.removed) { this.watchers.get(f.uri.fsPath)?.dispose(); this.watchers.delete(f.uri.fsPath); }
      for (const f of e.added) this.watch(f);
    }));
  }

  /** Starts watching every folder (called after activation, so reading the chunk does not slow it down). */
  start(): void {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.watch(f);
  }

  private watch(folder: vscode.WorkspaceFolder): void {
    if (this.watchers.has(folder.uri.fsPath)) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, CONFIG_FILE));
    const reload = (): void => { this.reload(folder.uri.fsPath).catch((err) => this.log.error(`Config reload failed: ${errorMessage(err)}`)); };
    w.onDidCreate(reload);
    w.onDidChange(reload);
    w.onDidDelete(() => { this.diagnostics.delete(vscode.Uri.file(path.join(folder.uri.fsPath, CONFIG_FILE))); });
    this.watchers.set(folder.uri.fsPath, w);
    reload();
  }

  /** Reads and parses a folder's file from disk; null when it does not exist. */
  async read(folder: string): Promise<FolderConfig | null> {
    const uri = vscode.Uri.file(path.join(folder, CONFIG_FILE));
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return null;
    }
    return { folder, uri, parsed: engineChunk().parseConfig(text) };
  }

  /** Reads the file, publishes its problems, and syncs the engine when it has none. */
  async reload(folder: string): Promise<FolderConfig | null> {
    const fc = await this.read(folder);
    if (!fc) { this.probes.delete(folder); this.changed.fire({ folder, sync: null }); return null; }
    if (fc.parsed.config) this.probes.set(folder, new Map(fc.parsed.config.capabilities.map((c) => [c.name, c.probe !== null])));
    this.diagnostics.set(fc.uri, fc.parsed.diagnostics.map((d) => {
      const range = new vscode.Range(d.range.startLine, d.range.startCharacter, d.range.endLine, d.range.endCharacter);
      const diag = new vscode.Diagnostic(range, d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diag.source = DIAGNOSTIC_SOURCE;
      if (d.path) diag.code = d.path;
      return diag;
    }));
    let sync: SyncResult | null = null;
    if (fc.parsed.config) {
      const engine = await this.host.get();
      if (!engine.readOnly) {
        sync = engineChunk().syncCapabilitiesFromConfig(engine, fc.parsed, vscode.Uri.file(folder).toString());
        const changes = [...sync.added.map((n) => `+${n}`), ...sync.updated.map((n) => `~${n}`), ...sync.archived.map((n) => `-${n}`)];
        if (changes.length) this.log.info(`Synced capabilities from ${fc.uri.fsPath}: ${changes.join(' ')}`);
        for (const e of sync.errors) this.log.warn(`Could not sync ${e.name}: ${e.message}`);
      }
    } else {
      this.log.warn(`${fc.uri.fsPath} has problems; the stored capabilities were left as they are.`);
    }
    this.changed.fire({ folder, sync });
    return fc;
  }
}
