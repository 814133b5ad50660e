// Output formats of `entente check`: text (compiler style), json, SARIF 2.1.0 (code-scanning
// tools) and GitHub workflow annotations. Each writes a note's results as soon as it is checked,
// in chunks, so a long list of entities is never one giant string.

import * as path from 'path';
import type { CliDiagnostic, CliEntity } from './service';
import type { Severity } from '../core/settings';
import { CHECKS } from '../core/features/checks';
import { VERSION, type Format } from './args';

/** Buffered output: chunks of about 64 KB. */
export class Out {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (s: string) => void) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

export interface FileReport {
  /** As shown to the user (and, relative to the current folder, in SARIF). */
  path: string;
  /** Absolute path; undefined for standard input. */
  abs?: string;
  diagnostics: CliDiagnostic[];
  entities?: Iterable<CliEntity>;
}

export interface Summary {
  problems: number;
  errors: number;
  warnings: number;
  notesWithProblems: number;
  notes: number;
  unreadable: number;
  failed: boolean;
}

export interface Reporter {
  file(r: FileReport): void;
  /** A path that could not be checked, or a broken configuration (the message also goes to stderr). */
  problem(path: string | undefined, message: string): void;
  end(s: Summary): void;
}

const plural = (n: number, one: string, many = one + 's') => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function summaryLine(s: Summary): string {
  const parts = [`${plural(s.problems, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}) in ${s.notesWithProblems.toLocaleString('en')} of ${plural(s.notes, 'note')}`];
  if (s.unreadable) parts.push(`${plural(s.unreadable, 'path')} could not be checked`);
  return parts.join('; ');
}

export function makeReporter(format: Format, out: Out, err: (s: string) => void, cwd: string): Reporter {
  switch (format) {
    case 'json': return new JsonReporter(out);
    case 'sarif': return new SarifReporter(out, cwd);
    case 'github': return new GithubReporter(out, cwd);
    default: return new TextReporter(out, err);
  }
}

class TextReporter implements Reporter {
  constructor(private readonly out: Out, private readonly err: (s: string) => void) {}
  file(r: FileReport): void {
    for (const d of r.diagnostics) this.out.write(`${r.path}:${d.line + 1}:${d.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
    for (const m of r.entities ?? []) {
      this.out.write(`${r.path}:${m.line + 1}:${m.character + 1}: ${m.kind} ${JSON.stringify(m.text.replace(/\s+/g, ' '))} = ${m.kind === 'date' ? m.value : m.name ?? m.id}\n`);
    }
  }
  problem(): void {}
  end(s: Summary): void {
    this.out.flush();
    // Silent when there is nothing to say, as compilers are.
    if (s.problems || s.unreadable) this.err(summaryLine(s) + '\n');
  }
}

class JsonReporter implements Reporter {
  private first = true;
  private readonly errors: { path: string | null; message: string }[] = [];
  constructor(private readonly out: Out) {
    out.write('{"version":1,"files":[');
  }
  file(r: FileReport): void {
    const o = this.out;
    o.write(`${this.first ? '' : ','}\n{"path":${JSON.stringify(r.path)},"diagnostics":[`);
    this.first = false;
    r.diagnostics.forEach((d, i) => o.write(`${i ? ',' : ''}\n ${JSON.stringify(d)}`));
    o.write(']');
    if (r.entities) {
      o.write(',"entities":[');
      let i = 0;
      for (const e of r.entities) o.write(`${i++ ? ',' : ''}\n ${entityJson(e)}`);
      o.write(']');
    }
    o.write('}');
  }
  problem(path: string | undefined, message: string): void {
    this.errors.push({ path: path ?? null, message });
  }
  end(): void {
    this.out.write(`\n],"errors":${JSON.stringify(this.errors)}}\n`);
    this.out.flush();
  }
}

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/** One entity as JSON, the same as JSON.stringify(e) without walking the object generically. */
export function entityJson(e: CliEntity): string {
  return `{"kind":${str(e.kind)},"text":${str(e.text)},"line":${e.line},"character":${e.character},"endLine":${e.endLine},"endCharacter":${e.endCharacter},"id":${str(e.id)},"name":${str(e.name)},"value":${str(e.value)}}`;
}

const SARIF_LEVEL: Record<Severity | 'off', string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note', off: 'none' };

/** A relative path as a URI reference: posix separators, each segment percent-encoded. */
export function relativeUri(file: string, cwd: string): string {
  const rel = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  return rel.split(path.sep).map((s) => encodeURIComponent(s)).join('/');
}

class SarifReporter implements Reporter {
  private first = true;
  private readonly notifications: unknown[] = [];
  private readonly ruleIndex = new Map(CHECKS.map((c, i) => [c.code, i]));
  constructor(private readonly out: Out, private readonly cwd: string) {
    // One rule per check, as its module describes it, at its default severity.
    const rules = CHECKS.map((c) => ({ id: c.code, shortDescription: { text: c.description }, defaultConfiguration: { level: SARIF_LEVEL[c.defaultSeverity] } }));
    const head = {
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    };
    const driver = { name: 'entente', version: VERSION, rules };
    out.write(`${JSON.stringify(head).slice(0, -1)},"runs":[{"tool":{"driver":${JSON.stringify(driver)}},`);
    out.write(`"columnKind":"utf16CodeUnits","originalUriBaseIds":{"SRCROOT":{"uri":${JSON.stringify(dirUri(cwd))}}},"results":[`);
  }
  file(r: FileReport): void {
    const uri = r.abs ? relativeUri(r.abs, this.cwd) : relativeUri(r.path, this.cwd);
    for (const d of r.diagnostics) {
      const result = {
        ruleId: d.code,
        ruleIndex: this.ruleIndex.get(d.code) ?? -1,
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: 'SRCROOT' },
            region: { startLine: d.line + 1, startColumn: d.character + 1, endLine: d.endLine + 1, endColumn: d.endCharacter + 1 },
          },
        }],
      };
      this.out.write(`${this.first ? '' : ','}\n${JSON.stringify(result)}`);
      this.first = false;
    }
  }
  problem(file: string | undefined, message: string): void {
    const where = file === undefined ? {} : { locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(file, this.cwd), uriBaseId: 'SRCROOT' } } }] };
    this.notifications.push({ level: 'error', message: { text: message }, ...where });
  }
  end(s: Summary): void {
    const invocation = { executionSuccessful: !s.failed, toolExecutionNotifications: this.notifications };
    this.out.write(`\n],"invocations":[${JSON.stringify(invocation)}]}]}\n`);
    this.out.flush();
  }
}

function dirUri(dir: string): string {
  const p = path.resolve(dir).split(path.sep).map((s) => encodeURIComponent(s)).join('/');
  return `file://${p.startsWith('/') ? '' : '/'}${p}/`;
}

// GitHub's workflow commands: data escapes % CR LF; property values also : and ,.
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

class GithubReporter implements Reporter {
  constructor(private readonly out: Out, private readonly cwd: string) {}
  /** Paths relative to the workspace (the current folder), as GitHub expects them. */
  private rel(file: string): string {
    return (path.isAbsolute(file) ? path.relative(this.cwd, file) : file).split(path.sep).join('/');
  }
  file(r: FileReport): void {
    const file = escapeProperty(this.rel(r.abs ?? r.path));
    for (const d of r.diagnostics) {
      const props = `file=${file},line=${d.line + 1},col=${d.character + 1},endLine=${d.endLine + 1},endColumn=${d.endCharacter + 1},title=${escapeProperty(`entente ${d.code}`)}`;
      this.out.write(`::${GITHUB_LEVEL[d.severity]} ${props}::${escapeData(d.message)}\n`);
    }
  }
  problem(file: string | undefined, message: string): void {
    const where = file === undefined ? '' : `file=${escapeProperty(this.rel(file))},`;
    this.out.write(`::error ${where}title=entente::${escapeData(message)}\n`);
  }
  end(): void {
    this.out.flush();
  }
}
