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

  abstract getTreeItem(element: T): vscode.TreeItem;
  protected abstract load(engine: SelfImprovementApi): T[];

  async getChildren(element?: T): Promise<T[]> {
    if (element) return [];
    try {
      this.items = this.load(await this.host.get());
    } catch (err) {
      // Shown by whoever triggered the load; an empty tree shows the welcome content.
      this.log.error(`Could not load ${this.constructor.name}: ${errorMessage(err)}`);
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
