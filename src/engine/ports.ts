// What the engine needs from the outside world, injected at open() so tests and adapters choose.

export interface Clock {
  now(): Date;
}

/** Uniform in [0, 1). Injected so the bandit is deterministic in tests. */
export type RandomSource = () => number;

/** File access under the engine's root folder. Paths are relative, posix-style. */
export interface FilesPort {
  /** The file's text, or null when it does not exist. */
  read(relativePath: string): Promise<string | null>;
  /** Writes the whole text (creating folders as needed). Must refuse paths outside the root. */
  write(relativePath: string, content: string): Promise<void>;
}

export interface Disposable {
  dispose(): void;
}
