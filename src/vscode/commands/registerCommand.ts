// The one command registrar. Every command goes through it, so every command behaves the same way on
// failure: the stack goes to the log (Output › Self-Improvement), the person gets one message without a
// stack trace (plus the next step where there is one), and the command returns undefined. The options of
// each command (engine, trust, writes) come from the table (commandTable.ts), never from the call site.
import * as vscode from 'vscode';
import type { SelfImprovementApi } from '../../engine/api';
import { ErrorCode, hasErrorCode } from '../../engine/errorCodes';
import { errorMessage } from '../log';
import { MANAGE_TRUST, TRUST_MESSAGE } from '../measure/trust';
import { isNextStepError } from '../nextStep';
import type { Ui } from '../ui';
import { commandSpec, CommandId, type EngineCommandId, type PlainCommandId } from './commandTable';

/** What the registrar needs: the lazily opened engine, the message wrapper, the log, and (for `trust` commands) trust. */
export interface CommandServices {
  readonly host: { get(): Promise<SelfImprovementApi> };
  readonly ui: Ui;
  readonly log: vscode.LogOutputChannel;
  readonly trust?: { isTrusted(): boolean };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Args = any[];
export type EngineHandler = (engine: SelfImprovementApi, ...args: Args) => unknown;
export type PlainHandler = (...args: Args) => unknown;
/** A table row with `engine: true` gets the engine first; the others get the command's arguments only (a mixed union: never). */
export type HandlerFor<Id extends CommandId> = [Id] extends [EngineCommandId] ? EngineHandler : [Id] extends [PlainCommandId] ? PlainHandler : never;

export const READ_ONLY_MESSAGE = 'Nothing was changed: this window shows the Self-Improvement database read-only, because another window (or an MCP client) is writing it. '
  + 'Close the other window, or wait until its experiment has finished, then reload this window to make changes.';

/** What a failure tells the person: the error's own message, and the next step for the codes that need one. */
export function userMessage(err: unknown): string {
  const message = errorMessage(err);
  if (hasErrorCode(err, ErrorCode.ReadOnly)) return `${message} Close the other window (or MCP client) and reload this one to make changes.`;
  return message;
}

export const SET_UP = 'Set Up…';

/** The one place a missing config becomes an offer: the engine's NoConfig code → a "Set Up…" button. */
async function showFailure(ui: Ui, err: unknown): Promise<void> {
  if (!hasErrorCode(err, ErrorCode.NoConfig)) { void ui.error(userMessage(err)); return; }
  const folder = (err as { folder?: unknown }).folder;
  const choice = await ui.warn(`${errorMessage(err)} Set up capabilities from what the folder has (its test and bench scripts, pytest, go, cargo, Makefile)?`, SET_UP);
  if (choice === SET_UP) await vscode.commands.executeCommand(CommandId.SetUp, typeof folder === 'string' ? { folder } : undefined);
}

async function refuseUntrusted(ui: Ui): Promise<void> {
  const choice = await ui.warn(TRUST_MESSAGE, MANAGE_TRUST);
  if (choice === MANAGE_TRUST) await vscode.commands.executeCommand('workbench.trust.manage');
}

/**
 * Registers command `id` with `handler`. A `vscode.CancellationError` from the handler (the person dismissed
 * a picker half-way) ends the command quietly; any other failure is logged with its stack and shown once.
 */
export function registerCommand<Id extends CommandId>(services: CommandServices, id: Id, handler: HandlerFor<Id>): vscode.Disposable {
  const spec = commandSpec(id);
  const { trust } = services;
  if (spec.trust && !trust) throw new Error(`${id} needs workspace trust, but registerCommand was given no trust to check.`);
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      if (spec.trust && !trust!.isTrusted()) {
        await refuseUntrusted(services.ui);
        return undefined;
      }
      if (!spec.engine && !spec.writes) return await (handler as PlainHandler)(...args);
      const engine = await services.host.get();
      if (spec.writes && engine.readOnly) {
        void services.ui.warn(READ_ONLY_MESSAGE);
        return undefined;
      }
      return spec.engine ? await (handler as EngineHandler)(engine, ...args) : await (handler as PlainHandler)(...args);
    } catch (err) {
      if (err instanceof vscode.CancellationError) return undefined;
      if (isNextStepError(err)) {
        // A refusal with a way forward: a warning with one button per step, no stack (nothing broke).
        services.log.info(`${id} refused: ${err.message}`);
        void services.ui.warn(err.message, ...err.steps.map((s) => s.title)).then((choice) => {
          const step = err.steps.find((s) => s.title === choice);
          if (step) return vscode.commands.executeCommand(step.command, ...(step.args ?? []));
          return undefined;
        }).then(undefined, (e: unknown) => services.log.error(`next step after ${id} failed: ${errorMessage(e)}`));
        return undefined;
      }
      services.log.error(`${id} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      void showFailure(services.ui, err);
      return undefined;
    }
  });
}
