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
  const open = (lock: 'fail' | 'readonly'): Promise<SelfImprovementEngine> => engineChunk().SelfImprovementEngine.open({
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
    // Opened per call: always the latest state on disk, and the lock is never held between calls.
    read: async (fn) => using(await open('readonly'), fn),
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

export function createMcpServer(options: McpServerOptions): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: options.version ?? '0.0.0' }, {
    instructions: 'Self-Improvement Engine: read weaknesses and capability history, plan experiments, measure patches with A/B runs, propose changes. Every proposal waits for a person to approve it in VS Code; no tool approves or applies anything.',
  });
  const ctx = agentContext(options);
  const { TOOL_SPECS, OPERATIONS } = engineChunk().agents;
  for (const spec of TOOL_SPECS) {
    const op = OPERATIONS[spec.name];
    server.registerTool(spec.name, {
      title: spec.title,
      description: spec.description,
      inputSchema: z.fromJSONSchema(spec.inputSchema) as z.ZodObject,
      annotations: { readOnlyHint: spec.readOnly, destructiveHint: false, idempotentHint: spec.readOnly, openWorldHint: false },
    }, async (args: unknown, extra: { signal: AbortSignal }) => {
      try {
        const text = await op(ctx, args, extra.signal);
        return { content: [{ type: 'text' as const, text }] };
      } catch (error) {
        return { isError: true, content: [{ type: 'text' as const, text: `${spec.name} failed: ${errorText(error)}` }] };
      }
    });
  }
  return server;
}

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
