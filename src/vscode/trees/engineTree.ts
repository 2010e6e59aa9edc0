import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import type { EngineHost } from '../engineHost';
import { errorMessage } from '../log';

/**
 * Base of the four trees: elements are the engine's plain data, turned into TreeItems in getTreeItem.
 * Loading the engine happens on the first getChildren (the view became visible), not at activation.
 */
export abstract class EngineTree<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The elements of the last render, for badges, context keys and tests. */
  items: T[] = [];

  constructor(protected readonly host: EngineHost, private readonly log: vscode.LogOutputChannel) {}

  /** For log lines (class names do not survive minification). */
  protected abstract readonly title: string;
  abstract getTreeItem(element: T): vscode.TreeItem;
  /** The Markdown tooltip; built on hover (resolveTreeItem), not for every row of a large tree. */
  abstract tooltip(element: T): vscode.MarkdownString;
  protected abstract load(engine: SelfImprovementApi): T[];

  resolveTreeItem(item: vscode.TreeItem, element: T): vscode.TreeItem {
    item.tooltip = this.tooltip(element);
    return item;
  }

  async getChildren(element?: T): Promise<T[]> {
    if (element) return [];
    try {
      const engine = await this.host.get();
      const started = Date.now();
      this.items = this.load(engine);
      const ms = Date.now() - started;
      if (ms > 200) this.log.info(`${this.title}: loaded ${this.items.length} items in ${ms} ms`);
    } catch (err) {
      // Shown by whoever triggered the load; an empty tree shows the welcome content.
      this.log.error(`Could not load ${this.title}: ${errorMessage(err)}`);
      this.items = [];
    }
    return this.items;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
