// Extractions persist in a folder the adapter passes: a file is extracted once, then found again
// by its path, size and modification time (no read at all), or by the hash of its content (a
// copied or touched file). Entries are JSON, written to a temporary name and renamed, so a crash
// never leaves half an entry; an unreadable entry is a miss.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile, readRegularFileSync } from '../node/safeRead';

/** An extraction read back from the cache is at most this large (the PDF reader's text cap, escaped). */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;
import type { ReadResult } from '../core/corpus/reader';
import { EXTRACTOR_VERSION } from './formats';

interface PathEntry {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

export class ExtractionCache {
  constructor(readonly dir: string) {}

  static hash(bytes: Uint8Array): string {
    return crypto.createHash('sha256').update(bytes).digest('hex');
  }

  private pathFile(location: string): string {
    const h = crypto.createHash('sha256').update(`${EXTRACTOR_VERSION}\0${path.resolve(location)}`).digest('hex').slice(0, 40);
    return path.join(this.dir, 'paths', `${h}.json`);
  }

  private resultFile(hash: string, format: string): string {
    return path.join(this.dir, 'results', `${EXTRACTOR_VERSION}-${format}-${hash}.json`);
  }

  /** The extraction of the file at `location` if its size and modification time are unchanged. */
  async byPath(location: string, size: number, format: string): Promise<ReadResult | undefined> {
    try {
      const st = await fs.promises.stat(location);
      if (!st.isFile() || st.size !== size) return undefined;
      const entry = JSON.parse(Buffer.from(await readRegularFile(this.pathFile(location), { maxBytes: 64 * 1024 })).toString('utf8')) as PathEntry;
      if (entry.size !== st.size || entry.mtimeMs !== st.mtimeMs || entry.path !== path.resolve(location)) return undefined;
      return await this.byHash(entry.hash, format);
    } catch {
      return undefined;
    }
  }

  /** The same lookup, synchronously (a source's text read again for a card or a definition). */
  byPathSync(location: string, size: number, format: string): ReadResult | undefined {
    try {
      const st = fs.statSync(location);
      if (!st.isFile() || st.size !== size) return undefined;
      const entry = JSON.parse(Buffer.from(readRegularFileSync(this.pathFile(location), { maxBytes: 64 * 1024 })).toString('utf8')) as PathEntry;
      if (entry.size !== st.size || entry.mtimeMs !== st.mtimeMs || entry.path !== path.resolve(location)) return undefined;
      const r = JSON.parse(Buffer.from(readRegularFileSync(this.resultFile(entry.hash, format), { maxBytes: MAX_RESULT_BYTES })).toString('utf8')) as ReadResult;
      return typeof r.text === 'string' && Array.isArray(r.problems) ? r : undefined;
    } catch {
      return undefined;
    }
  }

  async byHash(hash: string, format: string): Promise<ReadResult | undefined> {
    try {
      const r = JSON.parse(Buffer.from(await readRegularFile(this.resultFile(hash, format), { maxBytes: MAX_RESULT_BYTES })).toString('utf8')) as ReadResult;
      return typeof r.text === 'string' && Array.isArray(r.problems) ? r : undefined;
    } catch {
      return undefined;
    }
  }

  async store(location: string | undefined, hash: string, format: string, result: ReadResult): Promise<void> {
    await writeAtomic(this.resultFile(hash, format), JSON.stringify(result));
    if (!location) return;
    try {
      const st = await fs.promises.stat(location);
      const entry: PathEntry = { path: path.resolve(location), size: st.size, mtimeMs: st.mtimeMs, hash };
      await writeAtomic(this.pathFile(location), JSON.stringify(entry));
    } catch {
      // The file went away: the content entry is still good.
    }
  }
}

async function writeAtomic(file: string, data: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.promises.writeFile(tmp, data);
  await fs.promises.rename(tmp, file);
}
