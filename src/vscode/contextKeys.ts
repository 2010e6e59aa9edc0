import * as vscode from 'vscode';
import { ContextKey } from './ids';

/** Sets a context key only when its value changes (each set is a round trip to the workbench). */
export class ContextKeys {
  private readonly values = new Map<ContextKey, boolean>();

  set(key: ContextKey, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
