// The MCP server (stdio, official SDK) over the same database file as the extension. It never holds the
// writer lock between calls: reads open the file read-only-if-busy; writes take the lock for the call
// and are refused, clearly, while another process (the VS Code extension) holds it. Nothing here can
// approve, apply, roll back or reject: those stay with a person in VS Code. No `vscode` import.
import * as path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ErrorCode, hasErrorCode } from '../engine/errorCodes';
import type { SelfImprovementEngine } from '../engine/engine';
import type { SelfImprovementApi } from '../engine/api';
import type { DatabaseBusyError } from '../engine/storage/storage-errors';
import type { AgentContext } from '../agents/operations';
import { engineChunk } from '../chunkLoader';

export const SERVER_NAME = 'self-improvement-engine';

export interface McpServerOptions {
  /** The database file (the extension's: its log shows the path). */
  dbPath: string;
  /** The workspace folder: holds .vscode/self-improvement.json, proposals are relative to it. */
  root: string;
  /** Probes run commands from the folder's config (and the candidate's code); false refuses to run experiments. */
  trusted: boolean;
  wasmPath?: string;
  version?: string;
}

/** A write was refused because another process writes the database. */
export class DatabaseInUseError extends Error {
  readonly code = ErrorCode.DatabaseInUse;
  constructor(file: string, holder: { pid: number; hostname: string; since: string }) {
    super(`The database ${file} is in use by ${holder.pid === process.pid ? 'another call of this server (an experiment is running)' : `the Self-Improvement extension or another process (pid ${holder.pid} on ${holder.hostname}, since ${holder.since})`}, so this server is read-only for now: reads work, this write was refused and nothing changed. In VS Code, use the extension's own language-model tools (#selfImprovement…) to write; outside it, close the VS Code window that has this workspace open and retry.`);
    this.name = 'DatabaseInUseError';
  }
}

/** run_experiment's answer when the server was started without --trusted. */
export const UNTRUSTED_MESSAGE = 'run_experiment is refused: this MCP server was started without --trusted, so it never runs probe commands. ' +
  'An experiment executes the candidate patch\'s code and the folder\'s probe commands with your user\'s rights (in a temporary copy, not a sandbox). ' +
  'If you trust this folder and the patches you will ask it to measure, restart the server with --trusted.';

export function agentContext(options: McpServerOptions): AgentContext {
  const open = (lock: 'fail' | 'never'): Promise<SelfImprovementEngine> => engineChunk().SelfImprovementEngine.open({
    dbPath: options.dbPath, rootDir: options.root, autoImprove: false, wasmPath: options.wasmPath, retention: false, storage: { lock },
  });
  const using = async <T>(engine: SelfImprovementApi, fn: (e: SelfImprovementApi) => T | Promise<T>): Promise<T> => {
    try { return await fn(engine); } finally { await engine.close(); }
  };
  return {
    folder: options.root,
    isTrusted: () => options.trusted,
    untrustedMessage: UNTRUSTED_MESSAGE,
    agent: 'mcp',
    trustHint: 'Restart the MCP server with --trusted if you trust this folder\'s commands.',
    // Opened per call: always the latest state on disk, and the lock is never held between calls.
    // Reads never try the lock at all, so a read-only tool cannot recover, migrate or save anything.
    read: async (fn) => using(await open('never'), fn),
    write: async (fn) => {
      let engine: SelfImprovementEngine;
      try {
        engine = await open('fail');
      } catch (error) {
        if (hasErrorCode(error, ErrorCode.DatabaseBusy)) { const busy = error as DatabaseBusyError; throw new DatabaseInUseError(busy.file, busy.holder); }
        throw error;
      }
      return using(engine, fn);
    },
  };
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The tool's JSON schema as clients see it (in tools/list), over a permissive zod object: the SDK's own
 * validation would answer a wrong shape with a raw zod dump, so the arguments are checked by the
 * operation's parser (agents/inputs.ts), which names the field and what was expected (issue 19 item 10).
 */
function advertised(schema: { properties: Record<string, unknown>; required?: readonly string[] }): z.ZodObject {
  return z.looseObject({}).meta({ properties: schema.properties, required: [...(schema.required ?? [])], additionalProperties: false });
}

/** What the SDK hands a tool handler that this server uses. */
interface ToolCallExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification: (n: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; message?: string } }) => Promise<void>;
}

/** Seconds between "still running" notifications while a single probe run is silent. */
export const PROGRESS_HEARTBEAT_MS = 10_000;

/**
 * When the client asked for progress (a progressToken), each step of a long call becomes a
 * notifications/progress, plus a heartbeat while a run is silent, so a client that resets its request
 * timeout on progress (the SDK's resetTimeoutOnProgress) does not give up on a long experiment.
 */
function progressReporter(extra: ToolCallExtra): { report: (p: { message: string }) => void; stop: () => void } | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let progress = 0;
  let last = 'working';
  const send = (message: string): void => {
    void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++progress, message } }).catch(() => undefined);
  };
  const heartbeat = setInterval(() => send(`still running: ${last}`), PROGRESS_HEARTBEAT_MS);
  heartbeat.unref();
  return { report: (p) => { last = p.message; send(p.message); }, stop: () => clearInterval(heartbeat) };
}

export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: options.version ?? '0.0.0' }, {
    instructions: 'Self-Improvement Engine: sync the config (sync_config), measure capabilities, calibrate noise, read weaknesses and capability history, plan experiments, measure patches with A/B runs, show their evidence, propose changes. Long tools send progress notifications when the request has a progressToken. Every proposal waits for a person to approve it in VS Code; no tool approves or applies anything.',
  });
  // Protocol-level failures (an unparsable message, a broken pipe) go to stderr instead of vanishing.
  server.server.onerror = (error) => console.error(`self-improvement-mcp: ${errorText(error)}`);
  const ctx = agentContext(options);
  const { TOOL_SPECS, OPERATIONS } = engineChunk().agents;
  for (const spec of TOOL_SPECS) {
    const op = OPERATIONS[spec.name];
    server.registerTool(spec.name, {
      title: spec.title,
      description: spec.description,
      inputSchema: advertised(spec.inputSchema),
      annotations: { readOnlyHint: spec.readOnly, destructiveHint: false, idempotentHint: spec.readOnly, openWorldHint: false },
    }, async (args: unknown, extra: ToolCallExtra) => {
      const progress = progressReporter(extra);
      try {
        const text = await op(ctx, args, extra.signal, progress?.report);
        return { content: [{ type: 'text' as const, text }] };
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: `${spec.name} failed: ${errorText(error)}` }] };
      } finally {
        progress?.stop();
      }
    });
  }
  return server;
}

export { SizeLimitedStdioTransport } from './stdioTransport';

export interface CliArgs { dbPath: string; root: string; trusted: boolean }

export const USAGE = 'Usage: self-improvement-mcp --db <database file> --root <workspace folder> [--trusted]';

/** Untrusted unless `--trusted` is given: running experiments executes code, so it is an explicit opt-in. */
export function parseArgs(argv: readonly string[]): CliArgs {
  let dbPath: string | undefined;
  let root: string | undefined;
  let trustedFlag: boolean | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--db') dbPath = argv[++i];
    else if (a === '--root') root = argv[++i];
    else if (a === '--trusted' || a === '--untrusted') {
      const value = a === '--trusted';
      if (trustedFlag !== undefined && trustedFlag !== value) throw new Error(`Give either --trusted or --untrusted, not both. ${USAGE}`);
      trustedFlag = value; // --untrusted is the default, still accepted for older configurations
    } else throw new Error(`Unknown argument "${a}". ${USAGE}`);
  }
  if (!dbPath) throw new Error(`--db is required. ${USAGE}`);
  if (!root) throw new Error(`--root is required. ${USAGE}`);
  return { dbPath: path.resolve(dbPath), root: path.resolve(root), trusted: trustedFlag ?? false };
}
