// `self-improvement improve` as a process, with a scripted --model-command (the prompt on stdin, the answer
// on stdout): a refused draft, told why, then a confirmed one; the queue printed at the end; nothing applied.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { breakSuitePatch, cli, git, makeScoreRepo, removeRepo, scorePatch } from './fixture.mjs';

/** A model script that answers `answers` in order (a counter file beside it) and logs each prompt. */
function scriptedModelCommand(answers) {
  const dir = mkdtempSync(path.join(tmpdir(), 'si-model-'));
  const script = path.join(dir, 'model.js');
  writeFileSync(path.join(dir, 'answers.json'), JSON.stringify(answers));
  writeFileSync(script, `const fs = require('fs'); const path = require('path');
let prompt = ''; process.stdin.on('data', (d) => { prompt += d; }); process.stdin.on('end', () => {
  const dir = ${JSON.stringify(dir)};
  const answers = JSON.parse(fs.readFileSync(path.join(dir, 'answers.json'), 'utf8'));
  let n = 0; try { n = Number(fs.readFileSync(path.join(dir, 'count'), 'utf8')); } catch {}
  fs.writeFileSync(path.join(dir, 'count'), String(n + 1));
  fs.writeFileSync(path.join(dir, 'prompt-' + (n + 1) + '.txt'), prompt);
  if (n >= answers.length) { process.stderr.write('no scripted answer left'); process.exit(4); }
  process.stdout.write('\`\`\`diff\\n' + answers[n] + '\`\`\`\\n');
});\n`);
  return { dir, command: `node ${JSON.stringify(script)}`, prompt: (n) => readFileSync(path.join(dir, `prompt-${n}.txt`), 'utf8'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('cli: improve — the unattended search with a command-line model', function () {
  this.timeout(300_000);
  let dir;
  before(async () => {
    dir = makeScoreRepo();
    const m = await cli(['measure'], { cwd: dir });
    assert.equal(m.code, 0, m.stderr);
  });
  after(() => removeRepo(dir));

  it('refuses without a model or with an unreadable budget, before opening the database', async () => {
    const none = await cli(['improve'], { cwd: dir, env: { SELF_IMPROVEMENT_MODEL_COMMAND: '' } });
    assert.equal(none.code, 3);
    assert.match(none.stderr, /needs a model: --model-command/);
    const bad = await cli(['improve', '--model-command', 'cat', '--budget', 'drafts=3'], { cwd: dir });
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /--budget: "drafts=3" is not a budget item/);
  });

  it('a failing model stops the search at once with its message (exit 3), nothing queued', async () => {
    const r = await cli(['improve', '--model-command', `node -e "process.stderr.write('quota exceeded'); process.exit(2)"`, '--budget', 'requests=5', '--json'], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    const out = r.json();
    assert.equal(out.stopped, 'model-error');
    assert.match(out.message, /quota exceeded/);
    assert.equal(out.spent.requests, 1);
    assert.deepEqual(out.queue, []);
  });

  it('refused, told why, then confirmed: exactly that candidate is queued, printed, pending and not applied', async () => {
    const model = scriptedModelCommand([scorePatch(10, 30) + breakSuitePatch, scorePatch(10, 30)]);
    try {
      const r = await cli(['improve', '--model-command', model.command, '--model-name', 'scripted', '--budget', 'requests=4,runs=4', '--candidates', '2', '--files', 'config.js', '--json'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const out = r.json();
      assert.equal(out.stopped, 'done', out.message);
      assert.deepEqual(out.drafts.map((d) => d.verdict), ['refused', 'success']);
      assert.match(model.prompt(1), /module\.exports = \{ score: 10 \}/, 'the files given reach the prompt');
      assert.match(model.prompt(2), /Draft 1: verdict refused/, 'execution feedback');
      assert.equal(out.queue.length, 1);
      assert.equal(out.queue[0].filePath, 'config.js');
      assert.equal(out.queue[0].proposedBy, 'lm:scripted', 'proposed by the model (lm:<--model-name>)');
      assert.deepEqual(out.queue[0].guardrails, [{ capability: 'suite-pass-rate', status: 'held' }]);
      assert.ok(out.queue[0].relativeGain > 0);
      assert.deepEqual(out.queued.map((q) => q.improvementId), out.queue.map((q) => q.improvementId));
      assert.equal(readFileSync(path.join(dir, 'config.js'), 'utf8'), 'module.exports = { score: 10 };\n', 'nothing applied');
      assert.equal(git(dir, 'status', '--porcelain'), '');
      // The text form prints the queue; the weakness is now covered, so a second run has nothing to do (exit 1).
      const again = await cli(['improve', '--model-command', model.command, '--budget', 'requests=2'], { cwd: dir });
      assert.equal(again.code, 1, again.stderr);
      assert.match(again.stdout, /already has a queued candidate|No open weakness can be searched/);
      assert.match(again.stdout, /Review queue \(1; approve or reject each in VS Code/);
      assert.match(again.stdout, /#\d+ config\.js: \+\d+\.\d % score \(interval .*\); guardrails held: suite-pass-rate; by lm:scripted/);
    } finally { model.cleanup(); }
  });
});
