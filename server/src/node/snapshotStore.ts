// Engine snapshots on disk: one JSON file per key in a cache folder, written atomically, the
// oldest removed beyond a few. A missing, partial or foreign file is simply a cache miss.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SnapshotStore } from '../core/host';

const KEEP = 4;

export class DiskSnapshotStore implements SnapshotStore {
  constructor(readonly dir: string) {}

  hash(parts: string[]): string {
    const h = crypto.createHash('sha256');
    for (const p of parts) h.update(String(p.length)).update(':').update(p);
    return h.digest('hex').slice(0, 32);
  }

  async read(key: string): Promise<unknown | undefined> {
    try {
      return JSON.parse(await fs.promises.readFile(path.join(this.dir, `${key}.json`), 'utf8'));
    } catch {
      return undefined;
    }
  }

  async write(key: string, snapshot: unknown): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify(snapshot));
    await fs.promises.rename(tmp, file);
    const entries = await Promise.all(
      (await fs.promises.readdir(this.dir)).filter((f) => f.endsWith('.json')).map(async (f) => ({ f, t: (await fs.promises.stat(path.join(this.dir, f))).mtimeMs })),
    );
    for (const { f } of entries.sort((a, b) => b.t - a.t).slice(KEEP)) await fs.promises.rm(path.join(this.dir, f), { force: true });
  }
}

/** The default cache folder: ENTENTE_CACHE_DIR, or a per-user folder in the temp directory. */
export function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return process.env.ENTENTE_CACHE_DIR || path.join(os.tmpdir(), `entente-cache-${uid}`);
}
