// WorkspaceFilesPort (the files port VS Code's engine uses) refuses symlinks that lead out of the folder,
// for proposals and for approvals whose folder was swapped for a symlink after proposing (issue 19).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { engine, folder, unique } from './helpers';

describe('confinement: symlinks out of the workspace folder (WorkspaceFilesPort)', () => {
  let outside: string;
  const made: string[] = [];
  before(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'si-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside\n');
  });
  after(() => {
    for (const p of made) fs.rmSync(p, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('a proposal through a folder symlink that leads outside is refused', async () => {
    const link = unique('link-out');
    fs.symlinkSync(outside, path.join(folder().fsPath, link));
    made.push(path.join(folder().fsPath, link));
    await assert.rejects((await engine()).applyImprovement({ name: 'escape', filePath: `${link}/secret.txt`, newCode: 'pwned\n' }), /outside the root folder/);
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'outside\n');
  });

  it('approving after the folder was swapped for a symlink out: refused, back to pending, nothing written outside', async () => {
    const dirName = unique('swapped');
    const dir = path.join(folder().fsPath, dirName);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside\n'); // same text as outside, so the hash check alone would pass
    made.push(dir, `${dir}.aside`);
    const e = await engine();
    const imp = await e.applyImprovement({ name: 'swap', filePath: `${dirName}/secret.txt`, newCode: 'pwned\n' });
    fs.renameSync(dir, `${dir}.aside`);
    fs.symlinkSync(outside, dir);
    await assert.rejects(e.approveImprovement(imp.id, 'tester'), /outside the root folder/);
    assert.equal((await e.getImprovement(imp.id)).status, 'pending');
    assert.equal(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'), 'outside\n');
    (await engine()).deleteImprovement(imp.id);
  });
});
