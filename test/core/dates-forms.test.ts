import * as assert from 'node:assert/strict';
import { recognizeDates, TWO_DIGIT_YEAR_PIVOT } from '../../server/src/core/dates/recognize';
import { inferYears, noteContext } from '../../server/src/core/dates/context';
import { formatValue, parseIsoValue } from '../../server/src/core/dates/value';
import type { DateMention } from '../../server/src/core/types';

const one = (text: string, order?: 'dmy' | 'mdy', yearless = false): DateMention => {
  const ms = recognizeDates(text, { order, yearless });
  assert.equal(ms.length, 1, `${JSON.stringify(text)}: ${JSON.stringify(ms.map((m) => [m.text, m.value]))}`);
  return ms[0]!;
};
const values = (text: string, yearless = false): string[] => recognizeDates(text, { yearless }).map((m) => m.value);

describe('dates/grammar: forms from the peers’ suites', () => {
  for (const [text, value] of [
    ['3rd Feb 82', '1982-02-03'], ['Aug 9, 96', '1996-08-09'], ['10/31/74', '1974-10-31'], ['12-30-16', '2016-12-30'],
    ['2012/8/10', '2012-08-10'], ['2015.05.25', '2015-05-25'], ['2013-2-7', '2013-02-07'], ['2014/10', '2014-10'],
    ['2024 August', '2024-08'], ['2018 March 18', '2018-03-18'], ['10/August/2012', '2012-08-10'], ['09/JAN/2017', '2017-01-09'],
    ['Sep-2012', '2012-09'], ['August-10-2012', '2012-08-10'], ['10-August 2012', '2012-08-10'], ['9/2012', '2012-09'],
    ['May eighth, 2010', '2010-05-08'], ['the twenty-first of June 1991', '1991-06-21'],
    ['10 to 22 August 2012', '2012-08-10/2012-08-22'], ['from 10 to 22 August 2012', '2012-08-10/2012-08-22'],
    ['17 August 2013 to 19 August 2013', '2013-08-17/2013-08-19'], ['Aug 10 - Nov 12, 2013', '2013-08-10/2013-11-12'],
    ['May to December, 2022', '2022-05/2022-12'], ['between 12 May and 14 June 2003', '2003-05-12/2003-06-14'],
    ['10 August 234 BCE', '-0233-08-10'], ['AD 9', '0009'], ['44 BC', '-0043'], ['1994-11-05T13:15:30Z', '1994-11-05'],
    ['Thu Oct 26 11:00:09 2023', '2023-10-26'], ['Jan 1 3000', '3000-01-01'],
  ] as const) {
    // With `yearless` on (the mode analysis should use), every anchor is scanned, words included.
    it(`${JSON.stringify(text)} → ${value}`, () => {
      assert.ok(values(text, true).includes(value), JSON.stringify(values(text, true)));
    });
  }

  it('documents the two-digit-year pivot and flags the assumed century', () => {
    assert.equal(TWO_DIGIT_YEAR_PIVOT, 50);
    assert.equal(one('3 Feb 49').value, '2049-02-03');
    assert.equal(one('3 Feb 50').value, '1950-02-03');
    assert.equal(one('3 Feb 82').twoDigitYear, true);
    assert.equal(one('3 Feb 1982').twoDigitYear, undefined);
  });

  it('flags every impossible date, whatever the form', () => {
    for (const text of ['32 August 2014', 'August 32, 2014', '2014-08-32', '2014/13/22', '31 June 2003', 'June 31, 2003', '13/31/2018', '2014-02-30', 'February 20 - 29, 2022']) {
      const m = one(text);
      assert.ok(m.invalid, `${text} is invalid`);
    }
  });

  it('reads both ends of a numeric range in one order', () => {
    const m = one('8/10/2012 - 8/15/2012', 'dmy');
    assert.equal(m.value, '2012-08-10/2012-08-15');
  });

  it('does not read "2012-14", "2012-1400", "2012 80 10", "2200-25" as dates', () => {
    for (const text of ['2012-14', '2012-1400', '2012 80 10', '2200-25', '2012/80/10']) assert.deepEqual(values(text), [], text);
    assert.deepEqual(values('in 1991-94 the'), ['1991/1994']);
  });

  it('says which order an ambiguous numeric date was read in', () => {
    assert.equal(one('03/04/2004', 'mdy').order, 'mdy');
    assert.equal(one('03/04/2004', 'mdy').value, '2004-03-04');
    assert.equal(one('03.04.2004', 'dmy').order, 'dmy');
    assert.equal(one('25.06.2004').order, undefined);
  });
});

describe('dates/grammar: dates without a year', () => {
  for (const [text, value] of [
    ['on 11 September the', '--09-11'], ['in May the', '--05'], ['on 7 October', '--10-07'], ['from 13th to 15th July', '--07-13/--07-15'],
    ['the first of March', '--03-01'], ['August 10', '--08-10'], ['Tuesday, 10 January', '--01-10'], ['during March', '--03'],
  ] as const) {
    it(`${JSON.stringify(text)} → ${value}`, () => {
      const m = one(text, undefined, true);
      assert.equal(m.value, value);
      assert.equal(m.yearless, true);
    });
  }

  it('leaves verbs, names and adjectives alone', () => {
    for (const text of [
      'NATO may decide later.', 'May the force be with you.', 'The March on Rome began.', 'They march on.', 'an August body of experts',
      'Sun and Wed are weekdays', 'We may 2 times', 'It was a Sun day', 'The Long March was a retreat.', 'troops march 30 km a day',
      'score 3/4 of the votes', 'a 1/2 share', 'It may, in time, change.', 'Mar a Lago',
    ]) {
      assert.deepEqual(values(text, true), [], text);
    }
  });

  it('gives no yearless date unless asked', () => {
    assert.deepEqual(values('on 11 September the'), []);
  });
});

describe('dates/context: inferYears', () => {
  const run = (text: string, headings: { start: number; end: number }[] = [], title?: { start: number; end: number }) =>
    inferYears(text, recognizeDates(text, { yearless: true }), { headings, title });

  it('takes the nearest preceding explicit year in the paragraph', () => {
    const text = 'The summit of 2003 met in May. On 11 September it met again.';
    const ds = run(text).filter((d) => d.yearless);
    assert.deepEqual(ds.map((d) => d.value), ['2003-05', '2003-09-11']);
    assert.equal(ds[0]!.inferredYear?.source, 'paragraph');
    assert.equal(ds[0]!.inferredYear?.unambiguous, true);
    assert.equal(text.slice(ds[0]!.inferredYear!.start, ds[0]!.inferredYear!.end), '2003');
  });

  it('says the context is ambiguous when the paragraph names several years', () => {
    const text = 'In 2001 and in 2004 the body met; on 7 October it decided.';
    const d = run(text).find((x) => x.yearless)!;
    assert.equal(d.value, '2004-10-07');
    assert.equal(d.inferredYear?.unambiguous, false);
  });

  it('falls back to the section heading, then to the title', () => {
    const text = 'Notes of 1999\n\n## Events of 2008\n\nThe council met on 7 October.\n\nThen in May it met.';
    const h = { start: text.indexOf('## '), end: text.indexOf('\n\nThe') };
    const ds = run(text, [h], { start: 0, end: 13 }).filter((d) => d.yearless);
    assert.deepEqual(ds.map((d) => [d.value, d.inferredYear?.source]), [['2008-10-07', 'heading'], ['2008-05', 'heading']]);
    const t = run('Notes of 1999\n\nThe council met on 7 October.', [], { start: 0, end: 13 }).find((d) => d.yearless)!;
    assert.deepEqual([t.value, t.inferredYear?.source], ['1999-10-07', 'title']);
  });

  it('does not look into another paragraph, and keeps a date without context yearless', () => {
    const text = 'In 2003 it met.\n\nOn 7 October it decided.';
    const d = run(text).find((x) => x.yearless)!;
    assert.equal(d.value, '--10-07');
    assert.equal(d.inferredYear, undefined);
  });

  it('rolls a range over the new year and re-checks validity', () => {
    const text = 'In 2003 the talks ran from December to May. In 2003 it met on 29 February.';
    const ds = run(text).filter((d) => d.yearless);
    assert.equal(ds[0]!.value, '2003-12/2004-05');
    assert.ok(ds[1]!.invalid, 'no 29 February in 2003');
  });

  it('does not change its input', () => {
    const text = 'In 2003 it met on 7 October.';
    const input = recognizeDates(text, { yearless: true });
    const copy = JSON.parse(JSON.stringify(input));
    inferYears(text, input);
    assert.deepEqual(input, copy);
  });
});

describe('dates/context: noteContext', () => {
  it('finds Markdown headings and the front matter as the title', () => {
    const text = '---\ntitle: Notes of 1999\n---\n# Summits of 2004\n\nMet on 7 October.\n\n## Later, 2006\n\nThen in May.\n';
    const ctx = noteContext(text, 'markdown');
    assert.deepEqual(ctx.headings!.map((h) => text.slice(h.start, h.end)), ['# Summits of 2004', '## Later, 2006']);
    assert.equal(text.slice(ctx.title!.start, ctx.title!.end), '---\ntitle: Notes of 1999');
    const ds = inferYears(text, recognizeDates(text, { yearless: true }), ctx).filter((d) => d.yearless);
    assert.deepEqual(ds.map((d) => d.value), ['2004-10-07', '2006-05']);
  });

  it('takes a plain note’s first line as its title when a blank line follows', () => {
    const text = 'Helsinki talks, 1975\n\nThey met on 1 August.';
    const ctx = noteContext(text, 'plaintext');
    assert.deepEqual(ctx.headings, []);
    assert.equal(text.slice(ctx.title!.start, ctx.title!.end), 'Helsinki talks, 1975');
    const d = inferYears(text, recognizeDates(text, { yearless: true }), ctx).find((x) => x.yearless)!;
    assert.deepEqual([d.value, d.inferredYear?.source, d.inferredYear?.unambiguous], ['1975-08-01', 'title', true]);
  });
});

describe('dates/value: years before 1000', () => {
  it('parses and writes BC years in astronomical numbering', () => {
    assert.deepEqual(parseIsoValue('-0043'), { from: { year: -43, precision: 'year' } });
    assert.equal(formatValue('-0233-08-10'), '10 August 234 BC');
    assert.equal(formatValue('0088'), 'AD 88');
    assert.equal(one('44 BC').value, '-0043');
    assert.equal(formatValue(one('10 August 234 BCE').value), '10 August 234 BC');
  });
});
