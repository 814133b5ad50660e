// The dictionary against hostile or huge input: nesting and size limits with a positioned error
// (never "Maximum call stack size exceeded"), and loading linear in size.

import * as assert from 'node:assert/strict';
import { parseDictionary, MAX_DICTIONARY_DEPTH, MAX_DICTIONARY_CHARS, applyDictionary } from '../../server/src/core/knowledge/dictionary';
import { KnowledgeBase } from '../../server/src/core/knowledge/kb';

function dictionaryOf(n: number): string {
  const entities = [];
  for (let i = 0; i < n; i++) entities.push({ name: `Organization number ${i}`, acronyms: [`ORG${i}`], kind: 'organization', events: [{ type: 'founded', date: '2001-02-03' }] });
  return JSON.stringify({ entities }, null, 2);
}

/** CPU time (user + system) of f: steadier than the wall clock on a shared machine. */
function timed<T>(f: () => T): { value: T; ms: number } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { value, ms: (d.user + d.system) / 1000 };
}

describe('dictionary limits', function () {
  this.timeout(60000);

  it('reports nesting 20,000 deep with a positioned error instead of overflowing the stack', () => {
    for (const text of ['['.repeat(20000) + ']'.repeat(20000), '{"entities": [' + '{"a":'.repeat(20000) + '1' + '}'.repeat(20000) + ']}', '{"entities":' + '['.repeat(200000)]) {
      const r = parseDictionary(text);
      assert.equal(r.dictionary, undefined);
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0].message, new RegExp(`nested more than ${MAX_DICTIONARY_DEPTH} levels`));
      // The error points at the bracket that goes one level too deep.
      assert.ok('[{'.includes(text[r.errors[0].start]), JSON.stringify(r.errors[0]));
      let depth = 0;
      for (let i = 0; i <= r.errors[0].start; i++) if (text[i] === '[' || text[i] === '{') depth++;
      assert.equal(depth, MAX_DICTIONARY_DEPTH + 1);
    }
  });

  it('counts only structure: brackets inside strings and comments do not nest', () => {
    const text = `{"entities": [{"name": "${'['.repeat(100)}", "description": "{{{{"}] /* ${'['.repeat(100)} */ }`;
    const r = parseDictionary(text);
    assert.deepEqual(r.errors, []);
    assert.equal(r.dictionary?.entities[0].name, '['.repeat(100));
  });

  it('accepts the deepest real dictionary (entities → entity → events → event)', () => {
    const r = parseDictionary(JSON.stringify({ entities: [{ name: 'Northern Rapid Response Unit', events: [{ type: 'founded', date: '2009-02-04' }] }] }));
    assert.deepEqual(r.errors, []);
  });

  it('refuses a dictionary over the size limit with an error at the limit', () => {
    const text = '{"entities": [], "x": "' + ' '.repeat(MAX_DICTIONARY_CHARS) + '"}';
    const r = parseDictionary(text);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].start, MAX_DICTIONARY_CHARS);
    assert.match(r.errors[0].message, /more than the limit/);
  });

  it('parses and applies a dictionary in time linear in its size (1 MB well under a second)', () => {
    const small = dictionaryOf(4000); // ~1 MB
    const large = dictionaryOf(16000); // ~4 MB
    assert.ok(small.length > 900_000 && large.length > 3_600_000);
    parseDictionary(dictionaryOf(500)); // warm up
    const apply = (text: string) => {
      const kb = new KnowledgeBase();
      const { dictionary } = parseDictionary(text);
      applyDictionary(kb, dictionary!);
      return kb.list().length;
    };
    const a = timed(() => apply(small));
    const b = timed(() => apply(large));
    assert.equal(a.value, 4000);
    assert.equal(b.value, 16000);
    // About 0.4 s on a quiet machine; the bound is a safety margin for a loaded one.
    assert.ok(a.ms < 2500, `1 MB: ${a.ms.toFixed(0)} ms`);
    // Four times the input: at most about four times the time (quadratic would be sixteen).
    assert.ok(b.ms < a.ms * 8 + 200, `1 MB ${a.ms.toFixed(0)} ms, 4 MB ${b.ms.toFixed(0)} ms`);
    if (process.env.DICTIONARY_TIMES) console.log(`      1 MB: ${a.ms.toFixed(0)} ms; 4 MB: ${b.ms.toFixed(0)} ms`);
  });

  it('merges by acronym and kind as before: the first entity of that kind with that acronym', () => {
    const kb = new KnowledgeBase();
    applyDictionary(kb, { entities: [{ name: 'Alpha Treaty', kind: 'treaty', acronyms: ['AT'] }, { name: 'Alpha Team', kind: 'organization', acronyms: ['AT'] }] });
    applyDictionary(kb, { entities: [{ name: 'The A.T. organization', kind: 'organization', acronyms: ['AT'], aliases: ['A-Team'] }] });
    const team = kb.list().find((e) => e.name === 'Alpha Team')!;
    assert.ok(team.aliases.includes('A-Team'), 'merged into the organization, not the treaty');
    assert.equal(kb.list().length, 2);
  });
});
