// Mocha root hook for the suites that start the CLI or the server as child processes: they get a
// cache folder of their own (ENTENTE_CACHE_DIR, inherited by the children), never the user's, so
// a stale persisted index from another build cannot hide a missing ENGINE_VERSION bump. It also
// refuses to run without the bundle those suites start.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-test-cache-'));
process.env.ENTENTE_CACHE_DIR = dir;

export const mochaHooks = {
  beforeAll(): void {
    const root = path.join(__dirname, '..', '..', '..');
    for (const f of ['dist/server.js', 'dist/cli.js']) {
      if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` before the protocol and CLI suites (npm test does).`);
    }
  },
  afterAll(): void {
    fs.rmSync(dir, { recursive: true, force: true });
  },
};
