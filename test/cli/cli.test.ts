// The CLI as users run it: a child process on real files, its output and exit status.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from '../util';
import { runCli } from './run';
import { parseArgs } from '../../server/src/cli/main';

const run = (args: string[], cwd?: string) => runCli(args, { cwd });

describe('entente CLI', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, content);
    return p;
  };

  it('reports the three entities of the foundation note with exact ranges and values', () => {
    const note = write('f.txt', 'The CSTO and the Collective Security Treaty of 15 May 1992.\n');
    const r = run(['check', '--format', 'json', '--entities', note]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    const e = out.files[0].entities;
    assert.deepEqual(e.map((x: any) => [x.kind, x.text, x.line, x.character, x.endCharacter, x.id ?? x.value]), [
      ['organization', 'CSTO', 0, 4, 8, 'csto'],
      ['treaty', 'Collective Security Treaty', 0, 17, 43, 'cst'],
      ['date', '15 May 1992', 0, 47, 58, '1992-05-15'],
    ]);
  });

  it('prints one line per problem, compiler style, and exits 1 on errors', () => {
    const note = write('bad.txt', 'Intro.\nCACO was created on 30 February 2002.\nThe Collective Security Treaty was signed on 15 May 1993.\n');
    const r = run(['check', note]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0], new RegExp(`^${note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:21: error date-invalid: `));
    assert.match(lines[1], /:3:46: warning date-conflict: The sources say .*15 May 1992/);
  });

  it('counts columns in UTF-16 code units, as LSP does', () => {
    const note = write('emoji.txt', '😀 30 February 2010\r\n');
    const r = run(['check', '--format', 'json', note]);
    const d = JSON.parse(r.stdout).files[0].diagnostics[0];
    assert.deepEqual([d.line, d.character, d.endCharacter], [0, 3, 19]);
  });

  it('adds a corpus with --corpus and learns from it', () => {
    const corpus = path.join(ROOT, 'test/fixtures/dev-notes/own-corpus');
    const note = write('own.txt', 'The Helsinki Final Act was signed on 1 August 1976.\n');
    const r = run(['check', '--corpus', corpus, '--format', 'json', '--entities', note]);
    const f = JSON.parse(r.stdout).files[0];
    assert.deepEqual(f.diagnostics.map((d: any) => d.code), ['date-conflict']);
    assert.ok(f.entities.some((e: any) => e.text === 'Helsinki Final Act'));
  });

  it('looks up a card', () => {
    const r = run(['lookup', 'SCO']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Shanghai Cooperation Organization \(SCO\)/);
    assert.ok(!/\]\(command:/.test(r.stdout), 'no command links in a terminal');
    assert.equal(run(['lookup', 'Nonexistent Body']).code, 1);
  });

  it('exits 2 with a clear message on bad usage and unreadable input', () => {
    const bin = write('bin.txt', Buffer.from([0x4e, 0x41, 0x00, 0x01, 0x02]));
    const cases: [string[], RegExp][] = [
      [['check'], /^entente: check needs at least one PATH\. Try 'entente --help'\.\n$/],
      [['check', path.join(dir, 'missing.txt')], /cannot read .*no such file/],
      [['check', bin], /binary/],
      [['check', fs.mkdtempSync(path.join(dir, 'empty-'))], /no notes in folder/],
      [['check', '--format', 'xml', bin], /--format must be text, json, sarif or github, not "xml"/],
      [['frobnicate'], /unknown command/],
      [['check', '--corpus', path.join(dir, 'nope'), write('ok.txt', 'x')], /corpus path not found/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
  });

  it('reads invalid UTF-8 with a warning and loses nothing else', () => {
    const note = write('latin1.txt', Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' 30 February 2010\n')]));
    const r = run(['check', note]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not valid UTF-8/);
    assert.match(r.stdout, /date-invalid/);
  });

  it('parses arguments in either order and with =', () => {
    assert.deepEqual(parseArgs(['check', 'a.txt', '--format=json', '--corpus', 'c']).corpus, ['c']);
    assert.throws(() => parseArgs(['check', '--corpus']), /needs a value/);
  });
});

describe('entente CLI and the workspace dictionary', function () {
  this.timeout(30000);
  it('uses .entente/dictionary.json of the current folder, and reports a broken one with positions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-dict-'));
    try {
      fs.mkdirSync(path.join(dir, '.entente'));
      fs.writeFileSync(path.join(dir, '.entente', 'dictionary.json'), JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', acronyms: ['NRRU'], events: [{ type: 'founded', date: '2011-03-01' }] }] }));
      fs.writeFileSync(path.join(dir, 'n.txt'), 'The NRRU was founded in 2010.\n');
      const r = run(['check', '--no-cache', 'n.txt'], dir);
      assert.match(r.stdout, /n\.txt:1:25: warning date-conflict: .*1 March 2011/);
      fs.writeFileSync(path.join(dir, '.entente', 'dictionary.json'), '{\n  "entities": [ { "name": 5 } ]\n}');
      const bad = run(['check', 'n.txt'], dir);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /dictionary\.json:2:\d+: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
