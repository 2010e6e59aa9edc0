import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { confinePath, type ConfineFs } from '../../../src/engine/files/confinePath';
import { InvalidInputError } from '../../../src/engine/errors';

describe('confinePath (shared by NodeFiles and WorkspaceFilesPort)', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeEach(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'confine-')));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    fs.mkdirSync(root);
    fs.mkdirSync(outside);
  });
  afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

  it('returns the absolute path for plain and not-yet-existing paths inside the root', async () => {
    assert.equal(await confinePath(root, 'a/./b/../c.txt'), path.join(root, 'a', 'c.txt'));
    fs.mkdirSync(path.join(root, 'dir'));
    assert.equal(await confinePath(root, 'dir/new/deep.txt'), path.join(root, 'dir', 'new', 'deep.txt'));
  });

  it('refuses absolute paths and .. escapes lexically', async () => {
    for (const p of ['/etc/passwd', '../x', 'a/../../x', '..', '', '.']) {
      await assert.rejects(confinePath(root, p), InvalidInputError, p);
    }
  });

  it('refuses a folder symlink leading outside (the link/x case), for existing and new files', async () => {
    fs.writeFileSync(path.join(outside, 'x'), 'secret');
    fs.symlinkSync(outside, path.join(root, 'link'));
    await assert.rejects(confinePath(root, 'link/x'), /outside the root folder through a symbolic link/);
    await assert.rejects(confinePath(root, 'link/new/file.txt'), /outside the root/);
  });

  it('refuses a file symlink leading outside and a dangling symlink', async () => {
    fs.writeFileSync(path.join(outside, 'secret.txt'), 's');
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'f.txt'));
    fs.symlinkSync(path.join(outside, 'missing'), path.join(root, 'dangling'));
    await assert.rejects(confinePath(root, 'f.txt'), /outside the root/);
    await assert.rejects(confinePath(root, 'dangling'), /dangling symbolic link/);
    await assert.rejects(confinePath(root, 'dangling/child.txt'), /dangling symbolic link/);
  });

  it('accepts symlinks that stay inside the root, and a root that is itself reached through a symlink', async () => {
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    assert.equal(await confinePath(root, 'alias/x.txt'), path.join(root, 'alias', 'x.txt'));
    const rootAlias = path.join(base, 'root-alias');
    fs.symlinkSync(root, rootAlias);
    assert.equal(await confinePath(rootAlias, 'real/y.txt'), path.join(rootAlias, 'real', 'y.txt'));
  });

  it('does not treat a sibling folder sharing the root as a prefix as inside', async () => {
    const sibling = `${root}-evil`;
    fs.mkdirSync(sibling);
    fs.symlinkSync(sibling, path.join(root, 'sib'));
    await assert.rejects(confinePath(root, 'sib/x'), /outside the root/);
  });

  it('uses the injected file-system calls (so other hosts can supply them)', async () => {
    const seen: string[] = [];
    const fake: ConfineFs = {
      realpath: async (p) => {
        seen.push(p);
        if (p === '/r') return '/r';
        if (p === '/r/l') return '/elsewhere';
        throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      },
      isSymlink: async () => false,
    };
    await assert.rejects(confinePath('/r', 'l/x', fake), /outside the root/);
    assert.deepEqual(seen, ['/r', '/r/l/x', '/r/l']);
    assert.equal(await confinePath('/r', 'ok/x', { ...fake, realpath: async (p) => { if (p === '/r') return p; throw Object.assign(new Error(), { code: 'ENOENT' }); } }), '/r/ok/x');
  });
});
