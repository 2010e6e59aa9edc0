// The one registrar (src/vscode/commands/registerCommand.ts) as people meet it: a failure is one message
// without a stack trace; in a window that only reads the database (another process holds its writer
// lock), commands that write are refused at once with the next step, and the others still work.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { CommandId } from '../../vscode/commands/commandTable';
import { READ_ONLY_MESSAGE } from '../../vscode/commands/registerCommand';
import { engine, messagesSince, run, testing, unique } from './helpers';

describe('commands: one registrar', () => {
  it('a failing command shows one message without a stack trace and returns undefined', async () => {
    const t = await testing();
    const mark = t.ui.shown.length;
    assert.equal(await run(CommandId.ResolveWeakness, 987_654_321), undefined);
    const errors = messagesSince(t, mark).filter((m) => m.level === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0]!.message, /987654321/);
    assert.doesNotMatch(errors[0]!.message, /\n\s+at /, 'no stack trace in the message');
  });

  describe('in a window that only reads the database', () => {
    let holder: ChildProcess | undefined;
    let lockFile = '';

    before(async () => {
      const t = await testing();
      await engine();
      // Another live process "holds" the writer lock: our own lock file is overwritten with its pid, so
      // closing leaves it in place (a lock is removed only by its owner) and the next open is read-only.
      holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      assert.ok(holder.pid, 'the stand-in writer started');
      lockFile = `${t.host.dbPath}.lock`;
      fs.writeFileSync(lockFile, JSON.stringify({ pid: holder.pid, hostname: os.hostname(), since: new Date().toISOString(), token: 'other-window' }));
      await t.host.close();
      assert.equal((await t.host.get()).readOnly, true, 'reopened read-only');
    });

    after(async () => {
      const t = await testing();
      await t.host.close();
      if (fs.existsSync(lockFile) && JSON.parse(fs.readFileSync(lockFile, 'utf8')).token === 'other-window') fs.rmSync(lockFile);
      holder?.kill();
      assert.equal((await t.host.get()).readOnly, false, 'the writer again for the suites after this one');
    });

    it('a command that writes is refused before anything is asked, with the next step, and changes nothing', async () => {
      const t = await testing();
      const mark = t.ui.shown.length;
      const name = unique('read-only');
      t.ui.enqueue('should-not-be-asked');
      assert.equal(await run(CommandId.RegisterCapability), undefined);
      assert.equal(t.ui.pendingAnswers(), 1, 'no prompt was shown');
      await t.ui.input({}); // takes the unused answer off the queue (the suites after this one start empty)
      assert.equal(await run(CommandId.RegisterCapability, { name, type: 'efficiency', baseline: 1, target: 2 }), undefined);
      const shown = messagesSince(t, mark);
      assert.equal(shown.length, 2, JSON.stringify(shown));
      for (const m of shown) {
        assert.equal(m.level, 'warning');
        assert.equal(m.message, READ_ONLY_MESSAGE);
        assert.match(m.message, /Close the other window/);
      }
      assert.ok(!(await engine()).listCapabilities({ includeArchived: true }).some((c) => c.name === name));
    });

    it('a command that only reads still works', async () => {
      const t = await testing();
      const mark = t.ui.shown.length;
      const open = await run<unknown[]>(CommandId.AnalyzeWeaknesses);
      assert.ok(Array.isArray(open));
      assert.ok(!messagesSince(t, mark).some((m) => m.level !== 'info'), JSON.stringify(messagesSince(t, mark)));
    });
  });
});
