// `self-improvement-mcp --db <file> --root <folder> [--trusted]`: the MCP server on stdio (dist/mcp.js, package.json `bin`).
// stdout carries the protocol; every log line goes to stderr.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createMcpServer, parseArgs, SizeLimitedStdioTransport } from './server';

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.root)) throw new Error(`--root ${args.root} does not exist.`);
  const wasm = path.join(__dirname, 'sql-wasm.wasm');
  const server = createMcpServer({ ...args, wasmPath: fs.existsSync(wasm) ? wasm : undefined });
  await server.connect(new SizeLimitedStdioTransport());
  console.error(`self-improvement-mcp: serving ${args.dbPath} for ${args.root}${args.trusted ? ' (trusted: run_experiment runs probes and candidate code)' : ' (untrusted: run_experiment is refused; start with --trusted to allow it)'}`);
}

main().catch((error: unknown) => {
  console.error(`self-improvement-mcp: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
