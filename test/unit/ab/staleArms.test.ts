import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { removeStaleWorktrees } from '../../../src/engine/ab';
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
});
