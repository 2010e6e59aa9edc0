// Issue 19 item 1: a process that swaps a folder of the workspace for a symlink to the outside, in a
// loop, while the engine writes and approves. Nothing may be written outside the root.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFiles } from '../../../src/engine/files/nodeFiles';
import { SelfImprovementEngine } from '../../../src/engine/engine';

const swapperScript = path.join(__dirname, 'fixture-swapper.js');

function startSwapper(root: string, name: string, outside: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [swapperScript, root, name, outside], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.once('data', () => resolve(child));
    child.once('error', reject);
  });
}

function stopSwapper(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    child.once('exit', () => resolve(Number(/swaps (\d+)/.exec(out)?.[1] ?? 0)));
    child.kill('SIGTERM');
  });
}

/** The real folder's f.txt, wherever the running swapper has put it ('sub' or 'sub.aside'; neither for an instant). */
function insideText(root: string): string {
  for (let i = 0; ; i++) {
    for (const name of ['sub', 'sub.aside']) {
      try {
        if (!fs.lstatSync(path.join(root, name)).isSymbolicLink()) return fs.readFileSync(path.join(root, name, 'f.txt'), 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || i > 1000) throw err;
      }
    }
  }
}

/** Every entry under `dir` other than the untouched decoy. */
function foreignEntries(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n !== 'f.txt' || fs.readFileSync(path.join(dir, n), 'utf8') !== 'outside\n');
}

describe('NodeFiles under a concurrent symlink swap (issue 19 item 1)', function () {
  this.timeout(120_000);
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'swap-race-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'f.txt'), 'outside\n');
    fs.writeFileSync(path.join(root, 'sub', 'f.txt'), 'inside\n');
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('writes nothing outside the root while a folder on the path is swapped for a symlink', async () => {
    const files = new NodeFiles(root);
    const swapper = await startSwapper(root, 'sub', outside);
    let written = 0;
    let refused = 0;
    let swaps = 0;
    try {
      for (let i = 0; i < 1500; i++) {
        try {
          await files.write(i % 2 ? 'sub/f.txt' : `sub/new/n${i}.txt`, `proposal ${i}\n`);
          written++;
        } catch (err) {
          refused++;
          assert.match((err as Error).message, /symbolic link|outside|ENOENT|no such file|moved/i, (err as Error).message);
        }
        if (foreignEntries(outside).length) break;
      }
    } finally {
      swaps = await stopSwapper(swapper);
    }
    assert.deepEqual(foreignEntries(outside), [], `written outside the root (${written} written, ${refused} refused, ${swaps} swaps)`);
    assert.ok(swaps > 100, `the swapper ran (${swaps} swaps)`);
    assert.ok(written > 0, 'some writes went through between swaps');
  });

  it('approvals under the swap never write outside, and "restored" is said only when it is true', async () => {
    const engine = await SelfImprovementEngine.open({ rootDir: root });
    const swapper = await startSwapper(root, 'sub', outside);
    const outcomes: Record<string, number> = {};
    try {
      for (let i = 0; i < 300; i++) {
        let imp;
        try {
          imp = await engine.applyImprovement({ name: `p${i}`, filePath: 'sub/f.txt', newCode: `proposal ${i}\n` });
        } catch { continue; } // the read met the symlink: refused, nothing proposed
        let done;
        try { done = await engine.approveImprovement(imp.id, 'race'); } catch { outcomes.refused = (outcomes.refused ?? 0) + 1; continue; }
        outcomes[done.status] = (outcomes[done.status] ?? 0) + 1;
        if (done.status === 'failed' && /the original file was restored/.test(done.error ?? '')) {
          // Said restored: then the real file inside must hold the original text.
          const now = insideText(root);
          assert.equal(now, imp.originalContent, `said restored but the file holds ${JSON.stringify(now)}`);
        }
        if (done.status === 'applied') await engine.rollbackImprovement(done.id).catch(() => undefined);
        if (foreignEntries(outside).length) break;
      }
    } finally {
      await stopSwapper(swapper);
      await engine.close();
    }
    assert.deepEqual(foreignEntries(outside), [], `written outside the root; outcomes ${JSON.stringify(outcomes)}`);
    assert.ok((outcomes.applied ?? 0) > 0, `some approvals applied: ${JSON.stringify(outcomes)}`);
  });
});
