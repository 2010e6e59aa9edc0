import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CommandId } from '../../vscode/commands/commandTable';
import { folder, run, testing } from './helpers';

describe('team store: Connect Team Store…', () => {
  it('refuses a URL that is not postgres://, keeps a good one in SecretStorage (never in settings), and forgets it on request', async () => {
    const t = await testing();
    const secret = 'pw-that-must-not-leak';
    t.ui.enqueue('mysql://db.example/team', `postgres://team:${secret}@db.example:5432/team?sslmode=verify-full`);
    const rejectedBefore = t.ui.rejectedInputs.length;
    const connected = await run<string | undefined>(CommandId.ConnectTeamStore);
    assert.equal(connected, 'db.example:5432/team');
    assert.match(t.ui.rejectedInputs.slice(rejectedBefore).map((r) => r.reason).join('\n'), /must start with postgres:\/\//);
    const last = t.ui.shown[t.ui.shown.length - 1];
    assert.match(last.message, /db\.example:5432\/team/);
    assert.ok(!t.ui.shown.some((m) => m.message.includes(secret)), 'the password is never shown');
    const settings = path.join(folder().fsPath, '.vscode', 'settings.json');
    if (fs.existsSync(settings)) assert.ok(!fs.readFileSync(settings, 'utf8').includes(secret), 'nothing written to the workspace settings');

    // Asked again, the box says where it is connected; an empty answer and "Disconnect" forget it.
    t.ui.enqueue('', 'Disconnect');
    assert.equal(await run(CommandId.ConnectTeamStore), undefined);
    assert.match(t.ui.shown[t.ui.shown.length - 1].message, /disconnected/);
    // Nothing stored now: an empty answer asks nothing more.
    const shown = t.ui.shown.length;
    t.ui.enqueue('');
    assert.equal(await run(CommandId.ConnectTeamStore), undefined);
    assert.equal(t.ui.shown.length, shown);
  });
});
