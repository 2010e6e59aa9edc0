import assert from 'node:assert/strict';
import fs from 'node:fs';
import { crashRounds } from './fixture-crash-harness';
import { tempDir } from './helpers';

describe('storage crash injection (SIGKILL at random moments)', function () {
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => { dir = tempDir('sie-crash-'); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('engine writer (measurements, propose/approve/apply/roll back): 12 kills, always opens intact with every durable write, nothing stuck', async () => {
    const r = await crashRounds({ dir, kills: 12, mode: 'engine' });
    assert.deepEqual(r.problems, []);
    assert.equal(r.kills, 12);
    assert.equal(r.corrupt, 0);
    assert.equal(r.lost, 0);
    assert.equal(r.stuck, 0);
    assert.ok(r.checkedMeasurements > 0, 'the writer reported durable measurements before being killed');
    assert.ok(r.checkedImprovements > 0, 'the writer reported applied improvements before being killed');
    assert.ok(r.checkedRollbacks > 0, 'the writer reported rollbacks before being killed');
  });

  it('engine writer through a symlinked database path: 8 kills, the link stays a link, nothing lost or stuck', async () => {
    const r = await crashRounds({ dir, kills: 8, mode: 'engine', symlinkDb: true });
    assert.deepEqual(r.problems, []);
    assert.equal(r.kills, 8);
    assert.ok(r.checkedMeasurements > 0);
  });

  it('raw writer with retention and incremental vacuum: 10 kills, always opens intact with every durable write', async () => {
    const r = await crashRounds({ dir, kills: 10, mode: 'raw' });
    assert.deepEqual(r.problems, []);
    assert.equal(r.kills, 10);
    assert.ok(r.checkedMeasurements > 100, 'enough rows that retention rolled some up');
  });
});
