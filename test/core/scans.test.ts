// Scans that stand for a regular expression tried at every character: each must find exactly what
// the expression finds. The event-verb scan (knowledge/events.ts verbMatches) tries the verb
// expression only at words that can start a verb, and lets the expression decide next to any
// non-ASCII character (a letter, or one that folds to an ASCII letter under case-insensitive Unicode
// matching: "ſ" is "s", "K" (Kelvin) is "k"). The clause scan (text/clauses.ts) finds its marks
// with indexOf instead of reading every character: it must give the starts the character loop gave.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { VERB_RE, splitSentences, verbMatches } from '../../server/src/core/knowledge/events';
import { clauseStarts } from '../../server/src/core/text/clauses';
import { atxHeadings } from '../../server/src/core/features/writing';
import { shapeFinder } from '../../server/src/core/recognize/entities';
import { inferYears, noteContext } from '../../server/src/core/dates/context';
import { recognizeDates } from '../../server/src/core/dates/recognize';
import type { DateMention, Span } from '../../server/src/core/types';

const shape = (ms: RegExpExecArray[] | RegExpMatchArray[]) => ms.map((m) => [m.index, m[0], m.slice(1).findIndex((g) => g !== undefined)]);
const reference = (body: string) => shape([...body.matchAll(VERB_RE)]);

describe('event-verb scan', () => {
  it('finds verbs as whole words in any case, with the group that names their type', () => {
    const body = 'NATO was Founded in 1949; it ENTERED  INTO\nFORCE later, unsigned, resigned and signed2 and set up';
    assert.deepEqual(shape(verbMatches(body)), [
      [body.indexOf('Founded'), 'Founded', 2], // founded: the third group (founded, established…)
      [body.indexOf('ENTERED'), 'ENTERED  INTO\nFORCE', 0], // spaces and a line break between the words; capitals
      [body.indexOf('signed2'), 'signed', 3], // a digit after a verb does not glue it to a word
      [body.indexOf('set up'), 'set up', 2],
    ]);
    // "unsigned" and "resigned" hold "signed" inside a word: not verbs.
    assert.equal(verbMatches('unsigned resigned').length, 0);
  });

  it('leaves what stands next to a non-ASCII character to the expression', () => {
    // "ſigned" is "signed" to a case-insensitive Unicode expression; "éjoined" is one word.
    assert.deepEqual(shape(verbMatches('ſigned éjoined joinedé joined\u00a0')), reference('ſigned éjoined joinedé joined\u00a0'));
    assert.deepEqual(shape(verbMatches('ſigned')), [[0, 'ſigned', 3]]);
    assert.deepEqual(shape(verbMatches('withdrew\u00a0from')), [[0, 'withdrew\u00a0from', 7]]);
  });

  it('agrees with the expression on random text (fast-check)', () => {
    const piece = fc.constantFrom('signed', 'Signed', 'entered', 'into', 'force', 'dates', 'date', 'from', 'set', 'up', 'withdrew', 'became', 'a', 'member', 'of', 'ſ', 'K', 'é', '😀', '2', ' ', '  ', '\n', '\u00a0', ',', '-', 'un', 'ed', 'the');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const body = parts.join('');
        assert.deepEqual(shape(verbMatches(body)), reference(body));
      }),
      { numRuns: 1000 },
    );
  });
});

/** The clause scan as it was written first, one character at a time: the reference. */
function clauseStartsByCharacter(text: string, sentences: readonly Span[], dates: readonly DateMention[]): number[] {
  const OPENING = /^\s*(?:(?:in|on|by|during|since|from|at)\s+)?$/i;
  const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
  const out: number[] = [];
  let di = 0;
  for (const s of sentences) {
    while (di < dates.length && dates[di].end <= s.start) di++;
    out.push(s.start);
    let opening: DateMention | undefined;
    for (let k = di; k < dates.length && dates[k].start < s.start + 12; k++) {
      if (OPENING.test(text.slice(s.start, dates[k].start))) {
        opening = dates[k];
        break;
      }
    }
    let dk = di;
    for (let i = s.start; i < s.end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 97) {
        if (text.startsWith('and ', i) && isSpace(text.charCodeAt(i - 1))) out.push(i + 4);
      } else if (ch === 59 || ch === 40 || ch === 41) {
        out.push(i + 1);
      } else if (ch === 44) {
        if (opening && i >= opening.end && i <= opening.end + 1) continue;
        while (dk < dates.length && dates[dk].end <= i) dk++;
        if (dk < dates.length && dates[dk].start <= i) continue;
        out.push(i + 1);
      }
    }
  }
  return out;
}

describe('clause scan', () => {
  it('cuts at "and", semicolons, parentheses and commas, not at a comma inside a date or after an opening date', () => {
    const text = 'In 1995, NATO met (in Brussels) and the CIS, on July 18, 2003; the OSCE grand plans.';
    const dates = recognizeDates(text);
    const starts = clauseStarts(text, splitSentences(text), dates);
    assert.deepEqual(starts.map((x) => text.slice(x, x + 6)), [
      'In 199', // the sentence's start; no cut after "In 1995,": it opens the sentence
      'in Bru', // after "("
      ' and t', // after ")"
      'the CI', // after "and "
      ' on Ju', // after "CIS,"; none inside "July 18, 2003"
      ' the O', // after ";" ("grand" holds "and" but no cut: it follows no space)
    ]);
  });

  it('gives what the character loop gave on random sentences and dates (fast-check)', () => {
    const piece = fc.constantFrom('and ', 'grand ', 'and', ' ', ',', ', ', ';', '(', ')', 'In ', 'on ', 'July 18, 2003', '1995', 'NATO', '. The ', '.\n\nA ', '\u00a0and ', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const sentences = splitSentences(text);
        const dates = recognizeDates(text, { yearless: true });
        assert.deepEqual(clauseStarts(text, sentences, dates), clauseStartsByCharacter(text, sentences, dates));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('heading scan (features/writing.ts atxHeadings)', () => {
  const HEADING_RE = /^(#{1,6})[ \t]+([^\n]*?)[ \t#]*$/gm;
  const reference = (t: string) => [...t.matchAll(HEADING_RE)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, title: m[2], level: m[1].length }));

  it('reads levels, titles and closing runs as Markdown writes them', () => {
    const t = '# One\n## Two ##\n####### seven\n#no space\n### Three #x#  \r\n#\ttab\n';
    assert.deepEqual(atxHeadings(t).map((h) => [h.level, h.title]), [[1, 'One'], [2, 'Two'], [3, 'Three #x'], [1, 'tab']]);
    assert.deepEqual(atxHeadings(t), reference(t));
  });

  it('agrees with the expression on random text (fast-check)', () => {
    const piece = fc.constantFrom('#', '##', '######', '#######', ' ', '\t', '\n', '\r', '\r\n', '\u2028', '\u2029', 'a', 'Title', '😀', '# ', ' #');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const t = parts.join('');
        assert.deepEqual(atxHeadings(t), reference(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a 200 KB heading line of closing marks in linear time (the expression took 108 s)', () => {
    const t = '# ' + ' #'.repeat(100_000) + 'x\n';
    const t0 = performance.now();
    const hs = atxHeadings(t);
    assert.equal(hs.length, 1);
    assert.equal(hs[0].title, ' #'.repeat(100_000).trim() + 'x');
    assert.ok(performance.now() - t0 < 500, `${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('shape finder (recognize/entities.ts shapeFinder)', () => {
  it('gives the first shape that holds a definition, as a search of every shape did (fast-check)', () => {
    const span = fc.record({ start: fc.nat({ max: 200 }), len: fc.integer({ min: 1, max: 40 }) }).map(({ start, len }) => ({ start, end: start + len }));
    const def = fc.record({ nameStart: fc.nat({ max: 220 }), nameLen: fc.integer({ min: 0, max: 40 }), gap: fc.integer({ min: -2, max: 6 }) }).map(({ nameStart, nameLen, gap }) => ({ nameStart, nameEnd: nameStart + nameLen, acronymStart: nameStart + nameLen + gap }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), fc.array(def, { maxLength: 20 }), (shapes, defs) => {
        const find = shapeFinder(shapes);
        for (const d of defs) assert.equal(find(d), shapes.find((s) => s.start <= d.nameStart && s.end >= d.nameEnd - 1 && s.end <= d.acronymStart + 1), JSON.stringify(d));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('year context (dates/context.ts inferYears)', () => {
  const hasYear = (d: DateMention) => d.yearless !== true && ['day', 'month', 'year', 'season'].includes(d.from.precision);
  /** The plain search: the last explicit year of the paragraph before the date, else the last heading before it that has a year, else the title. */
  function expectedSource(text: string, dates: DateMention[], headings: readonly Span[], d: DateMention): string | undefined {
    const paraStart = (at: number) => {
      let s = 0;
      for (const m of text.matchAll(/\n[ \t]*\r?\n/g)) if (m.index! + m[0].length <= at) s = m.index! + m[0].length;
      return s;
    };
    const p = paraStart(d.start);
    let nearest: DateMention | undefined;
    for (const x of dates) if (hasYear(x) && paraStart(x.start) === p && x.end <= d.start) nearest = x;
    if (nearest) return `paragraph ${nearest.start}-${nearest.end}`;
    for (const h of [...headings].sort((a, b) => a.start - b.start).reverse()) {
      if (h.start > d.start) continue;
      if (recognizeDates(text.slice(h.start, h.end)).some(hasYear)) return `heading ${h.start}-${h.end}`;
    }
    return undefined;
  }

  it('takes each yearless date’s year from where the plain search finds it (fast-check)', () => {
    const piece = fc.constantFrom('11 September ', 'in May ', 'on 3 June ', 'from 13th to 15th July ', '2001 ', '15 May 1992 ', '1995–1996 ', 'the text ', '\n', '\n\n', '## Events of 2008\n', '# Background\n', '## 1999 and 2000\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = '# Notes\n\n' + parts.join('');
        const dates = recognizeDates(text, { yearless: true });
        const ctx = noteContext(text, 'markdown');
        const out = inferYears(text, dates, { headings: ctx.headings });
        dates.forEach((d, i) => {
          if (!d.yearless) return assert.equal(out[i], d);
          const got = out[i].inferredYear ? `${out[i].inferredYear!.source} ${out[i].inferredYear!.start}-${out[i].inferredYear!.end}` : undefined;
          assert.equal(got, expectedSource(text, dates, ctx.headings ?? [], d), `${JSON.stringify(text)} at ${d.start}`);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('gives years to a paragraph of 10,000 yearless dates in linear time (it took 3.9 s for 200 KB)', () => {
    const text = '[1995[Tuesday, 8 December 19911995NATO'.repeat(5_300);
    const dates = recognizeDates(text, { yearless: true });
    const t0 = performance.now();
    const out = inferYears(text, dates);
    const ms = performance.now() - t0;
    assert.ok(out.filter((d) => d.inferredYear).length > 5_000);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});
