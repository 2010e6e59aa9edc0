// One small multi-step input: a sequence of input boxes and quick picks with a title "(step/total)", a
// Back button from the second step on (QuickInputButtons.Back, which returns to the previous step with
// its answer filled in), and Escape to cancel. Every multi-step flow uses it, so Back works everywhere.
// In Test mode the answers come from the Ui queue (BACK_ANSWER presses Back).
import * as vscode from 'vscode';
import type { PickItem, Ui } from './ui';

class Back extends Error {}
class Cancelled extends Error {}

export interface StepInput {
  /** An input box; `value` prefilled (the answer given before when coming back). */
  input(options: { prompt: string; placeHolder?: string; value?: string; validateInput?: (v: string) => string | undefined }): Promise<string>;
  pick<T>(items: PickItem<T>[], options: { placeHolder: string }): Promise<PickItem<T>>;
}

export interface Step<S> {
  /** Skipped (both ways) when false, e.g. a regex step only for the regex format. */
  when?: (state: S) => boolean;
  run(state: S, io: StepInput): Promise<void>;
}

/** Runs the steps over `state`; the filled state, or undefined when the person cancelled. */
export async function multiStepInput<S>(ui: Ui, title: string, steps: readonly Step<S>[], state: S): Promise<S | undefined> {
  const active = (i: number): boolean => steps[i]!.when?.(state) ?? true;
  let i = 0;
  const history: number[] = [];
  while (i < steps.length) {
    if (!active(i)) { i++; continue; }
    const shown = steps.filter((_, k) => active(k)).length;
    const position = steps.slice(0, i + 1).filter((_, k) => active(k)).length;
    const io = stepIo(ui, `${title} (${position}/${shown})`, history.length > 0);
    try {
      await steps[i]!.run(state, io);
      history.push(i);
      i++;
    } catch (e) {
      if (e instanceof Back) { i = history.pop() ?? 0; continue; }
      if (e instanceof Cancelled) return undefined;
      throw e;
    }
  }
  return state;
}

function stepIo(ui: Ui, title: string, back: boolean): StepInput {
  if (ui.testMode) {
    return {
      async input(o) {
        if (back && ui.takeBack()) throw new Back();
        const v = await ui.input({ title, prompt: o.prompt, placeHolder: o.placeHolder, value: o.value, validateInput: o.validateInput });
        if (v === undefined) throw new Cancelled();
        return v;
      },
      async pick(items, o) {
        if (back && ui.takeBack()) throw new Back();
        const p = await ui.pick(items, { title, placeHolder: o.placeHolder });
        if (!p) throw new Cancelled();
        return p;
      },
    };
  }
  const buttons = back ? [vscode.QuickInputButtons.Back] : [];
  return {
    input: (o) => new Promise<string>((resolve, reject) => {
      const box = vscode.window.createInputBox();
      Object.assign(box, { title, prompt: o.prompt, placeholder: o.placeHolder ?? '', value: o.value ?? '', buttons, ignoreFocusOut: true });
      let settled = false;
      const done = (f: () => void): void => { if (!settled) { settled = true; f(); box.dispose(); } };
      box.onDidChangeValue((v) => { box.validationMessage = o.validateInput?.(v); });
      box.onDidAccept(() => {
        const problem = o.validateInput?.(box.value);
        if (problem) { box.validationMessage = problem; return; }
        done(() => resolve(box.value));
      });
      box.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) done(() => reject(new Back())); });
      box.onDidHide(() => done(() => reject(new Cancelled())));
      box.show();
    }),
    pick: <T>(items: PickItem<T>[], o: { placeHolder: string }) => new Promise<PickItem<T>>((resolve, reject) => {
      const qp = vscode.window.createQuickPick<PickItem<T>>();
      Object.assign(qp, { title, placeholder: o.placeHolder, items, buttons, ignoreFocusOut: true });
      let settled = false;
      const done = (f: () => void): void => { if (!settled) { settled = true; f(); qp.dispose(); } };
      qp.onDidAccept(() => { const p = qp.selectedItems[0]; if (p) done(() => resolve(p)); });
      qp.onDidTriggerButton((b) => { if (b === vscode.QuickInputButtons.Back) done(() => reject(new Back())); });
      qp.onDidHide(() => done(() => reject(new Cancelled())));
      qp.show();
    }),
  };
}
