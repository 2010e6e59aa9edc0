// The MCP server's stdio transport: newline-delimited JSON-RPC like the SDK's StdioServerTransport, but a
// message over the size limit does not end the server (the SDK's closes the connection, and the process
// then exits 0 without a word — issue 19 item 10). The oversize line is skipped to its end, logged, and
// answered with a JSON-RPC error for its request id (found at the start or the end of the line, where
// JSON-RPC clients put it), so the caller gets a clear reason and the server keeps serving.
import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { STDIO_DEFAULT_MAX_BUFFER_SIZE } from '@modelcontextprotocol/sdk/shared/stdio.js';
import { ErrorCode, JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

const EDGE = 512; // bytes kept from each end of an oversize line, to find its id
const ID_AT_START = /^\s*\{(?:\s*"jsonrpc"\s*:\s*"2\.0"\s*,)?\s*"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)/;
const ID_AT_END = /"id"\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)\s*\}\s*$/;

export function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

export class SizeLimitedStdioTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;

  private chunks: Buffer[] = [];
  private size = 0;
  /** While skipping an oversize line: its first and last bytes and its length so far. */
  private skipping: { head: Buffer; tail: Buffer; bytes: number } | null = null;

  constructor(
    private readonly stdin: Readable = process.stdin,
    private readonly stdout: Writable = process.stdout,
    readonly maxMessageBytes = STDIO_DEFAULT_MAX_BUFFER_SIZE,
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  private readonly onStreamError = (error: Error): void => { this.onerror?.(error); };

  private readonly onData = (chunk: Buffer): void => {
    let rest = chunk;
    while (rest.length > 0) {
      const nl = rest.indexOf(0x0a);
      const part = nl === -1 ? rest : rest.subarray(0, nl);
      rest = nl === -1 ? Buffer.alloc(0) : rest.subarray(nl + 1);
      if (this.skipping) this.skip(part);
      else {
        this.chunks.push(part);
        this.size += part.length;
        if (this.size > this.maxMessageBytes) {
          const line = Buffer.concat(this.chunks);
          this.chunks = [];
          this.size = 0;
          this.skipping = { head: line.subarray(0, EDGE), tail: line.subarray(-EDGE), bytes: line.length };
        }
      }
      if (nl === -1) return;
      if (this.skipping) this.refuse();
      else this.deliver();
    }
  };

  private skip(part: Buffer): void {
    const s = this.skipping!;
    s.bytes += part.length;
    s.tail = part.length >= EDGE ? Buffer.from(part.subarray(-EDGE)) : Buffer.concat([s.tail, part]).subarray(-EDGE);
  }

  private deliver(): void {
    const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
    this.chunks = [];
    this.size = 0;
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.onmessage?.(message);
  }

  private refuse(): void {
    const { head, tail, bytes } = this.skipping!;
    this.skipping = null;
    const raw = ID_AT_START.exec(head.toString('utf8'))?.[1] ?? ID_AT_END.exec(tail.toString('utf8'))?.[1];
    const id = raw === undefined ? undefined : (JSON.parse(raw) as string | number);
    this.log(`self-improvement-mcp: dropped a message of ${bytes} bytes (over the ${mib(this.maxMessageBytes)} limit)${id === undefined ? ' without a request id it could be answered on' : `, request id ${JSON.stringify(id)}; answered with an error`}.`);
    if (id === undefined) return;
    void this.send({
      jsonrpc: '2.0', id,
      error: {
        code: ErrorCode.InvalidRequest,
        message: `The message is ${bytes} bytes (${mib(bytes)}), over this server's limit of ${mib(this.maxMessageBytes)}; it was dropped and nothing was done. ` +
          'Send smaller arguments (for example a shorter patch, or the file path instead of its content).',
      },
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve) => {
      if (this.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else this.stdout.once('drain', resolve);
    });
  }

  async close(): Promise<void> {
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.skipping = null;
    this.onclose?.();
  }
}
