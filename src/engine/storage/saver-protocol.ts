// Messages between the extension host's Database and its saver worker (saver-worker.ts).
import type { SaveStats } from './fold';

export interface SaverInit {
  sieStorageSaver: 1;
  file: string;
  wasmPath?: string;
}

export interface SaveMessage {
  id: number;
  /** Fold every record up to this seq (the host's state when it asked). */
  through: number;
  lastSegment: number;
  /** Last save of the session: no older generation needs the folded segments. */
  final: boolean;
  sidecar: { suffix: string; content: string } | null;
}

export type SaverReply =
  | { id: number; ok: true; stats: SaveStats }
  | { id: number; ok: false; message: string; code?: string; stack?: string; sidecar?: boolean };
