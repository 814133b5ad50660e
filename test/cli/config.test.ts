// One configuration for the editor and the CLI: `.entente/config.json`, parsed with positions
// (core/workspaceConfig), its JSON schema, and the CLI finding it upward from each note.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { ROOT } from '../util';
import { runCli } from './run';
import { parseWorkspaceConfig } from '../../server/src/core/workspaceConfig';
import { parseSettings, DIAGNOSTIC_CODES } from '../../server/src/core/settings';
import { languageOf, isNoteFile } from '../../server/src/core/languages';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('workspace configuration (.entente/config.json)', () => {
  it('reads the editor settings, nested, into the raw object parseSettings takes', () => {
    const text = '{\n  // comments are allowed\n  "dates": { "order": "mdy" },\n  "diagnostics": { "date-ambiguous": "off" },\n  "corpus": { "paths": ["sources"], "includeBundled": false },\n  "maxFileSize": 500,\n}';
    const r = parseWorkspaceConfig(text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.settings, { dates: { order: 'mdy' }, diagnostics: { 'date-ambiguous': 'off' }, corpus: { paths: ['sources'], includeBundled: false }, maxFileSize: 500 });
    const s = parseSettings(r.settings);
    assert.deepEqual(s.errors, []);
    assert.equal(s.settings.dates.order, 'mdy');
    assert.equal(s.settings.diagnostics['date-ambiguous'], 'off');
    assert.equal(s.settings.diagnostics['date-invalid'], 'error');
  });

  it('reports each mistake at its place and keeps the good values', () => {
    const text = '{\n  "dates": { "order": "ymd" },\n  "languages": ["markdown"],\n  "diagnostics": { "date-typo": "off", "anachronism": "loud" },\n  "corpus.paths": [],\n  "colour": 1\n}';
    const r = parseWorkspaceConfig(text);
    const at = (e: { start: number }) => text.slice(e.start, e.start + 12);
    assert.deepEqual(r.errors.map((e) => [at(e), e.message.split(' ').slice(0, 2).join(' ')]), [
      ['"ymd" },\n  "', '"dates.order" should'],
      ['"date-typo":', 'Unknown check'],
      ['"loud" },\n  ', '"diagnostics.anachronism" should'],
      ['"corpus.path', 'Write settings'],
      ['"colour": 1\n', 'Unknown setting'],
    ]);
    assert.deepEqual(r.settings, { languages: ['markdown'] });
    const broken = parseWorkspaceConfig('{ "dates": { "order": "dmy" ');
    assert.ok(broken.errors.length > 0 && broken.errors[0].message.startsWith('JSON: '));
    assert.deepEqual(broken.settings, {});
    assert.match(parseWorkspaceConfig('[1]').errors[0].message, /must be an object/);
  });

  it('has a schema that agrees with the parser and with the editor settings', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const cases = [
      '{}',
      '{ "dates": { "order": "mdy" } }',
      '{ "dates": { "order": "ymd" } }',
      '{ "diagnostics": { "anachronism": "off", "date-invalid": "warning" } }',
      '{ "diagnostics": { "date-typo": "off" } }',
      '{ "corpus": { "paths": ["a", "b"], "includeBundled": true } }',
      '{ "corpus": { "paths": [1] } }',
      '{ "maxFileSize": 0 }',
      '{ "maxFileSize": 20 }',
      '{ "dictionary": { "path": "d.json" } }',
      '{ "dictionary": { "file": "d.json" } }',
      '{ "languages": "markdown" }',
      '{ "$schema": "x", "colour": 1 }',
      '{ "bibliography": "refs.bib", "citation": { "style": "apa", "locale": "en-GB" } }',
      '{ "bibliography": ["a.bib", "b.json"] }',
      '{ "bibliography": [1] }',
      '{ "citation": { "locale": "fr-FR" } }',
    ];
    for (const c of cases) assert.equal(validate(JSON.parse(c)), parseWorkspaceConfig(c).errors.length === 0, c);
    // Every editor setting is in the schema, with the same enums and defaults.
    const props = pkg.contributes.configuration.properties;
    for (const [key, def] of Object.entries<any>(props)) {
      const p = key.replace(/^entente\./, '').split('.').reduce((o: any, k) => o?.properties?.[k], schema);
      assert.ok(p, key);
      assert.deepEqual(p.default, def.default, key);
      assert.deepEqual(p.enum, def.enum, key);
    }
    assert.deepEqual(Object.keys(schema.properties.diagnostics.properties).sort(), [...DIAGNOSTIC_CODES].sort());
    assert.ok(pkg.contributes.jsonValidation.some((v: any) => v.fileMatch === '**/.entente/config.json' && v.url === './schemas/config.schema.json'));
  });

  it('the CLI follows the one language rule: the client id (under any client spelling), else the extension', () => {
    assert.equal(languageOf(undefined, 'notes/a.md'), 'markdown');
    assert.equal(languageOf(undefined, 'file:///n/A.MARKDOWN'), 'markdown');
    assert.equal(languageOf(undefined, 'n/b.ent'), 'entente-notes');
    assert.equal(languageOf(undefined, 'n/c.txt'), 'plaintext');
    assert.equal(languageOf(undefined, 'n/README'), 'plaintext');
    assert.equal(languageOf('text', 'n/a.md'), 'plaintext');
    assert.equal(languageOf('markdown', 'n/a.txt'), 'markdown');
    assert.deepEqual(['a.md', 'b.TXT', 'c.ent', 'd.json', 'e.pdf', 'f'].map(isNoteFile), [true, true, true, false, false, false]);
  });
});

describe('entente check and .entente/config.json', function () {
  this.timeout(60000);
  let dir: string;
  const write = (name: string, content: string) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  // An impossible date (an error by default) and a numeric date whose value depends on the order.
  const NOTE = 'CACO was created on 30 February 2002.\nThey met on 03.04.2004.\n';
  const dateValues = (stdout: string) => JSON.parse(stdout).files.map((f: any) => f.entities.filter((e: any) => e.kind === 'date').map((e: any) => e.value));

  it('finds the config upward from the note and applies it; options override it', () => {
    write('ws/.entente/config.json', '{ "dates": { "order": "mdy" }, "diagnostics": { "date-invalid": "warning" } }');
    write('ws/notes/deep/n.txt', NOTE);
    // Run from elsewhere: the config is found from the note, not from the current folder.
    const r = runCli(['check', '--format', 'json', '--entities', path.join(dir, 'ws/notes')], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const ds = JSON.parse(r.stdout).files[0].diagnostics;
    // date-invalid downgraded to a warning (so exit 0); mdy: 03.04.2004 is 4 March.
    assert.deepEqual(ds.map((d: any) => [d.code, d.severity, d.line]), [['date-invalid', 'warning', 0], ['date-ambiguous', 'information', 1]]);
    assert.deepEqual(dateValues(r.stdout), [['2002-02-30', '2004-03-04']]);
    const dmy = runCli(['check', '--format', 'json', '--entities', '--order', 'dmy', 'ws/notes/deep/n.txt'], { cwd: dir });
    assert.deepEqual(dateValues(dmy.stdout), [['2002-02-30', '2004-04-03']]);
    assert.equal(JSON.parse(dmy.stdout).files[0].diagnostics[0].severity, 'warning');
  });

  it('stops at a folder holding .git, and notes under different configs use their own', () => {
    write('.entente/config.json', '{ "diagnostics": { "date-invalid": "off" } }');
    fs.mkdirSync(path.join(dir, 'repo/.git'), { recursive: true });
    write('repo/n.txt', NOTE);
    write('other/n.txt', NOTE);
    const r = runCli(['check', 'repo/n.txt', 'other/n.txt'], { cwd: dir });
    // repo/ is its own workspace (a .git folder): the config above it does not apply there.
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split(': ')[0]), ['repo/n.txt:1:21', 'repo/n.txt:2:13', 'other/n.txt:2:13']);
    assert.equal(r.code, 1);
  });

  it('reads corpus paths and the dictionary relative to the workspace folder', () => {
    write('ws/.entente/config.json', '{ "corpus": { "paths": ["sources"] }, "dictionary": { "path": "my-dict.json" } }');
    write('ws/sources/own.txt', 'The Council of the Baltic Sea States (CBSS) was founded in March 1992.\n');
    write('ws/my-dict.json', JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', acronyms: ['NRRU'], events: [{ type: 'founded', date: '2011-03-01' }] }] }));
    write('ws/n.txt', 'The CBSS. The NRRU was founded in 2010.\n');
    const r = runCli(['check', '--no-cache', '--entities', 'ws/n.txt'], { cwd: dir });
    assert.match(r.stdout, /organization "CBSS" = Council of the Baltic Sea States/);
    assert.match(r.stdout, /ws\/n\.txt:1:35: warning date-conflict: .*1 March 2011/);
  });

  it('reports an invalid config as file:line:column, uses the defaults there, checks anyway, exits 2', () => {
    write('.entente/config.json', '{\n  "dates": { "order": "mdy" },\n  "diagnostics": { "date-invalid": "silent" }\n}\n');
    write('n.txt', NOTE);
    const r = runCli(['check', '--entities', 'n.txt'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^entente: configuration is invalid \(defaults used where it is wrong\):\n\.entente\/config\.json:3:36: "diagnostics\.date-invalid" should be one of error, warning, information, hint, off; its default is used\.\n/);
    // The good value (mdy) still counts; the bad one falls back to its default (error).
    assert.match(r.stdout, /^n\.txt:1:21: error date-invalid: /m);
    assert.match(r.stdout, /^n\.txt:2:13: date "03\.04\.2004" = 2004-03-04$/m);
    const json = runCli(['check', '--format', 'json', 'n.txt'], { cwd: dir });
    assert.equal(json.code, 2);
    assert.match(JSON.parse(json.stdout).errors[0].message, /config\.json:3:36/);
    const syntax = runCli(['check', '--entities', '--config', write('broken.json', '{ "dates": '), 'n.txt'], { cwd: dir });
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr, /broken\.json:1:12: JSON: ValueExpected/);
    // Nothing of a file that does not parse is used: day first, the default.
    assert.match(syntax.stdout, /^n\.txt:2:13: date "03\.04\.2004" = 2004-04-03$/m);
  });
});
