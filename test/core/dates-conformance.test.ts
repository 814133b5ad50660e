import * as assert from 'node:assert/strict';
import { entente, loadSuite, score } from '../eval/dates-conformance';
import { recognizeDates } from '../../server/src/core/dates/recognize';

// The conformance suite built from chrono-node's and Duckling's public tests
// (test/fixtures/dates/conformance.json). Floors: a regression of the recognizer fails here.
describe('dates: conformance suite from the peers’ tests', () => {
  const suite = loadSuite();
  const s = score(suite, entente);
  const list = (k: keyof typeof s): string => s[k].misses.map((c) => JSON.stringify(c.text)).join(', ');

  it('has at least 300 cases, each with its origin', () => {
    assert.ok(suite.cases.length >= 300, `${suite.cases.length} cases`);
    for (const c of suite.cases) {
      assert.match(c.source, /^(chrono-node test\/en\/|Duckling Duckling\/Time\/EN\/Corpus\.hs)/);
      if (c.kind === 'absolute' || c.kind === 'yearless') assert.ok(c.value, `${c.text} has a value`);
    }
    assert.ok(suite.leftOut.relative.count > 0);
  });

  it('finds at least 97 % of the absolute dates with the right value', () => {
    assert.ok(s.absolute.right / s.absolute.total >= 0.97, `${s.absolute.right}/${s.absolute.total}; misses: ${list('absolute')}`);
  });

  it('finds at least 90 % of the dates without a year', () => {
    assert.ok(s.yearless.right / s.yearless.total >= 0.9, `${s.yearless.right}/${s.yearless.total}; misses: ${list('yearless')}`);
  });

  it('flags every impossible date as invalid', () => {
    assert.equal(s.invalid.right, s.invalid.total, `misses: ${list('invalid')}`);
  });

  it('makes no false hit on the non-dates', () => {
    assert.equal(s['non-date'].right, s['non-date'].total, `false hits: ${list('non-date')}`);
  });

  it('finds no yearless date unless asked', () => {
    for (const c of suite.cases.filter((x) => x.kind === 'yearless')) {
      for (const m of recognizeDates(c.text, { order: c.order })) assert.notEqual(m.yearless, true, c.text);
    }
  });
});
