// Mocha root hooks for `npm run test:pg`: one PostgreSQL server for the whole run, removed afterwards —
// also when the run is interrupted (SIGINT/SIGTERM) or throws; a run killed outright is cleaned up by the next.
import { startPgServer } from './pgServer.mjs';

let server = null;
const cleanUp = () => {
  const s = server;
  server = null;
  s?.destroy();
};
process.on('exit', cleanUp);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { cleanUp(); process.exit(130); });
}

export const mochaHooks = {
  async beforeAll() {
    this.timeout?.(600_000); // a first run may install postgresql with apt-get
    server = await startPgServer();
    globalThis.__siTestPg = server;
  },
  afterAll() {
    cleanUp();
  },
};
