// Progress on stderr (stdout carries results and JSON): a redrawn bar on a terminal, plain lines
// otherwise (CI logs), nothing with --quiet.
export interface Progress {
  /** A step of known size: `done` of `total`, with what is happening now. */
  step(done: number, total: number, label: string): void;
  /** A line of its own (a result, a note). */
  line(message: string): void;
  /** Ends the bar (the next output starts on a clean line). */
  end(): void;
}

const WIDTH = 24;

export function createProgress(stream: NodeJS.WriteStream = process.stderr, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) return { step: () => undefined, line: () => undefined, end: () => undefined };
  if (!stream.isTTY) {
    let last = '';
    return {
      step: (done, total, label) => {
        const text = `[${done}/${total}] ${label}`;
        if (text !== last) stream.write(`${text}\n`);
        last = text;
      },
      line: (message) => { stream.write(`${message}\n`); },
      end: () => undefined,
    };
  }
  let drawn = false;
  const clear = (): void => { if (drawn) stream.write('\r\x1b[2K'); drawn = false; };
  return {
    step: (done, total, label) => {
      const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
      const filled = Math.round(ratio * WIDTH);
      const room = Math.max(10, (stream.columns ?? 80) - WIDTH - 16);
      const text = label.length > room ? `${label.slice(0, room - 1)}…` : label;
      clear();
      stream.write(`[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${done}/${total} ${text}`);
      drawn = true;
    },
    line: (message) => { clear(); stream.write(`${message}\n`); },
    end: clear,
  };
}
