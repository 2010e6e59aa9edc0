import * as vscode from 'vscode';

export type MessageLevel = 'info' | 'warning' | 'error';
export interface ShownMessage { level: MessageLevel; message: string; items: string[]; modal: boolean }

export interface PickItem<T> extends vscode.QuickPickItem { value: T }

/** Tests: enqueue this to press a multi-step input's Back button (multiStepInput.ts). */
export const BACK_ANSWER = '<back>';

/**
 * A thin wrapper around window.show*: production code talks to the user through it, and tests switch
 * on `testMode` to see every message and to answer prompts from a queue instead of real UI (which
 * would block an unattended extension host).
 */
export class Ui {
  readonly shown: ShownMessage[] = [];
  /** Inputs rejected by an input box's validateInput while answering from the queue. */
  readonly rejectedInputs: { value: string; reason: string }[] = [];
  testMode = false;
  private readonly answers: (string | undefined)[] = [];

  /** Tests: the next prompts (input boxes, quick picks by label, message buttons) take these answers. */
  enqueue(...answers: (string | undefined)[]): void {
    this.answers.push(...answers);
  }

  /** Tests: true (and consumed) when the next queued answer presses Back. */
  takeBack(): boolean {
    if (this.answers[0] !== BACK_ANSWER) return false;
    this.answers.shift();
    return true;
  }

  pendingAnswers(): number {
    return this.answers.length;
  }

  info(message: string, ...items: string[]): Promise<string | undefined> {
    return this.show('info', message, items, false);
  }

  warn(message: string, ...items: string[]): Promise<string | undefined> {
    return this.show('warning', message, items, false);
  }

  error(message: string, ...items: string[]): Promise<string | undefined> {
    return this.show('error', message, items, false);
  }

  /** A modal question; true when the user chose `action`. */
  async confirm(message: string, action: string): Promise<boolean> {
    return (await this.show('warning', message, [action], true)) === action;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    if (!this.testMode) return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
    // Like a user who retypes until the box accepts: invalid queued values are recorded and skipped.
    while (this.answers.length) {
      const value = this.answers.shift();
      if (value === undefined) return undefined;
      const verdict = await options.validateInput?.(value);
      const reason = typeof verdict === 'string' ? verdict : verdict?.message;
      if (!reason) return value;
      this.rejectedInputs.push({ value, reason });
    }
    return undefined;
  }

  async pick<T>(items: PickItem<T>[], options: vscode.QuickPickOptions): Promise<PickItem<T> | undefined> {
    if (!this.testMode) return vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
    const label = this.answers.shift();
    return label === undefined ? undefined : items.find((i) => i.label === label);
  }

  /**
   * A quick pick with several choices, all checked at first unless `picked` says otherwise. Tests answer
   * with '*' (keep all), '' (none) or labels joined by '|'.
   */
  async pickMany<T>(items: PickItem<T>[], options: vscode.QuickPickOptions): Promise<PickItem<T>[] | undefined> {
    const checked = items.map((i) => ({ ...i, picked: i.picked ?? true }));
    if (!this.testMode) return vscode.window.showQuickPick(checked, { ignoreFocusOut: true, ...options, canPickMany: true });
    const answer = this.answers.shift();
    if (answer === undefined) return undefined;
    if (answer === '*') return checked;
    const labels = answer.split('|').filter(Boolean);
    return checked.filter((i) => labels.includes(i.label));
  }

  /** A modal question with several answers; undefined when dismissed. */
  ask(message: string, ...items: string[]): Promise<string | undefined> {
    return this.show('info', message, items, true);
  }

  private async show(level: MessageLevel, message: string, items: string[], modal: boolean): Promise<string | undefined> {
    this.shown.push({ level, message, items, modal });
    if (this.shown.length > 200) this.shown.shift();
    if (this.testMode) return items.length ? this.answers.shift() : undefined;
    const show = level === 'info' ? vscode.window.showInformationMessage
      : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    return show(message, { modal }, ...items);
  }
}
