// The command line: the same core as the editor, for scripts, CI and other editors' users.
//   entente check [options] PATH...   (files, folders, globs, - for stdin)
//   entente lookup [options] NAME
// Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 bad usage, unreadable input
// or an invalid configuration. Modules: args (options), files (paths, folders, globs, stdin),
// config (.entente/config.json and the dictionary), service (the engine), formats (output).

import * as fs from 'fs';
import * as path from 'path';
import { parseArgs, USAGE, VERSION, UsageError, atLeast, type Args } from './args';
import { expandInputs, readStdin, readText } from './files';
import { findConfig, resolveContext, type Context } from './config';
import { openService, type Service } from './service';
import { Out, makeReporter, type Summary } from './formats';
import { languageOf } from '../core/languages';
import { markdownToPlain } from '../core/text/markdown';

export { parseArgs } from './args';

export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd?: string;
}

const defaultIO: CliIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

const HINT = "Try 'entente --help'.";

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.includes('--help') || options.includes('-h')) {
    io.out(USAGE + '\n');
    return 0;
  }
  if (options.includes('--version')) {
    io.out(`entente ${VERSION}\n`);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
    if (!args.command) throw new UsageError('no command given (check or lookup)');
    if (!args.rest.length) throw new UsageError(args.command === 'check' ? 'check needs at least one PATH' : 'lookup needs a NAME');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`entente: ${e.message}. ${HINT}\n`);
    return 2;
  }
  try {
    return args.command === 'check' ? await check(args, io) : await lookup(args, io);
  } catch (e) {
    io.err(`entente: ${(e as Error).message}\n`);
    return 2;
  }
}

interface Opened {
  context: Context;
  service: Service;
}

/** Contexts (config + engine) by config file: notes under one config share one engine. */
class Contexts {
  private readonly byConfig = new Map<string, Promise<Opened>>();
  failed = false;
  constructor(private readonly args: Args, private readonly cwd: string, private readonly report: (m: string) => void) {}
  for(dir: string): Promise<Opened> {
    const config = this.args.config ? path.resolve(this.cwd, this.args.config) : findConfig(dir);
    const key = config ?? '';
    let p = this.byConfig.get(key);
    if (!p) {
      p = this.open(config);
      this.byConfig.set(key, p);
    }
    return p;
  }
  private async open(config: string | undefined): Promise<Opened> {
    const context = resolveContext(config, this.args, this.cwd);
    for (const e of context.errors) this.report(e);
    if (context.errors.length) this.failed = true;
    const { service, problems } = await openService({ settings: context.settings, corpusPaths: context.corpusPaths, dictionary: context.dictionary, cache: this.args.cache });
    for (const p of problems) this.warn(`corpus ${p.path} ${p.message}`);
    return { context, service };
  }
  warn = (m: string) => this.report(m);
}

async function check(args: Args, io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  for (const c of args.corpus) {
    if (!fs.existsSync(path.resolve(cwd, c))) {
      io.err(`entente: corpus path not found: ${c}\n`);
      return 2;
    }
  }
  const out = new Out(io.out);
  const reporter = makeReporter(args.format, out, io.err, cwd);
  const summary: Summary = { problems: 0, errors: 0, warnings: 0, notesWithProblems: 0, notes: 0, unreadable: 0, failed: false };
  // Messages go to stderr at once; the report's own copy keeps the file it is about.
  const problem = (file: string | undefined, message: string) => {
    out.flush();
    io.err(`entente: ${message}\n`);
    reporter.problem(file, message);
  };
  const warn = (message: string) => {
    out.flush();
    io.err(`entente: ${message}\n`);
  };
  const contexts = new Contexts(args, cwd, (m) => problem(undefined, m));
  for (const item of expandInputs(args.rest, cwd, args.stdinFilename)) {
    if ('error' in item) {
      problem(undefined, item.error);
      summary.unreadable++;
      continue;
    }
    const input = item.input;
    let unreadable = false;
    const report = (m: string) => {
      unreadable = true;
      problem(input.abs ?? input.display, m);
    };
    const text = input.abs ? readText(input.abs, report, input.display, warn) : readStdin(input.display, report, warn);
    if (text === undefined || unreadable) {
      summary.unreadable++;
      continue;
    }
    // A note read from stdin takes its settings from where --stdin-filename puts it.
    const where = input.abs ?? (args.stdinFilename ? path.resolve(cwd, args.stdinFilename) : path.join(cwd, '-'));
    const { context, service } = await contexts.for(path.dirname(where));
    const languageId = languageOf(undefined, input.abs ?? input.display);
    // Notes found in a folder or a glob follow the editor's languages; named files are always checked.
    if (!input.explicit && !context.settings.languages.includes(languageId)) continue;
    const result = service.check(input.abs ?? input.display, text, languageId);
    if (result.skipped) warn(`${input.display}: ${result.skipped}`);
    const diagnostics = result.diagnostics.filter((d) => atLeast(d.severity, args.minSeverity));
    summary.notes++;
    if (diagnostics.length) summary.notesWithProblems++;
    summary.problems += diagnostics.length;
    for (const d of diagnostics) {
      if (d.severity === 'error') summary.errors++;
      else if (d.severity === 'warning') summary.warnings++;
    }
    reporter.file({ path: input.display, abs: input.abs, diagnostics, entities: args.entities ? result.entities() : undefined });
  }
  summary.failed = summary.unreadable > 0 || contexts.failed;
  reporter.end(summary);
  out.flush();
  if (summary.failed) return 2;
  if (args.maxWarnings !== undefined && summary.warnings > args.maxWarnings) {
    io.err(`entente: ${summary.warnings} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return summary.errors > 0 ? 1 : 0;
}

async function lookup(args: Args, io: CliIO): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const name = args.rest.join(' ').trim();
  let failed = false;
  const contexts = new Contexts(args, cwd, (m) => {
    failed = true;
    io.err(`entente: ${m}\n`);
  });
  const { service } = await contexts.for(cwd);
  const e = service.resolve(name);
  if (!e) {
    const near = service.suggest(name, 3);
    if (args.format === 'json') io.out(JSON.stringify({ query: name, entity: null, suggestions: near }, null, 2) + '\n');
    const label = (n: (typeof near)[number]) => (n.acronyms.length ? `${n.name} (${n.acronyms[0]})` : n.name);
    const list = near.length > 1 ? `${near.slice(0, -1).map(label).join(', ')} or ${label(near[near.length - 1])}` : near.map(label).join('');
    io.err(`entente: no organization or treaty named "${name}" in the catalog or corpus${near.length ? `. Did you mean ${list}?` : ''}\n`);
    return failed ? 2 : 1;
  }
  if (args.format === 'json') io.out(JSON.stringify({ query: name, entity: e }, null, 2) + '\n');
  else io.out(markdownToPlain(e.card) + '\n');
  return failed ? 2 : 0;
}

