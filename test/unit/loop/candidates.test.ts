import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { NodeFiles } from '../../../src/engine/files/nodeFiles';
import { parseConfig } from '../../../src/engine/config';
import type { FilesPort } from '../../../src/engine/ports';
import { engineFileReader, proposedFiles, runExperiment, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { MemoryFiles, openEngine, seededRandom } from '../engine/helpers';
import { CONFIG, FASTER_PATCH, linePatch, makeLoopProject, removeProject } from './fixture';

/** An editor-like FilesPort: reads return unsaved buffers when there are any, writes go to disk and clear them. */
class BufferedFiles implements FilesPort {
  readonly buffers = new Map<string, string>();
  constructor(private readonly disk: FilesPort) {}
  async read(p: string): Promise<string | null> { return this.buffers.get(p) ?? this.disk.read(p); }
  async write(p: string, content: string): Promise<void> { await this.disk.write(p, content); this.buffers.delete(p); }
}

describe('loop: proposals start from the files as the engine reads them (unsaved edits included)', () => {
  const saved = 'module.exports = { delayMs: 100 };\n';
  const unsaved = 'module.exports = { delayMs: 100 };\n// an unsaved note\n';

  it('a patch is applied to the engine’s text, so approving the proposal keeps the unsaved edit', async () => {
    const files = new MemoryFiles();
    files.files.set('config.js', unsaved); // what an editor buffer shows; the disk would hold `saved`
    const { engine } = await openEngine({ files });
    try {
      const { files: proposed, skipped } = await proposedFiles(engineFileReader(engine, { folderInEngineRoot: '' }),
        { kind: 'patch', patch: FASTER_PATCH }, ['config.js']);
      assert.deepEqual(skipped, []);
      assert.deepEqual(proposed, [{ path: 'config.js', content: 'module.exports = { delayMs: 5 };\n// an unsaved note\n' }]);
      const imp = await engine.applyImprovement({ name: 'faster', filePath: 'config.js', newCode: proposed[0]!.content });
      await engine.approveImprovement(imp.id, 'tester');
      assert.equal(files.files.get('config.js'), 'module.exports = { delayMs: 5 };\n// an unsaved note\n');
    } finally { await engine.close(); }
  });

  it('maps folder paths into the engine root, reports missing and unreadable files as skipped', async () => {
    const files = new MemoryFiles();
    files.files.set('pkg/a.txt', 'one\n');
    const reads: string[] = [];
    const { engine } = await openEngine({ files });
    try {
      const reader = engineFileReader({ readFile: (p) => { reads.push(p); return engine.readFile(p); } }, { folderInEngineRoot: 'pkg' });
      const out = await proposedFiles(reader, { kind: 'files', files: [{ path: 'a.txt', content: 'two\n' }, { path: 'new.txt', content: 'x' }] }, []);
      assert.deepEqual(reads, ['pkg/a.txt', 'pkg/new.txt']);
      assert.deepEqual(out.files, [{ path: 'a.txt', content: 'two\n' }]);
      assert.match(out.skipped.join('\n'), /new\.txt: a new file/);
      const failing = await proposedFiles(async () => { throw new Error('symlink out'); }, { kind: 'patch', patch: linePatch('a.txt', 'one', 'two') }, ['a.txt']);
      assert.deepEqual(failing.files, []);
      assert.match(failing.skipped[0]!, /a\.txt: could not be read \(symlink out\)/);
      await assert.rejects(engine.readFile('../outside'), /escapes the root/);
    } finally { await engine.close(); }
  });

  it('runExperiment proposes against the unsaved buffer, not the disk (approving keeps the edit)', async function () {
    this.timeout(60000);
    const dir = makeLoopProject();
    const files = new BufferedFiles(new NodeFiles(dir));
    files.buffers.set('config.js', unsaved);
    const engine = await SelfImprovementEngine.open({ files, random: seededRandom(7), autoImprove: false });
    try {
      const parsed = parseConfig(CONFIG);
      syncCapabilitiesFromConfig(engine, parsed, dir);
      const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'shorter delay' });
      const out = await runExperiment(engine, {
        experimentId: exp.id, candidate: { kind: 'patch', patch: FASTER_PATCH }, folder: dir, config: parsed.config!,
        isTrusted: () => true, budget: { maxSamplesPerArm: 10 },
      });
      assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
      assert.equal(out.improvements.length, 1);
      const imp = out.improvements[0]!;
      assert.equal(imp.originalContent, unsaved);
      assert.equal(imp.proposedContent, 'module.exports = { delayMs: 5 };\n// an unsaved note\n');
      assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), saved, 'the disk still holds the saved text');
      await engine.approveImprovement(imp.id, 'tester');
      assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { delayMs: 5 };\n// an unsaved note\n');
    } finally { await engine.close(); removeProject(dir); }
  });
});
