// The command line: the same core as the editor, for scripts, CI and other editors' users.
//   entente check [--corpus PATH]... [--format text|json] [--entities] [--order dmy|mdy] FILE...
//   entente lookup [--corpus PATH]... NAME
// Exit codes: 0 no errors, 1 errors found, 2 bad usage or unreadable input.

import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { createLanguageService } from '../core/service';
import { defaultSettings } from '../core/settings';
import { decodeText } from '../core/corpus/loader';
import { parseDictionary, type Dictionary } from '../core/knowledge/dictionary';
import { LineIndex } from '../core/text/positions';
import { languageOfPath } from '../core/languages';

const USAGE = `Usage:
  entente check [--corpus PATH]... [--format text|json] [--entities] [--order dmy|mdy] [--dictionary FILE] [--no-cache] FILE...
  entente lookup [--corpus PATH]... NAME
  entente --help | --version

check    reports date problems in notes, one per line: path:line:column: severity code: message
         (--format json prints {"version":1,"files":[…]} with 0-based UTF-16 positions, as LSP counts)
lookup   prints the card of an organization or treaty
--corpus adds a folder (recursively: .txt, .md) or a file to the bundled corpus; repeatable
--dictionary names your dictionary; by default .entente/dictionary.json in the current folder is used
--no-cache rebuilds the corpus index instead of reading it back (cache folder: ENTENTE_CACHE_DIR)
Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIO: CliIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

class UsageError extends Error {}

interface Args {
  command: string;
  corpus: string[];
  format: 'text' | 'json';
  entities: boolean;
  order?: 'dmy' | 'mdy';
  dictionary?: string;
  cache: boolean;
  rest: string[];
}

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: '', corpus: [], format: 'text', entities: false, cache: true, rest: [] };
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--corpus': args.corpus.push(take()); break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}"`);
        args.format = f;
        break;
      }
      case '--order': {
        const o = take();
        if (o !== 'dmy' && o !== 'mdy') throw new UsageError(`--order must be dmy or mdy, not "${o}"`);
        args.order = o;
        break;
      }
      case '--dictionary': args.dictionary = take(); break;
      case '--entities': args.entities = true; break;
      case '--no-cache': args.cache = false; break;
      case '--': args.rest.push(...argv.slice(i + 1)); i = argv.length; break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
        if (!args.command) args.command = a;
        else args.rest.push(a);
    }
  }
  return args;
}

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    (argv.length === 0 ? io.err : io.out)(USAGE + '\n');
    return argv.length === 0 ? 2 : 0;
  }
  if (argv.includes('--version')) {
    io.out('entente 0.1.0\n');
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.err(`entente: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  try {
    if (args.command === 'check') return await check(args, io);
    if (args.command === 'lookup') return await lookup(args, io);
    io.err(`entente: unknown command "${args.command}"\n${USAGE}\n`);
    return 2;
  } catch (e) {
    io.err(`entente: ${(e as Error).message}\n`);
    return 2;
  }
}

async function buildEngine(args: Args, io: CliIO) {
  const settings = defaultSettings();
  if (args.order) settings.dates.order = args.order;
  let dictionary: Dictionary | undefined;
  // As in the editor: the workspace dictionary of the current folder, unless one is named.
  const implicit = path.join('.entente', 'dictionary.json');
  const dictPath = args.dictionary ?? (fs.existsSync(implicit) ? implicit : undefined);
  if (dictPath) {
    const text = readText(dictPath, io);
    if (text === undefined) throw new Error(`cannot read dictionary ${dictPath}`);
    const parsed = parseDictionary(text);
    if (!parsed.dictionary) {
      const lines = new LineIndex(text);
      const where = parsed.errors.map((e) => {
        const p = lines.positionAt(e.start);
        return `${dictPath}:${p.line + 1}:${p.character + 1}: ${e.message}`;
      });
      throw new Error(`dictionary is invalid:\n${where.join('\n')}`);
    }
    dictionary = parsed.dictionary;
  }
  for (const c of args.corpus) {
    if (!fs.existsSync(c)) throw new Error(`corpus path not found: ${c}`);
  }
  const { service, problems } = await createLanguageService({
    fs: new NodeFileSystem(),
    bundledDir: bundledCorpusDir(),
    corpusPaths: args.corpus.map((c) => path.resolve(c)),
    settings,
    dictionary,
    // The index of an unchanged corpus is read back instead of rebuilt (ENTENTE_CACHE_DIR).
    snapshots: args.cache ? new DiskSnapshotStore(defaultCacheDir()) : undefined,
  });
  for (const p of problems) io.err(`entente: corpus ${p.path} ${p.message}\n`);
  return { service, settings };
}

/** Reads a note; undefined (with a message) when it cannot be used. */
function readText(file: string, io: CliIO): string | undefined {
  let bytes: Buffer;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) {
      io.err(`entente: ${file} is a directory; name the note files to check\n`);
      return undefined;
    }
    // A pipe or device would block the read forever.
    if (!st.isFile()) {
      io.err(`entente: ${file} is not a regular file\n`);
      return undefined;
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    io.err(`entente: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return undefined;
  }
  const decoded = decodeText(bytes);
  if (decoded.problem) {
    io.err(`entente: ${file} ${decoded.problem}\n`);
    if (!decoded.text) return undefined;
  }
  return decoded.text;
}

async function check(args: Args, io: CliIO): Promise<number> {
  if (!args.rest.length) {
    io.err(`entente: check needs at least one FILE\n${USAGE}\n`);
    return 2;
  }
  const texts = args.rest.map((f) => ({ file: f, text: readText(f, io) }));
  if (texts.some((t) => t.text === undefined)) return 2;
  const { service, settings } = await buildEngine(args, io);
  let errors = 0;
  const files: unknown[] = [];
  for (const { file, text } of texts) {
    const languageId = languageOfPath(file) ?? 'plaintext';
    const a = service.analyze({ uri: file, version: 0, text: text!, languageId });
    const diagnostics = service.diagnostics(a, settings.diagnostics);
    if (a.skipped) io.err(`entente: ${file}: ${a.skipped}\n`);
    errors += diagnostics.filter((d) => d.severity === 'error').length;
    if (args.format === 'text') {
      for (const d of diagnostics) {
        const p = a.lines.positionAt(d.start);
        io.out(`${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
      }
      if (args.entities) {
        for (const m of [...a.entities.map((e) => ({ ...e, k: e.kind as string, v: service.entityName(e.entityId) ?? e.entityId })), ...a.dates.map((d) => ({ ...d, k: 'date', v: d.value }))].sort((x, y) => x.start - y.start)) {
          const p = a.lines.positionAt(m.start);
          io.out(`${file}:${p.line + 1}:${p.character + 1}: ${m.k} ${JSON.stringify(m.text.replace(/\s+/g, ' '))} = ${m.v}\n`);
        }
      }
    } else {
      const pos = (s: number, e: number) => {
        const r = a.lines.rangeOf(s, e);
        return { line: r.start.line, character: r.start.character, endLine: r.end.line, endCharacter: r.end.character };
      };
      const entry: Record<string, unknown> = {
        path: file,
        diagnostics: diagnostics.map((d) => ({ ...pos(d.start, d.end), severity: d.severity, code: d.code, message: d.message })),
      };
      if (args.entities) {
        entry.entities = [
          ...a.entities.map((e) => ({ kind: e.kind, text: e.text, ...pos(e.start, e.end), id: e.entityId, name: service.entityName(e.entityId) ?? null, value: null, s: e.start })),
          ...a.dates.map((d) => ({ kind: 'date', text: d.text, ...pos(d.start, d.end), id: null, name: null, value: d.value, s: d.start })),
        ]
          .sort((x, y) => x.s - y.s)
          .map(({ s: _s, ...rest }) => rest);
      }
      files.push(entry);
    }
  }
  if (args.format === 'json') io.out(JSON.stringify({ version: 1, files }, null, 2) + '\n');
  return errors > 0 ? 1 : 0;
}

async function lookup(args: Args, io: CliIO): Promise<number> {
  const name = args.rest.join(' ').trim();
  if (!name) {
    io.err(`entente: lookup needs a NAME\n${USAGE}\n`);
    return 2;
  }
  const { service } = await buildEngine(args, io);
  const card = service.lookup(name);
  if (!card) {
    io.err(`entente: no organization or treaty named "${name}" in the catalog or corpus\n`);
    return 1;
  }
  io.out(markdownToTerminal(card.markdown) + '\n');
  return 0;
}

/** The card's Markdown, made plain for a terminal. */
function markdownToTerminal(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]<>#|])/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/ {2}$/gm, '');
}
