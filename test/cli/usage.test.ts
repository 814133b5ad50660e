// Usage of both binaries: --help and --version, one-line usage errors with a hint, the language
// server started without a transport, and `lookup` (JSON, "did you mean").

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../util';
import { runCli } from './run';
import { closest } from '../../server/src/cli/suggest';

const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

describe('entente and entente-language-server: usage', function () {
  this.timeout(60000);

  it('--help and --version on both binaries exit 0', () => {
    for (const bin of ['entente.js', 'entente-language-server.js']) {
      const name = bin.replace(/\.js$/, '');
      const h = runCli(['--help'], { bin });
      assert.equal(h.code, 0, h.stderr);
      assert.match(h.stdout, new RegExp(`^Usage:[\\s\\S]*${name === 'entente' ? 'entente check' : 'entente-language-server --stdio'}`));
      assert.equal(h.stderr, '');
      const v = runCli(['--version'], { bin });
      assert.equal(v.code, 0);
      assert.equal(v.stdout, `${name} ${version}\n`);
    }
    // Help wins wherever it stands, even after a mistake.
    assert.equal(runCli(['check', '--bogus', '--help']).code, 0);
  });

  it('the language server without a transport prints one line of usage and exits 2, no stack trace', () => {
    const r = runCli([], { bin: 'entente-language-server.js', timeoutMs: 10000 });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, "entente-language-server: no transport given (use --stdio). Try 'entente-language-server --help'.\n");
  });

  it('a usage error is one line with a hint, not the whole help', () => {
    const cases: [string[], string][] = [
      [['--foo'], 'unknown option --foo'],
      [['check', '--formt', 'json', 'x.txt'], 'unknown option --formt (did you mean --format?)'],
      [['chekc', 'x.txt'], 'unknown command "chekc" (did you mean check?)'],
      [[], 'no command given (check or lookup)'],
      [['check', '--corpus'], '--corpus needs a value'],
      [['check', '--min-severity', 'fatal', 'x.txt'], '--min-severity must be error, warning, information or hint, not "fatal"'],
      [['check', '--entities=yes', 'x.txt'], '--entities takes no value'],
      [['lookup'], 'lookup needs a NAME'],
      [['lookup', '--format', 'sarif', 'CSTO'], 'lookup prints text or json, not sarif'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr, `entente: ${message}. Try 'entente --help'.\n`);
      assert.equal(r.stdout, '');
    }
  });

  it('lookup --format json gives the entity with its facts and their sources', () => {
    const r = runCli(['lookup', '--format', 'json', 'CSTO']);
    assert.equal(r.code, 0, r.stderr);
    const { query, entity } = JSON.parse(r.stdout);
    assert.equal(query, 'CSTO');
    assert.equal(entity.id, 'csto');
    assert.equal(entity.kind, 'organization');
    assert.equal(entity.name, 'Collective Security Treaty Organization');
    assert.ok(entity.acronyms.includes('CSTO'));
    assert.equal(entity.origin, 'catalog');
    // The full card, as the editor's side view shows it: facts with the printed page that states them.
    assert.match(entity.card, /^\*\*Collective Security Treaty Organization\*\*/);
    assert.match(entity.card, /, p\. \d+/);
    const text = runCli(['lookup', 'CSTO']).stdout;
    assert.match(text, /^Collective Security Treaty Organization/);
    assert.ok(!text.includes('**'), 'the text card is plain');
  });

  it('lookup of a misspelled name says "did you mean" and exits 1', () => {
    const r = runCli(['lookup', 'Shangai']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^entente: no organization or treaty named "Shangai" in the catalog or corpus\. Did you mean .*Shanghai Cooperation Organization \(SCO\)/);
    const j = runCli(['lookup', '--format', 'json', 'Colective Security Treaty Organisaton']);
    assert.equal(j.code, 1);
    const out = JSON.parse(j.stdout);
    assert.equal(out.entity, null);
    assert.equal(out.suggestions[0].id, 'csto');
    assert.ok(out.suggestions.length <= 3 && new Set(out.suggestions.map((x: any) => x.id)).size === out.suggestions.length, 'each entity once');
    const none = runCli(['lookup', 'Qwxzv Plonk']);
    assert.equal(none.stderr, 'entente: no organization or treaty named "Qwxzv Plonk" in the catalog or corpus\n');
  });
});

describe('did you mean: options and commands', () => {
  it('suggests only near misses', () => {
    assert.equal(closest('--formt', ['--format', '--order']), '--format');
    assert.equal(closest('--fromat', ['--format', '--order']), '--format');
    assert.equal(closest('--zzz', ['--format', '--order']), undefined);
    assert.equal(closest('lookpu', ['check', 'lookup']), 'lookup');
    assert.equal(closest('x', ['check', 'lookup']), undefined);
  });
});
