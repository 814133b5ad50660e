// Command-line arguments: parsed strictly, so a mistake is one line and a hint, never a guess.

import type { Severity } from '../core/settings';
import { closest } from './suggest';

export const VERSION = '0.1.0';

export const USAGE = `Usage:
  entente check [options] PATH...       check notes: files, folders (recursively), globs ("notes/**/*.md"), - for stdin
  entente lookup [options] NAME         print the card of an organization or treaty
  entente --help | --version

Options of check:
  --format text|json|sarif|github   output format (default text; sarif is SARIF 2.1.0; github is workflow annotations)
  --entities                        also list every organization, treaty and date (text and json)
  --quiet                           report errors only
  --min-severity error|warning|information|hint   report only problems at least this severe
  --max-warnings N                  exit 1 when more than N warnings are reported
  --stdin-filename NAME             the name (and language, by extension) of the note read from -
Options of check and lookup:
  --corpus PATH                     add a folder (recursively: .txt .md .pdf .docx .html) or a file to the corpus; repeatable
  --order dmy|mdy                   read numeric dates day first or month first
  --dictionary FILE                 your dictionary (default: .entente/dictionary.json of the workspace)
  --config FILE                     the configuration file (default: .entente/config.json found upward)
  --no-cache                        rebuild the corpus index instead of reading it back (ENTENTE_CACHE_DIR)
  --format text|json                (lookup) the card as text or as JSON

Configuration: .entente/config.json, found upward from each note (up to a folder holding .git), holds
the editor's settings (schemas/config.schema.json); options on the command line override it.
Exit status: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 bad usage,
unreadable input or an invalid configuration (with a message on stderr).`;

export type Format = 'text' | 'json' | 'sarif' | 'github';

export interface Args {
  command: string;
  corpus: string[];
  format: Format;
  entities: boolean;
  order?: 'dmy' | 'mdy';
  dictionary?: string;
  config?: string;
  cache: boolean;
  minSeverity?: Severity;
  maxWarnings?: number;
  stdinFilename?: string;
  help: boolean;
  version: boolean;
  rest: string[];
}

export class UsageError extends Error {}

const COMMANDS = ['check', 'lookup'];
const VALUE_OPTIONS = ['--corpus', '--format', '--order', '--dictionary', '--config', '--min-severity', '--max-warnings', '--stdin-filename'];
const FLAG_OPTIONS = ['--entities', '--no-cache', '--quiet', '--help', '--version'];
const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.length > 2 ? `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}` : allowed.join(' or ');
  throw new UsageError(`${flag} must be ${list}, not "${value}"`);
};

export function parseArgs(argv: string[]): Args {
  const args: Args = { command: '', corpus: [], format: 'text', entities: false, cache: true, help: false, version: false, rest: [] };
  let quiet = false;
  let minSeverity: Severity | undefined;
  const positional = (a: string) => {
    if (!args.command) {
      if (!COMMANDS.includes(a)) {
        const near = closest(a, COMMANDS);
        throw new UsageError(`unknown command "${a}"${near ? ` (did you mean ${near}?)` : ''}`);
      }
      args.command = a;
    } else args.rest.push(a);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      for (const r of argv.slice(i + 1)) positional(r);
      break;
    }
    if (a === '-h') {
      args.help = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      positional(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = flag !== a ? a.slice(eq + 1) : undefined;
    if (FLAG_OPTIONS.includes(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === '--entities') args.entities = true;
      else if (flag === '--no-cache') args.cache = false;
      else if (flag === '--quiet') quiet = true;
      else if (flag === '--help') args.help = true;
      else args.version = true;
      continue;
    }
    if (!VALUE_OPTIONS.includes(flag)) {
      const near = closest(flag, [...VALUE_OPTIONS, ...FLAG_OPTIONS]);
      throw new UsageError(`unknown option ${flag}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    let value = inline;
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`${flag} needs a value`);
    }
    switch (flag) {
      case '--corpus': args.corpus.push(value); break;
      case '--format': args.format = oneOf(flag, value, ['text', 'json', 'sarif', 'github'] as const); break;
      case '--order': args.order = oneOf(flag, value, ['dmy', 'mdy'] as const); break;
      case '--dictionary': args.dictionary = value; break;
      case '--config': args.config = value; break;
      case '--min-severity': minSeverity = oneOf(flag, value, SEVERITIES); break;
      case '--stdin-filename': args.stdinFilename = value; break;
      case '--max-warnings': {
        if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number, not "${value}"`);
        args.maxWarnings = Number(value);
        break;
      }
    }
  }
  if (quiet) args.minSeverity = 'error';
  else args.minSeverity = minSeverity;
  if (quiet && minSeverity && minSeverity !== 'error') throw new UsageError(`--quiet reports errors only; it cannot be combined with --min-severity ${minSeverity}`);
  if (args.command === 'lookup' && (args.format === 'sarif' || args.format === 'github')) throw new UsageError(`lookup prints text or json, not ${args.format}`);
  return args;
}

/** At least as severe as `min`. */
export function atLeast(severity: Severity, min: Severity | undefined): boolean {
  return !min || SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(min);
}
