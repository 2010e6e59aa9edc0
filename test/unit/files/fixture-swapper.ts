// Child process for the symlink-swap race (item 1 of issue 19): loops, as fast as it can, swapping the
// folder <root>/<name> for a symlink to <outside> and back. argv: <root> <name> <outside>. Stops on SIGTERM.
import fs from 'node:fs';
import path from 'node:path';

const [root, name, outside] = process.argv.slice(2);
const dir = path.join(root, name);
const aside = path.join(root, `${name}.aside`);
let swaps = 0;
/** Puts the real folder back: whatever is at its name now (the symlink, or a folder the writer created there) goes. */
function restore(): void {
  fs.rmSync(dir, { recursive: true, force: true }); // on a symlink: removes the link, never what it points to
  fs.renameSync(aside, dir);
}
/** Holds each state for up to a millisecond or so, so writers meet both states and the moments between. */
const pause = (ms: number): void => { if (Math.random() < 0.7) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.random() * ms); };
process.on('SIGTERM', () => {
  try { if (fs.existsSync(aside)) restore(); } catch { /* left as is */ }
  process.stdout.write(`swaps ${swaps}\n`, () => process.exit(0));
});
fs.writeSync(1, 'ready\n');
const loop = (): void => {
  for (let i = 0; i < 50; i++) {
    try {
      if (fs.existsSync(aside)) restore();
      fs.renameSync(dir, aside);
      fs.symlinkSync(outside, dir);
      swaps++;
      pause(1);
      restore();
      pause(3);
    } catch { /* the writer created something in between: the next round restores first */ }
  }
  setImmediate(loop); // lets SIGTERM in
};
loop();
