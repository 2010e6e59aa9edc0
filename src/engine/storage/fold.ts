// A save ("fold"): the database image, with the highest journal seq it contains recorded inside it,
// written atomically; then the sidecar; then the journal segments nobody needs any more. The same code
// runs in the saver worker (normally) and in the extension host (fallback, and the very first save).
import type { Database as SqlJsDatabase } from 'sql.js';
import { atomicWrite } from './atomic-write';
import { listSegments, readSegment, removeSegments, type Segment } from './journal';
import { setFoldedSeq } from './replay';
import { configure } from './sqljs';

export interface SaveStats {
  /** Milliseconds exporting the image (in the saver worker: not on the extension host's event loop). */
  exportMs: number;
  /** Milliseconds from export to durable (write, fsync, rename, directory fsync). */
  writeMs: number;
  bytes: number;
  /**
   * Milliseconds the extension host's event loop spent on this save: closing the journal segment, the
   * sidecar's content and posting the request (worker); the export too when saved inline.
   */
  hostMs?: number;
}

export interface FoldRequest {
  file: string;
  /** The image holds every record up to this seq. */
  through: number;
  /** Segments up to this number are closed (the writer appends to later ones). */
  lastSegment: number;
  /** Fold seq of the generation this save turns into `.prev`: segments holding only older records can go. */
  previousFold: number;
  sidecar?: { suffix: string; content: string } | null;
  /** A sidecar write failed (it does not undo the save). */
  onSidecarError?: (err: unknown) => void;
}

export async function fold(raw: SqlJsDatabase, req: FoldRequest): Promise<SaveStats> {
  setFoldedSeq(raw, req.through);
  const t0 = performance.now();
  const data = raw.export();
  const exportMs = performance.now() - t0;
  // Older sql.js versions closed and reopened the connection on export, resetting PRAGMAs.
  configure(raw);
  const t1 = performance.now();
  await atomicWrite(req.file, data);
  const writeMs = performance.now() - t1;
  if (req.sidecar) {
    // After the database: the sidecar is never newer than the file. Its failure does not undo the save.
    try {
      await atomicWrite(req.file + req.sidecar.suffix, Buffer.from(req.sidecar.content, 'utf8'), { keepPrevious: false });
    } catch (err) {
      req.onSidecarError?.(err);
    }
  }
  removeSegments(foldedSegments(req.file, req.lastSegment, req.previousFold));
  return { exportMs, writeMs, bytes: data.length };
}

/**
 * Closed segments whose records are all in `.prev` already (seq ≤ previousFold): neither generation
 * needs them. Segments with newer records stay, so `.prev` plus the journal still reaches the latest state.
 */
export function foldedSegments(file: string, lastSegment: number, previousFold: number): Segment[] {
  return listSegments(file).filter((s) => {
    if (s.n > lastSegment) return false;
    try {
      const { records } = readSegment(s.path);
      return records.length === 0 || records[records.length - 1].seq <= previousFold;
    } catch {
      return false;
    }
  });
}
