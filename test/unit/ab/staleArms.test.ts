import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { removeStaleScratch, removeStaleWorktrees } from '../../../src/engine/ab';
import { makeProject } from './fixtureRepo';

describe('A/B runner: worktrees left by a dead experiment', function () {
  this.timeout(20000);
  it('removes worktrees whose owner process is gone and keeps those of a live one', async () => {
    const repo = makeProject({ git: true });
    const scratch = (pid: number): string => {
      const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-ab-')));
      writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ pid }));
      execFileSync('git', ['worktree', 'add', '--detach', path.join(dir, 'baseline'), 'HEAD'], { cwd: repo, stdio: 'ignore' });
      return dir;
    };
    const deadPid = spawnSync('true').pid as number;
    const dead = scratch(deadPid);
    const live = scratch(process.pid);
    try {
      const removed = await removeStaleWorktrees(repo);
      assert.deepEqual(removed, [path.join(dead, 'baseline')]);
      assert.equal(existsSync(dead), false);
      assert.ok(existsSync(path.join(live, 'baseline')));
      const list = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: repo, encoding: 'utf8' });
      assert.ok(!list.includes(dead) && list.includes(live));
    } finally {
      execFileSync('git', ['worktree', 'remove', '--force', path.join(live, 'baseline')], { cwd: repo });
      rmSync(live, { recursive: true, force: true });
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('removes scratch clones whose owner is gone, without following their links into the user\'s folder', async () => {
    const temp = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-stale-')));
    const user = realpathSync(mkdtempSync(path.join(tmpdir(), 'si-user-')));
    writeFileSync(path.join(user, 'keep.txt'), 'mine');
    const scratch = (name: string, pid: number | undefined, ageMs = 0): string => {
      const dir = path.join(temp, name);
      mkdirSync(path.join(dir, 'baseline'), { recursive: true });
      if (pid !== undefined) writeFileSync(path.join(dir, 'owner.json'), JSON.stringify({ pid }));
      symlinkSync(user, path.join(dir, 'baseline', 'node_modules'));
      if (ageMs) utimesSync(dir, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
      return dir;
    };
    try {
      const dead = scratch('si-ab-dead', spawnSync('true').pid as number);
      const live = scratch('si-ab-live', process.pid);
      const fresh = scratch('si-ab-fresh', undefined); // its owner may still be writing owner.json
      const orphan = scratch('si-ab-orphan', undefined, 10 * 60_000);
      const other = scratch('not-ours', spawnSync('true').pid as number);
      const removed = await removeStaleScratch(temp);
      assert.deepEqual(removed.sort(), [dead, orphan].sort());
      assert.ok(existsSync(live) && existsSync(fresh) && existsSync(other));
      assert.equal(readFileSync(path.join(user, 'keep.txt'), 'utf8'), 'mine', 'the linked folder is untouched');
    } finally {
      rmSync(temp, { recursive: true, force: true });
      rmSync(user, { recursive: true, force: true });
    }
  });
});
