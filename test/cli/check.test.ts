// `entente check` as CI runs it: folders, globs, standard input, unreadable paths, the output
// formats and the severity flags, through the CLI as a child process.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { ROOT } from '../util';
import { runCli, type RunOptions } from './run';
import { escapeData, escapeProperty, entityJson } from '../../server/src/cli/formats';
import { CHECKS } from '../../server/src/core/features/checks';

const BAD = 'CACO was created on 30 February 2002.\n'; // one error (date-invalid), line 1 col 21
const CONFLICT = 'The Collective Security Treaty was signed on 15 May 1993.\n'; // one warning (date-conflict)
const AMBIGUOUS = 'Signed 03.04.2004.\n'; // one information (date-ambiguous)

describe('entente check: paths, formats and flags', function () {
  this.timeout(60000);
  let dir: string;
  const write = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };
  const run = (args: string[], options: RunOptions = {}) => runCli(args, { cwd: dir, ...options });
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-check-'));
    write('notes/a.md', BAD);
    write('notes/deep/b.txt', CONFLICT);
    write('notes/deep/c.ent', 'Nothing dated here.\n');
    write('notes/deep/d.markdown', BAD + CONFLICT);
    write('notes/data.json', '{"30 February 2002": 1}\n');
    write('notes/.hidden/e.md', BAD);
    write('notes/node_modules/f.md', BAD);
    write('notes/picture.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('checks a folder recursively, only its notes, in order, with a summary on stderr', () => {
    const r = run(['check', 'notes']);
    assert.equal(r.code, 1, r.stderr);
    const files = r.stdout.trim().split('\n').map((l) => l.split(':')[0]);
    assert.deepEqual(files, ['notes/a.md', 'notes/deep/b.txt', 'notes/deep/d.markdown', 'notes/deep/d.markdown']);
    assert.equal(r.stderr, '4 problems (2 errors, 2 warnings) in 3 of 4 notes\n');
  });

  it('expands a quoted glob itself, and reports a glob that matches nothing', () => {
    const r = run(['check', 'notes/**/*.md']);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split(':')[0]), ['notes/a.md']);
    assert.equal(r.code, 1);
    const none = run(['check', 'notes/**/*.rst']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^entente: no notes match notes\/\*\*\/\*\.rst\n/);
    const both = run(['check', 'notes/deep/*.txt', 'notes/deep']);
    // b.txt once, though the glob and the folder both name it.
    assert.equal(both.stdout.split('\n').filter((l) => l.startsWith('notes/deep/b.txt')).length, 1);
  });

  it('reads standard input with -, taking the language from --stdin-filename', () => {
    const fenced = 'Intro.\n\n```\n' + BAD + '```\n';
    const asText = run(['check', '-'], { input: fenced });
    assert.equal(asText.code, 1);
    assert.match(asText.stdout, /^<stdin>:4:21: error date-invalid: /);
    // As Markdown the fenced block is code, not prose: nothing to report.
    const asMarkdown = run(['check', '--stdin-filename', 'notes/x.md', '-'], { input: fenced });
    assert.equal(asMarkdown.code, 0, asMarkdown.stderr);
    assert.equal(asMarkdown.stdout, '');
    const named = run(['check', '--stdin-filename', 'notes/x.txt', '-'], { input: BAD });
    assert.match(named.stdout, /^notes\/x\.txt:1:21: error date-invalid/);
  });

  it('goes on past a missing or unreadable file: reports it, checks the rest, exits 2', () => {
    const r = run(['check', 'missing.txt', 'notes/picture.png', 'notes/a.md']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^entente: cannot read missing\.txt: no such file\n/);
    assert.match(r.stderr, /entente: notes\/picture\.png looks like a binary file/);
    assert.match(r.stdout, /^notes\/a\.md:1:21: error date-invalid/);
    assert.match(r.stderr, /1 problem \(1 error, 0 warnings\) in 1 of 1 note; 2 paths could not be checked\n$/);
    const json = JSON.parse(run(['check', '--format', 'json', 'missing.txt', 'notes/a.md']).stdout);
    assert.deepEqual(json.files.map((f: any) => [f.path, f.diagnostics.map((d: any) => d.code)]), [['notes/a.md', ['date-invalid']]]);
    assert.deepEqual(json.errors, [{ path: path.join(dir, 'missing.txt'), message: 'cannot read missing.txt: no such file' }]);
  });

  it('writes JSON per note, entities in the order of the note', () => {
    const r = run(['check', '--format', 'json', '--entities', 'notes/deep']);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.files.map((f: any) => f.path), ['notes/deep/b.txt', 'notes/deep/c.ent', 'notes/deep/d.markdown']);
    const d = out.files[2];
    assert.deepEqual(d.entities.map((e: any) => [e.kind, e.text, e.line, e.character]), [
      ['organization', 'CACO', 0, 0],
      ['date', '30 February 2002', 0, 20],
      ['treaty', 'Collective Security Treaty', 1, 4],
      ['date', '15 May 1993', 1, 45],
    ]);
    assert.deepEqual(d.diagnostics.map((x: any) => [x.code, x.line, x.character, x.endLine, x.endCharacter]), [['date-invalid', 0, 20, 0, 36], ['date-conflict', 1, 45, 1, 56]]);
  });

  it('--quiet reports errors only, --min-severity drops what is less severe', () => {
    const note = write('sev.txt', BAD + CONFLICT + '\n' + AMBIGUOUS);
    const codes = (args: string[]) => JSON.parse(run(['check', '--format', 'json', ...args, note]).stdout).files[0].diagnostics.map((d: any) => d.code).sort();
    assert.deepEqual(codes([]), ['date-ambiguous', 'date-conflict', 'date-invalid']);
    assert.deepEqual(codes(['--quiet']), ['date-invalid']);
    assert.deepEqual(codes(['--min-severity', 'warning']), ['date-conflict', 'date-invalid']);
    assert.deepEqual(codes(['--min-severity', 'information']), ['date-ambiguous', 'date-conflict', 'date-invalid']);
    const q = run(['check', '--quiet', note]);
    assert.equal(q.stdout.trim().split('\n').length, 1);
    assert.equal(q.stderr, '1 problem (1 error, 0 warnings) in 1 of 1 note\n');
    assert.equal(run(['check', '--quiet', '--min-severity', 'hint', note]).code, 2);
  });

  it('--max-warnings N exits 1 above N warnings, 0 at or below', () => {
    const note = write('warn.txt', CONFLICT + '\n' + CONFLICT.replace('1993', '1994'));
    assert.equal(run(['check', note]).code, 0);
    const over = run(['check', '--max-warnings', '1', note]);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /entente: 2 warnings, more than --max-warnings 1\n$/);
    assert.equal(run(['check', '--max-warnings', '2', note]).code, 0);
    const bad = run(['check', '--max-warnings', 'some', note]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, `entente: --max-warnings must be a whole number, not "some". Try 'entente --help'.\n`);
  });

  it('writes SARIF 2.1.0 that validates against the schema, columns in UTF-16 code units', () => {
    const note = write('sarif dir/é 😀.txt', '😀 ' + BAD + CONFLICT);
    const r = run(['check', '--format', 'sarif', note, 'missing.md']);
    assert.equal(r.code, 2);
    const sarif: any = JSON.parse(r.stdout);
    const ajv = new Ajv({ strict: false, allErrors: true });
    const isUri = (s: string) => {
      try {
        new URL(s);
        return true;
      } catch {
        return false;
      }
    };
    ajv.addFormat('uri', isUri);
    ajv.addFormat('uri-reference', (s: string) => isUri(new URL(s, 'file:///base/').href) && !/\s/.test(s));
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    // The OASIS schema (2.1.0 errata 01, from oasis-tcs/sarif-spec) is written for draft-04; its
    // only draft-04 keyword is the top-level `id` (no boolean exclusiveMinimum), so it is read as
    // draft-07, which Ajv 8 implements, with that one keyword renamed.
    const { id, ...schema } = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif-schema-2.1.0.json'), 'utf8'));
    const compiled = ajv.compile({ ...schema, $schema: 'http://json-schema.org/draft-07/schema#', $id: id });
    const validate = (doc: unknown): boolean => compiled(doc) as boolean;
    assert.ok(validate(sarif), JSON.stringify(compiled.errors, null, 1));
    // A broken document does fail: the validator is not vacuous.
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
    const run0 = sarif.runs[0];
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    // One rule per check module, with its description and default level.
    assert.deepEqual(run0.tool.driver.rules.map((x: any) => [x.id, x.shortDescription.text, x.defaultConfiguration.level]), CHECKS.map((c) => [c.code, c.description, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[c.defaultSeverity]]));
    const [invalid, conflict] = run0.results;
    assert.equal(invalid.ruleId, 'date-invalid');
    assert.equal(invalid.level, 'error');
    assert.equal(run0.tool.driver.rules[invalid.ruleIndex].id, 'date-invalid');
    const loc = invalid.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'sarif%20dir/%C3%A9%20%F0%9F%98%80.txt');
    // "😀 " is three UTF-16 code units: the date starts at column 3 + 20 + 1.
    assert.deepEqual(loc.region, { startLine: 1, startColumn: 24, endLine: 1, endColumn: 40 });
    assert.equal(conflict.level, 'warning');
    assert.deepEqual(conflict.locations[0].physicalLocation.region, { startLine: 2, startColumn: 46, endLine: 2, endColumn: 57 });
    assert.equal(run0.invocations[0].executionSuccessful, false);
    assert.match(run0.invocations[0].toolExecutionNotifications[0].message.text, /cannot read missing\.md/);
  });

  it('writes GitHub workflow annotations, escaped per GitHub rules', () => {
    const note = write('odd,name:1.txt', BAD + CONFLICT);
    const r = run(['check', '--format', 'github', note]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '::error file=odd%2Cname%3A1.txt,line=1,col=21,endLine=1,endColumn=37,title=entente date-invalid::“30 February 2002” cannot exist: February 2002 has 28 days.',
      '::warning file=odd%2Cname%3A1.txt,line=2,col=46,endLine=2,endColumn=57,title=entente date-conflict::' + JSON.parse(run(['check', '--format', 'json', note]).stdout).files[0].diagnostics[1].message,
    ]);
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });
});

describe('entente check: the JSON writer', () => {
  it('writes an entity exactly as JSON.stringify would', () => {
    const samples = [
      { kind: 'organization', text: 'NATO\u2019s "old"\n\\ \u0001', line: 0, character: 4, endLine: 1, endCharacter: 2, id: 'nato', name: 'North Atlantic Treaty Organization', value: null },
      { kind: 'date', text: '30 February 2002', line: 12, character: 0, endLine: 12, endCharacter: 16, id: null, name: null, value: '2002-02-30' },
    ];
    for (const e of samples) assert.equal(entityJson(e), JSON.stringify(e));
  });
});
