// Bad input through the CLI as a child process: a clear message on stderr and exit 2 for input it
// cannot read; warnings (and the checks on what could be read) for input it can. Every run has a
// time limit, so a hang fails instead of blocking the suite. See docs/reliability.md.

import * as assert from 'node:assert/strict';
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from './run';
import { ROOT } from '../util';

const run = (args: string[], timeoutMs?: number) => runCli(args, { timeoutMs });

describe('CLI reliability: bad input', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-cli-rel-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    return p;
  };

  it('exits 2 with a clear message on a binary file, a dangling link, a link loop and a path through a file', () => {
    const binary = write('late-nul.txt', Buffer.concat([Buffer.from('The CSTO. '.repeat(500)), Buffer.from([0, 1, 2, 3])]));
    fs.symlinkSync(path.join(dir, 'nowhere.txt'), path.join(dir, 'dangling.txt'));
    fs.symlinkSync(path.join(dir, 'loop-b.txt'), path.join(dir, 'loop-a.txt'));
    fs.symlinkSync(path.join(dir, 'loop-a.txt'), path.join(dir, 'loop-b.txt'));
    const ok = write('ok.txt', 'The CSTO.\n');
    const cases: [string, RegExp][] = [
      [binary, /late-nul\.txt looks like a binary file/],
      [path.join(dir, 'dangling.txt'), /cannot read .*dangling\.txt: no such file/],
      [path.join(dir, 'loop-a.txt'), /cannot read .*loop-a\.txt: ELOOP/],
      [path.join(ok, 'x.txt'), /cannot read .*ENOTDIR/],
    ];
    for (const [file, message] of cases) {
      // A good file beside the bad one is still checked, and the bad one makes the exit status 2.
      const r = run(['check', ok, file]);
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  it('reads a note with a BOM and invalid UTF-8: BOM stripped, bad bytes reported, columns right', () => {
    const note = write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' 30 February 2010\r\n')]));
    const r = run(['check', '--format', 'json', note]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /bom\.txt is not valid UTF-8; invalid bytes were read as U\+FFFD/);
    const d = JSON.parse(r.stdout).files[0].diagnostics[0];
    assert.deepEqual([d.code, d.line, d.character, d.endCharacter], ['date-invalid', 0, 5, 21]);
  });

  it('gives exact positions with mixed line endings, emoji and right-to-left text', () => {
    const note = write('mixed.txt', 'a\r\nb\rc\n😀 מאי CSTO\r\n\r\n👍🏽 30 February 2010');
    const r = run(['check', '--format', 'json', '--entities', note]);
    const f = JSON.parse(r.stdout).files[0];
    assert.deepEqual(f.entities.map((e: any) => [e.text, e.line, e.character]), [['CSTO', 3, 7], ['30 February 2010', 5, 5]]);
    assert.deepEqual(f.diagnostics.map((d: any) => [d.code, d.line, d.character]), [['date-invalid', 5, 5]]);
  });

  it('checks an empty note and a blank note: exit 0, no output', () => {
    for (const [name, content] of [['empty.txt', ''], ['blank.md', '\n\r\n  \n']]) {
      const r = run(['check', write(name, content)]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
    }
  });

  it('checks a 1 MB single line completely', () => {
    const line = 'The CSTO was founded on 7 October 2002 and NATO in 1949. '.repeat(18000) + 'CACO was created on 30 February 2002.';
    const r = run(['check', write('long-line.txt', line)]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    assert.ok(r.stdout.includes(`:1:${line.indexOf('30 February') + 1}: error date-invalid:`), r.stdout);
  });

  it('skips a 50 MB note with a notice on stderr and exits 0 (bounded)', () => {
    const big = write('big.txt', 'CACO was created on 30 February 2002.\n'.repeat(Math.ceil((50 * 1024 * 1024) / 38)));
    const r = run(['check', big]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /big\.txt: This note has 52,428,8\d\d characters, more than entente\.maxFileSize \(10,000,000\)/);
    assert.ok(r.ms < 15000, `${r.ms} ms`);
  });

  it('reports a binary or invalid file in a --corpus folder and checks the note against the rest', () => {
    const corpus = path.join(dir, 'corpus');
    write('corpus/own.txt', 'The Council of the Baltic Sea States (CBSS) was founded in March 1992.\n');
    write('corpus/image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    write('corpus/latin1.md', Buffer.from([0x43, 0x61, 0x66, 0xe9]));
    const note = write('cbss.txt', 'The CBSS.\n');
    const r = run(['check', '--corpus', corpus, '--entities', note]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /corpus .*image\.txt looks like a binary file/);
    assert.match(r.stderr, /corpus .*latin1\.md is not valid UTF-8/);
    assert.match(r.stdout, /organization "CBSS" = Council of the Baltic Sea States/);
  });

  it('exits 2 on a broken or missing --dictionary, naming the problem', () => {
    const note = write('n.txt', 'The CSTO.\n');
    const broken = write('dict.json', '{ "entities": [ { "name": "X", "events": [{ "type": "founded", "date": "2009-13" }] } ] }');
    const r = run(['check', '--dictionary', broken, note]);
    assert.equal(r.code, 2);
    // One line per error, with the file, line and column of each.
    assert.match(r.stderr, /dictionary is invalid \(not used\):\n.*dict\.json:\d+:\d+: .*"name"[^\n]*\n.*dict\.json:\d+:\d+: .*ISO date/);
    const m = run(['check', '--dictionary', path.join(dir, 'nope.json'), note]);
    assert.equal(m.code, 2);
    assert.match(m.stderr, /cannot read .*nope\.json: no such file/);
  });

  it('exits 2 on a named pipe instead of blocking', function () {
    const fifo = path.join(dir, 'pipe.txt');
    cp.execFileSync('mkfifo', [fifo]);
    const r = run(['check', fifo], 5000);
    assert.equal(r.signal, null, 'did not finish within 5 s (blocked reading the pipe)');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pipe\.txt is a named pipe, not a regular file; it was not read/);
  });

  it('stops reading an endless standard input at its cap (check - < /dev/zero) and exits 2', function () {
    this.timeout(30000);
    const zero = fs.openSync('/dev/zero', 'r');
    try {
      const r = cp.spawnSync(process.execPath, [path.join(ROOT, 'bin', 'entente.js'), 'check', '-'], { stdio: [zero, 'pipe', 'pipe'], encoding: 'utf8', timeout: 25000 });
      assert.equal(r.signal, null, 'did not finish (read /dev/zero without end)');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /standard input is larger than 256 MB; it was not read/);
    } finally {
      fs.closeSync(zero);
    }
  });

  it('reads a note through a link like the file itself, and refuses a link to a device', function () {
    const note = write('real.txt', 'The CSTO was founded on 30 February 2002.\n');
    const link = path.join(dir, 'link.txt');
    fs.symlinkSync(note, link);
    const r = run(['check', link]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /date-invalid/);
    const dev = path.join(dir, 'zero.txt');
    fs.symlinkSync('/dev/zero', dev);
    const z = run(['check', dev], 5000);
    assert.equal(z.code, 2);
    assert.match(z.stderr, /zero\.txt is a character device, not a regular file; it was not read/);
  });
});
