// The write journal: every committed write (the statements and their bound parameters, in order) is
// appended as one record to a segment file beside the database, `<file>.journal-<n>`. fsync'ing the
// current segment is what makes a change durable (approve / apply / roll back wait for that, not for a
// save); saves fold the records into the database file and later delete the segments they no longer need.
//
// Record framing: [u32 payload length][u32 CRC-32 of payload][payload: UTF-8 JSON].
// Payload formats (a reader takes both; a segment written by one writer holds one):
//   1: {s: seq, q: [[sql, params?], …]}
//   2: {v: 2, s: seq, d?: [[n, sql], …], q: [[n | sql, params?], …]}: SQL text is interned per segment: a
//      record defines the texts it is first to use (`d`, index n) and statements name them by index, so
//      the same few statements are not re-encoded (and CRC'd) in every record. Definitions only ever refer
//      to earlier bytes of the same segment, which a reader always decodes from its start.
// A reader stops a segment at the first record that is short, fails its CRC, names an undefined text or
// has a newer format (a torn last record from a crash mid-append); sequence numbers must follow on
// without a gap, across segments, or replay stops.
import fs from 'node:fs';
import path from 'node:path';
import type { SqlValue } from 'sql.js';

export const JOURNAL_MARKER = '.journal-';
const HEADER = 8;

/** One statement: SQL text, and its bound parameters (undefined: run as a script without parameters). */
export type JournalStatement = [sql: string, params?: SqlValue[] | Record<string, SqlValue>];

export interface JournalRecord {
  seq: number;
  statements: JournalStatement[];
}

export interface Segment {
  n: number;
  path: string;
}

export function segmentPath(file: string, n: number): string {
  return `${file}${JOURNAL_MARKER}${n}`;
}

/** The journal's segments beside `file`, oldest first. */
export function listSegments(file: string): Segment[] {
  const dir = path.dirname(file);
  const prefix = path.basename(file) + JOURNAL_MARKER;
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return []; }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => ({ n: Number(name.slice(prefix.length)), path: path.join(dir, name) }))
    .sort((a, b) => a.n - b.n);
}

// Blobs are the one SqlValue JSON cannot carry: written as {"\u0000blob": base64} (a key no SQL parameter
// name can have, so a named-parameter object is never mistaken for a blob).
const BLOB_KEY = '\u0000blob';
const BLOB_MARK = '{"\\u0000blob":';
function replacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { [BLOB_KEY]: Buffer.from(value).toString('base64') } : value;
}
function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b = (value as Record<string, unknown>)[BLOB_KEY];
    if (typeof b === 'string' && Object.keys(value).length === 1) return new Uint8Array(Buffer.from(b, 'base64'));
  }
  return value;
}

function hasBlob(record: JournalRecord): boolean {
  for (const [, params] of record.statements) {
    if (!params) continue;
    for (const v of Array.isArray(params) ? params : Object.values(params)) if (v instanceof Uint8Array) return true;
  }
  return false;
}

export const JOURNAL_FORMAT = 2;

/** The SQL texts a segment has defined so far (writer side), by index. */
export class SqlTexts {
  private readonly index = new Map<string, number>();

  /** Index of `sql`, and whether this record must define it (first use in the segment). */
  intern(sql: string): [n: number, isNew: boolean] {
    const known = this.index.get(sql);
    if (known !== undefined) return [known, false];
    const n = this.index.size;
    this.index.set(sql, n);
    return [n, true];
  }
}

/** Encodes a record in the current format; `texts`: the segment's table (default: a table of its own). */
export function encodeRecord(record: JournalRecord, texts: SqlTexts = new SqlTexts()): Buffer {
  const defs: Array<[number, string]> = [];
  const q = record.statements.map(([sql, params]): [number, (SqlValue[] | Record<string, SqlValue>)?] => {
    const [n, isNew] = texts.intern(sql);
    if (isNew) defs.push([n, sql]);
    return params === undefined ? [n] : [n, params];
  });
  const body = defs.length ? { v: JOURNAL_FORMAT, s: record.seq, d: defs, q } : { v: JOURNAL_FORMAT, s: record.seq, q };
  // The replacer costs a call per value: only records carrying a blob pay for it.
  const payload = Buffer.from(JSON.stringify(body, hasBlob(record) ? replacer : undefined), 'utf8');
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, HEADER);
  return out;
}

export interface DecodedSegment {
  records: JournalRecord[];
  /** Bytes of whole, valid records (where the next append would have gone). */
  validBytes: number;
  /** True when bytes after the last valid record were ignored (a torn or damaged record). */
  torn: boolean;
  /** The record it stopped at has a format this version cannot read (written by a newer one). */
  newerFormat?: number;
}

interface Payload { v?: number; s: number; d?: Array<[number, string]>; q: Array<[number | string, JournalStatement[1]?]> }

/** Decodes records from `bytes`, stopping at the first short or damaged one. */
export function decodeRecords(bytes: Uint8Array): DecodedSegment {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: JournalRecord[] = [];
  const texts: string[] = [];
  let at = 0;
  let newerFormat: number | undefined;
  while (at + HEADER <= buf.length) {
    const len = buf.readUInt32LE(at);
    const sum = buf.readUInt32LE(at + 4);
    if (len === 0 || at + HEADER + len > buf.length) break;
    const payload = buf.subarray(at + HEADER, at + HEADER + len);
    if (crc32(payload) !== sum) break;
    let parsed: Payload;
    const text = payload.toString('utf8');
    try { parsed = JSON.parse(text, text.includes(BLOB_MARK) ? reviver : undefined) as Payload; } catch { break; }
    const format = parsed.v ?? 1;
    if (format > JOURNAL_FORMAT) { newerFormat = format; break; }
    const statements = resolveTexts(parsed, texts);
    if (!statements) break;
    records.push({ seq: parsed.s, statements });
    at += HEADER + len;
  }
  return { records, validBytes: at, torn: at < buf.length, ...(newerFormat === undefined ? {} : { newerFormat }) };
}

/** The record's statements with their SQL text (format 1 carries it; 2 may name it); null: an undefined name. */
function resolveTexts(parsed: Payload, texts: string[]): JournalStatement[] | null {
  for (const [n, sql] of parsed.d ?? []) texts[n] = sql;
  const out: JournalStatement[] = [];
  for (const [ref, params] of parsed.q) {
    const sql = typeof ref === 'number' ? texts[ref] : ref;
    if (typeof sql !== 'string') return null;
    out.push(params === undefined ? [sql] : [sql, params]);
  }
  return out;
}

export function readSegment(segment: string): DecodedSegment {
  return decodeRecords(fs.readFileSync(segment));
}

export interface JournalRead {
  /** Records with seq > `after`, consecutive from after + 1. */
  records: JournalRecord[];
  /** Highest seq seen, folded or not (≥ after). */
  lastSeq: number;
  /** Problems a user may want to know about (a gap in the sequence). Torn tails are normal after a crash. */
  warnings: string[];
  /** Segments read, with the highest seq each held (-1: none). */
  segments: Array<Segment & { maxSeq: number }>;
}

/**
 * Reads every segment beside `file` and returns the records past `after` (the database's folded seq),
 * in order. Stops at a gap: records after a missing one were written on top of it and cannot be applied.
 */
export function readJournal(file: string, after: number, upToSegment = Infinity): JournalRead {
  const out: JournalRead = { records: [], lastSeq: after, warnings: [], segments: [] };
  let expected = after + 1;
  let stopped = false;
  for (const seg of listSegments(file)) {
    if (seg.n > upToSegment) break;
    let decoded: DecodedSegment;
    try { decoded = readSegment(seg.path); } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // folded and deleted meanwhile
      throw err;
    }
    const maxSeq = decoded.records.length ? decoded.records[decoded.records.length - 1].seq : -1;
    out.segments.push({ ...seg, maxSeq });
    if (stopped) continue;
    for (const r of decoded.records) {
      if (r.seq < expected) continue; // already folded into the file
      if (r.seq !== expected) {
        out.warnings.push(`The change journal skips from ${expected - 1} to ${r.seq} in ${seg.path}; later changes were not applied.`);
        stopped = true;
        break;
      }
      out.records.push(r);
      out.lastSeq = r.seq;
      expected++;
    }
    if (decoded.newerFormat !== undefined && !stopped) {
      out.warnings.push(`${seg.path} holds changes in journal format ${decoded.newerFormat}, newer than this version reads (${JOURNAL_FORMAT}); ` +
        'open the database with that newer version of the extension to restore them.');
      stopped = true;
    }
  }
  return out;
}

/** Writers with records not yet handed to the OS: written at process exit (a kill loses at most one turn's). */
const buffered = new Set<JournalWriter>();
let exitHook = false;

/**
 * Appends records to the current segment and fsyncs it on request (asynchronously, off the event loop).
 * Records of one event-loop turn are handed to the OS together, at the end of the turn (one write instead
 * of one per transaction); `sync()`, `rotate()` and `close()` write them first, so whatever a caller
 * awaited is in the segment. `rotate()` starts the next segment so a save can fold every closed one.
 */
export class JournalWriter {
  private fd: number;
  private syncs: Promise<void> = Promise.resolve();
  private dirtySinceSync = false;
  private pending: Buffer[] = [];
  private scheduled = false;
  /** The current segment's interned SQL texts (a new segment starts a new table). */
  private texts = new SqlTexts();

  constructor(private readonly file: string, private segment: number) {
    this.fd = fs.openSync(segmentPath(file, segment), 'a');
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => { for (const w of buffered) w.writePending(); });
    }
  }

  get currentSegment(): number {
    return this.segment;
  }

  append(record: JournalRecord): void {
    this.pending.push(encodeRecord(record, this.texts));
    this.dirtySinceSync = true;
    buffered.add(this);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => { this.scheduled = false; this.writePending(); });
    }
  }

  /** Hands the buffered records to the OS (one write; a killed process keeps them from here on). */
  writePending(): void {
    if (!this.pending.length) return;
    const bytes = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    buffered.delete(this);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written);
  }

  /** Resolves once every record appended so far is on stable storage. */
  sync(): Promise<void> {
    this.writePending();
    if (!this.dirtySinceSync) return this.syncs;
    this.dirtySinceSync = false;
    const fd = this.fd;
    const next = this.syncs.catch(() => undefined).then(() => new Promise<void>((resolve, reject) => {
      fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()));
    }));
    this.syncs = next;
    next.catch(() => { this.dirtySinceSync = true; });
    return next;
  }

  /** Closes the current segment (after its pending fsyncs) and starts the next; returns the closed one's number. */
  rotate(): number {
    const closed = this.segment;
    this.writePending();
    // The folder may have been removed under us: recreate it, as a save does (nothing is swapped on failure).
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const next = fs.openSync(segmentPath(this.file, closed + 1), 'a');
    const fd = this.fd;
    // Later syncs wait for the closed segment's: a writeThrough after the rotation covers records before it.
    this.syncs = this.sync();
    this.dirtySinceSync = false;
    this.segment = closed + 1;
    this.fd = next;
    this.texts = new SqlTexts();
    this.syncs.catch(() => undefined).then(() => fs.close(fd, () => undefined));
    return closed;
  }

  close(): void {
    try { this.writePending(); } catch { /* the final save has folded everything already */ }
    buffered.delete(this);
    try { fs.closeSync(this.fd); } catch { /* already closed */ }
  }
}

/** Removes segments (only ever called by the writer, for segments it has folded). */
export function removeSegments(segments: Segment[]): void {
  for (const s of segments) fs.rmSync(s.path, { force: true });
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), written out because zlib.crc32 is missing from older Node versions VS Code ships. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
