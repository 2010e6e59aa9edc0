import assert from 'node:assert/strict';
import { Client } from 'pg';
import { pgServer } from './server';

describe('test PostgreSQL server', () => {
  it('answers on loopback with a password, and over verified TLS', async () => {
    const plain = new Client({ connectionString: pgServer().url });
    await plain.connect();
    try {
      const r = await plain.query<{ db: string; ssl: boolean }>('SELECT current_database() AS db, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl');
      assert.equal(r.rows[0].db, 'si_team_test');
    } finally { await plain.end(); }
    const tls = new Client({ connectionString: pgServer().tlsUrl });
    await tls.connect();
    try {
      const r = await tls.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      assert.equal(r.rows[0].ssl, true);
    } finally { await tls.end(); }
  });
});
