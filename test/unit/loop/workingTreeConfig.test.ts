// Issue 13: a working-tree experiment that fixes real code while the user's own config file has an
// uncommitted edit (or is not committed at all). The config says how to measure; it is never part of
// the candidate, so it is neither flagged nor counted as a changed file, and both arms run with it as
// it is now.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SelfImprovementEngine } from '../../../src/engine/engine';
import { parseConfig } from '../../../src/engine/config';
import { runExperiment, syncCapabilitiesFromConfig } from '../../../src/engine/loop';
import { seededRandom } from '../engine/helpers';
import { CONFIG, makeLoopProject, removeProject } from './fixture';

const trusted = (): boolean => true;
const CONFIG_PATH = path.join('.vscode', 'self-improvement.json');
/** The config with an uncommitted edit the person made while setting up (a comment and a new threshold). */
const EDITED = CONFIG.replace('// the fixture\'s capabilities', '// the fixture\'s capabilities, edited and not committed').replace('0.15', '0.1');

describe('loop: a working-tree candidate never includes the workspace config file', function () {
  this.timeout(90000);
  const made: string[] = [];
  const engines: SelfImprovementEngine[] = [];
  after(async () => { for (const e of engines) await e.close(); for (const d of made) removeProject(d); });

  async function run(dir: string, configText: string) {
    const engine = await SelfImprovementEngine.open({ rootDir: dir, random: seededRandom(11), autoImprove: false });
    engines.push(engine);
    const parsed = parseConfig(configText);
    assert.ok(parsed.config, 'the edited config parses');
    syncCapabilitiesFromConfig(engine, parsed, dir);
    const exp = engine.createExperiment({ capabilityName: 'bench-ms', name: 'working tree' });
    return runExperiment(engine, { experimentId: exp.id, candidate: { kind: 'working-tree' }, folder: dir, config: parsed.config, isTrusted: trusted, budget: { maxSamplesPerArm: 8 } });
  }

  it('an uncommitted config edit beside a real fix: not flagged, not a changed file, the fix measured', async () => {
    const dir = makeLoopProject();
    made.push(dir);
    writeFileSync(path.join(dir, CONFIG_PATH), EDITED);
    writeFileSync(path.join(dir, 'config.js'), 'module.exports = { delayMs: 5 };\n');
    const out = await run(dir, EDITED);
    assert.deepEqual(out.evidence.tamperFlags, [], out.evidence.reason);
    assert.deepEqual(out.evidence.changedFiles, ['config.js']);
    assert.equal(out.experiment.verdict, 'success', out.evidence.reason);
    assert.doesNotMatch(out.evidence.reason, /Flagged/);
    assert.ok(out.evidence.log.some((l) => /pinned \.vscode\/self-improvement\.json in both arms/.test(l)), out.evidence.log.join('\n'));
    // The user's files are left as they were.
    assert.equal(readFileSync(path.join(dir, CONFIG_PATH), 'utf8'), EDITED);
  });

  it('a config file that HEAD does not hold at all (set up, never committed) is not part of the candidate either', async () => {
    const dir = makeLoopProject();
    made.push(dir);
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'rm', '-q', '--cached', CONFIG_PATH], { cwd: dir });
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'config not committed'], { cwd: dir });
    writeFileSync(path.join(dir, 'README.md'), '# fixture\nOnly documentation.\n');
    const out = await run(dir, CONFIG);
    assert.deepEqual(out.evidence.tamperFlags, []);
    assert.deepEqual(out.evidence.changedFiles, ['README.md']);
    assert.notEqual(out.experiment.verdict, 'success', out.evidence.reason);
  });
});
