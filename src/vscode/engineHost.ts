import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../engine/api';
import type { EngineChange } from '../engine/types';
import type { Disposable } from '../engine/ports';
import { readAutoImprove, readImprovementThreshold } from './config';
import { errorMessage } from './log';
import { WorkspaceFilesPort } from './workspaceFilesPort';
import { engineChunk } from '../chunkLoader';

export const DB_FILE = 'self-improvement.sqlite';
/** npm start and the e2e tests point this at a database seeded by the engine; copied once when ours does not exist. */
export const SEED_ENV = 'SELF_IMPROVEMENT_SEED_DB';

/**
 * Opens the engine on first use (never during activation: loading the WASM costs more than the
 * activation budget), re-broadcasts its changes as a VS Code event, and flushes/closes it on dispose.
 */
export class EngineHost implements vscode.Disposable {
  private opening: Promise<SelfImprovementApi> | undefined;
  /** A close still releasing the writer lock; the next open waits for it (else it meets its own lock). */
  private closing: Promise<void> = Promise.resolve();
  private engine: SelfImprovementApi | undefined;
  private subscription: Disposable | undefined;
  private readonly changes = new vscode.EventEmitter<EngineChange | undefined>();
  /** Fires on every engine change, and with `undefined` when an engine was opened or closed. */
  readonly onDidChange = this.changes.event;
  readonly folder: vscode.Uri | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  get current(): SelfImprovementApi | undefined {
    return this.engine;
  }

  get dbPath(): string {
    return path.join((this.context.storageUri ?? this.context.globalStorageUri).fsPath, DB_FILE);
  }

  get(): Promise<SelfImprovementApi> {
    if (!this.opening) {
      this.opening = this.open();
      this.opening.catch(() => { this.opening = undefined; }); // the next use tries again
    }
    return this.opening;
  }

  /**
   * Applies changed settings to the open engine in place (no reopen under running work): autoImprove
   * from the user's own settings only (readAutoImprove), the threshold from any scope.
   */
  async applySettings(): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    engine.autoImprove = readAutoImprove();
    engine.improvementThreshold = readImprovementThreshold(this.folder);
  }

  async flush(): Promise<void> {
    await this.engine?.flush();
  }

  close(): Promise<void> {
    const opening = this.opening;
    this.opening = undefined;
    if (!opening) return this.closing;
    this.closing = this.closing.then(async () => {
      const engine = await opening.catch(() => undefined);
      this.subscription?.dispose();
      this.subscription = undefined;
      this.engine = undefined;
      await engine?.close();
    });
    return this.closing;
  }

  dispose(): void {
    // Deactivation cannot await; a failed close must still be logged, never an unhandled rejection.
    this.close().catch((err: unknown) => this.log.error(`Closing the engine failed: ${errorMessage(err)}`));
    this.changes.dispose();
  }

  private async open(): Promise<SelfImprovementApi> {
    await this.closing.catch(() => undefined);
    const started = Date.now();
    const dbPath = this.dbPath;
    await fs.mkdir(path.dirname(dbPath), { recursive: true });
    await this.seedIfEmpty(dbPath);
    const root = this.folder ?? (this.context.storageUri ?? this.context.globalStorageUri);
    // Loaded here, not at activation: the engine chunk (dist/engine.js) stays out of extension.js.
    const { SelfImprovementEngine } = engineChunk();
    const engine = await SelfImprovementEngine.open({
      dbPath,
      rootDir: root.fsPath,
      files: new WorkspaceFilesPort(root),
      autoImprove: readAutoImprove(),
      improvementThreshold: readImprovementThreshold(this.folder),
      wasmPath: vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'sql-wasm.wasm').fsPath,
      // A second window (or an MCP client mid-write) holds the lock: read, don't fight over the file.
      // Recovery notes (a damaged file set aside) are worth a visible warning, not just a log line.
      storage: { lock: 'readonly', onMessage: (message) => { this.log.warn(message); void vscode.window.showWarningMessage(message); } },
    });
    if (engine.readOnly) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Another process is writing this workspace\'s Self-Improvement database, so this window shows it read-only. Close the other window (or MCP client) and reload to make changes.'));
    }
    this.engine = engine;
    this.subscription = engine.onDidChange((change) => this.changes.fire(change));
    this.log.info(`Engine opened in ${Date.now() - started} ms: ${dbPath}${engine.readOnly ? ' (read-only: another window holds it)' : ''}`);
    this.changes.fire(undefined);
    return engine;
  }

  private async seedIfEmpty(dbPath: string): Promise<void> {
    const seed = process.env[SEED_ENV];
    if (!seed) return;
    try {
      await fs.copyFile(seed, dbPath, (await import('fs')).constants.COPYFILE_EXCL);
      this.log.info(`Seeded the database from ${seed}`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') this.log.warn(`Could not seed from ${seed}: ${errorMessage(err)}`);
    }
  }
}
