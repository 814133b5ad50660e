import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { recognizeDates } from '../../server/src/core/dates/recognize';
import {
  agrees,
  compareAtPrecision,
  daysInMonth,
  formatDate,
  isoValue,
  isValid,
  monthFromName,
  weekdayOf,
  WEEKDAYS,
} from '../../server/src/core/dates/calendar';
import type { CalendarDate, DateMention, DateStyle } from '../../server/src/core/types';

const VALUE_GRAMMAR = /^(?:invalid|(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{3}X|\d{2}XX)(?:\/(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{3}X|\d{2}XX))?)$/;

/** Structural invariants every result must satisfy. */
function checkInvariants(text: string, ms: DateMention[]): void {
  let last = 0;
  for (const m of ms) {
    assert.ok(m.start >= last, `sorted and non-overlapping at ${m.start}`);
    assert.ok(m.end > m.start);
    assert.ok(m.end <= text.length);
    assert.equal(m.text, text.slice(m.start, m.end));
    assert.match(m.value, VALUE_GRAMMAR);
    if (m.weekday) {
      assert.ok(m.weekday.start === m.start && m.weekday.end < m.end, 'the span starts at the weekday');
      assert.equal(m.weekday.text, text.slice(m.weekday.start, m.weekday.end));
    }
    last = m.end;
  }
}

function recognize(text: string, order?: 'dmy' | 'mdy'): DateMention[] {
  const ms = recognizeDates(text, order ? { order } : undefined);
  checkInvariants(text, ms);
  return ms;
}

/** Exactly one mention, covering `span` (its first occurrence in `text`), with `value`. */
/** The value an impossible date keeps: the ISO form of what was written. */
function isoOf(d: { year: number; month?: number; day?: number }): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.year}-${p(d.month!)}-${p(d.day!)}`;
}

function expectOne(text: string, span: string, value: string, order?: 'dmy' | 'mdy'): DateMention {
  const ms = recognize(text, order);
  assert.equal(ms.length, 1, `one mention in ${JSON.stringify(text)}, got ${JSON.stringify(ms.map((m) => m.text))}`);
  const m = ms[0]!;
  const start = text.indexOf(span);
  assert.ok(start >= 0, 'test error: span not in text');
  assert.deepEqual({ start: m.start, end: m.end, value: m.value }, { start, end: start + span.length, value }, JSON.stringify(text));
  return m;
}

function expectNone(text: string): void {
  const ms = recognize(text);
  assert.deepEqual(ms.map((m) => m.text), [], JSON.stringify(text));
}

describe('dates/calendar', () => {
  it('knows month lengths and leap years', () => {
    assert.equal(daysInMonth(2004, 2), 29);
    assert.equal(daysInMonth(2002, 2), 28);
    assert.equal(daysInMonth(2000, 2), 29);
    assert.equal(daysInMonth(1900, 2), 28);
    assert.equal(daysInMonth(2004, 4), 30);
    assert.equal(daysInMonth(2004, 12), 31);
    assert.equal(daysInMonth(2004, 13), 0);
    assert.ok(isValid({ year: 2004, month: 2, day: 29, precision: 'day' }));
    assert.ok(!isValid({ year: 2002, month: 2, day: 29, precision: 'day' }));
    assert.ok(!isValid({ year: 2004, month: 13, precision: 'month' }));
    assert.ok(isValid({ year: 2004, precision: 'year' }));
  });

  it('names months', () => {
    assert.equal(monthFromName('December'), 12);
    assert.equal(monthFromName('DECEMBER'), 12);
    assert.equal(monthFromName('december'), 12);
    assert.equal(monthFromName('Dec'), 12);
    assert.equal(monthFromName('Sept'), 9);
    assert.equal(monthFromName('MAR'), 3);
    assert.equal(monthFromName('mar'), undefined);
    assert.equal(monthFromName('DeCember'), undefined);
    assert.equal(monthFromName('Decembers'), undefined);
  });

  it('computes weekdays in the proleptic Gregorian calendar (0 = Sunday)', () => {
    assert.equal(WEEKDAYS[0], 'Sunday');
    assert.equal(weekdayOf(1991, 12, 8), 0); // Sunday
    assert.equal(weekdayOf(2003, 12, 12), 5); // Friday
    assert.equal(weekdayOf(1970, 1, 1), 4); // Thursday
    assert.equal(weekdayOf(2000, 2, 29), 2); // Tuesday
    for (let y = 1000; y <= 2100; y += 7) {
      for (let m = 1; m <= 12; m++) {
        for (const d of [1, 13, 28]) {
          const js = new Date(0);
          js.setUTCFullYear(y, m - 1, d);
          assert.equal(weekdayOf(y, m, d), js.getUTCDay(), `${y}-${m}-${d}`);
        }
      }
    }
  });

  it('writes ISO values', () => {
    assert.equal(isoValue({ year: 2003, month: 12, day: 5, precision: 'day' }), '2003-12-05');
    assert.equal(isoValue({ year: 2003, month: 8, precision: 'month' }), '2003-08');
    assert.equal(isoValue({ year: 2003, precision: 'year' }), '2003');
    assert.equal(isoValue({ year: 2007, precision: 'season' }), '2007');
    assert.equal(isoValue({ year: 1990, precision: 'decade' }), '199X');
    assert.equal(isoValue({ year: 1800, precision: 'century' }), '18XX');
    assert.equal(isoValue({ year: 1998, precision: 'year' }, { year: 2000, precision: 'year' }), '1998/2000');
    assert.equal(
      isoValue({ year: 2003, month: 8, precision: 'month' }, { year: 2003, month: 9, precision: 'month' }),
      '2003-08/2003-09',
    );
  });

  it('compares at the coarser precision', () => {
    const may2002: CalendarDate = { year: 2002, month: 5, precision: 'month' };
    const may14: CalendarDate = { year: 2002, month: 5, day: 14, precision: 'day' };
    const june1: CalendarDate = { year: 2002, month: 6, day: 1, precision: 'day' };
    assert.equal(compareAtPrecision(may2002, may14), 0);
    assert.equal(compareAtPrecision(may14, may2002), 0);
    assert.ok(compareAtPrecision(may14, june1) < 0);
    assert.ok(compareAtPrecision(june1, may2002) > 0);
    assert.equal(compareAtPrecision({ year: 1990, precision: 'decade' }, { year: 1997, precision: 'year' }), 0);
    assert.equal(compareAtPrecision({ year: 1800, precision: 'century' }, may14), -1);
    assert.equal(compareAtPrecision({ year: 2007, precision: 'season' }, { year: 2007, month: 7, precision: 'month' }), 0);
  });

  it('agrees: coarser precision, points inside ranges, nested ranges', () => {
    const y = (year: number): CalendarDate => ({ year, precision: 'year' });
    const may2002: CalendarDate = { year: 2002, month: 5, precision: 'month' };
    const may14: CalendarDate = { year: 2002, month: 5, day: 14, precision: 'day' };
    assert.ok(agrees(may2002, may14));
    assert.ok(agrees(may14, may2002));
    assert.ok(!agrees(may14, { year: 2002, month: 5, day: 15, precision: 'day' }));
    assert.ok(agrees({ from: y(1998), to: y(2000) }, y(1999)));
    assert.ok(agrees(y(1999), { from: y(1998), to: y(2000) }));
    assert.ok(agrees({ from: y(1998), to: y(2000) }, may14) === false);
    assert.ok(agrees({ from: y(2003), to: y(2001) }, y(2002)), 'a reversed range still spans its years');
    assert.ok(agrees({ from: y(1998), to: y(2001) }, { from: y(1999), to: y(2000) }));
    assert.ok(!agrees({ from: y(1998), to: y(1999) }, { from: y(2000), to: y(2001) }));
    assert.ok(agrees({ from: may14 }, { from: may2002, to: undefined }));
  });

  it('formats dates in every style, degrading gracefully', () => {
    const d: CalendarDate = { year: 2003, month: 12, day: 5, precision: 'day' };
    assert.equal(formatDate(d, 'dmy'), '5 December 2003');
    assert.equal(formatDate(d, 'mdy'), 'December 5, 2003');
    assert.equal(formatDate(d, 'numeric-dmy'), '05.12.2003');
    assert.equal(formatDate(d, 'numeric-mdy'), '12/05/2003');
    assert.equal(formatDate(d, 'iso'), '2003-12-05');
    assert.equal(formatDate(d, 'dd-mon-yyyy'), '05.DEC.2003');
    assert.equal(formatDate(d, 'month-year'), 'December 2003');
    assert.equal(formatDate(d, 'year'), '2003');
    assert.equal(formatDate(d, 'other'), '5 December 2003');
    const m: CalendarDate = { year: 2003, month: 12, precision: 'month' };
    assert.equal(formatDate(m, 'dmy'), 'December 2003');
    assert.equal(formatDate(m, 'mdy'), 'December 2003');
    assert.equal(formatDate(m, 'numeric-dmy'), 'December 2003');
    assert.equal(formatDate(m, 'iso'), '2003-12');
    assert.equal(formatDate(m, 'year'), '2003');
    assert.equal(formatDate({ year: 2003, precision: 'year' }, 'dmy'), '2003');
    assert.equal(formatDate({ year: 1990, precision: 'decade' }, 'dmy'), '1990s');
    assert.equal(formatDate({ year: 1800, precision: 'century' }, 'dmy'), '19th century');
    assert.equal(formatDate({ year: 2000, precision: 'century' }, 'year'), '21st century');
  });

  it('round-trips: recognize(formatDate(d, style)) gives d back', () => {
    const styles: DateStyle[] = ['dmy', 'mdy', 'numeric-dmy', 'numeric-mdy', 'iso', 'dd-mon-yyyy', 'month-year', 'year', 'other'];
    const dates: CalendarDate[] = [
      { year: 2003, month: 12, day: 12, precision: 'day' },
      { year: 1999, month: 4, day: 2, precision: 'day' },
      { year: 2004, month: 2, day: 29, precision: 'day' },
      { year: 1991, month: 9, day: 30, precision: 'day' },
      { year: 2003, month: 8, precision: 'month' },
      { year: 1992, precision: 'year' },
      { year: 1990, precision: 'decade' },
      { year: 1800, precision: 'century' },
    ];
    for (const d of dates) {
      for (const style of styles) {
        const written = formatDate(d, style);
        const ms = recognize(written);
        assert.equal(ms.length, 1, `${style}: ${written}`);
        const m = ms[0]!;
        assert.equal(m.start, 0, written);
        assert.equal(m.end, written.length, written);
        const expected =
          style === 'year' && (d.precision === 'day' || d.precision === 'month')
            ? { year: d.year, precision: 'year' }
            : style === 'month-year' && d.precision === 'day'
              ? { year: d.year, month: d.month, precision: 'month' }
              : d;
        assert.deepEqual(m.from, expected, `${style}: ${written}`);
        if (d.precision === 'day' && style !== 'year' && style !== 'month-year' && style !== 'other') {
          assert.equal(m.style, style, written);
        }
      }
    }
  });
});

describe('dates/recognize: day, month and year in words', () => {
  const cases: [string, string, string][] = [
    ['Adopted on 12 December 2003, the strategy', '12 December 2003', '2003-12-12'],
    ['on 12th December 2003', '12th December 2003', '2003-12-12'],
    ['signed 12 Dec. 2003 in Rome', '12 Dec. 2003', '2003-12-12'],
    ['signed 12 DEC 2003 in Rome', '12 DEC 2003', '2003-12-12'],
    ['on 24 of February 2005 the', '24 of February 2005', '2005-02-24'],
    ['since 25 November, 1998.', '25 November, 1998', '1998-11-25'],
    ['at 16 August 2006', '16 August 2006', '2006-08-16'],
    ['held in Montenegro on 21 May  2006', '21 May  2006', '2006-05-21'],
    ['after 11\nSeptember 2001 the', '11\nSeptember 2001', '2001-09-11'],
    ['went into force on 18\nSeptember  2003.', '18\nSeptember  2003', '2003-09-18'],
    ['on 10 April\n2004 in Moscow', '10 April\n2004', '2004-04-10'],
    ['Chisinau, 7 October \n2002, Article 3', '7 October \n2002', '2002-10-07'],
    ['dated 23March 1999', '23March 1999', '1999-03-23'],
    ['took place on24 April2004. On', '24 April2004', '2004-04-24'],
    ['Liberty, 13 July2004', '13 July2004', '2004-07-13'],
    ['Sept. 2004 report', 'Sept. 2004', '2004-09'],
    ['on 3 Sept. 2004', '3 Sept. 2004', '2004-09-03'],
    ['from 1 January 2004 on', '1 January 2004', '2004-01-01'],
    // Month D, YYYY
    ['Policy Brief, July 18, 2003.', 'July 18, 2003', '2003-07-18'],
    ['June 04, 2003', 'June 04, 2003', '2003-06-04'],
    ['Dec. 12, 2003', 'Dec. 12, 2003', '2003-12-12'],
    ['Perspective. October 23,\n2002. Number: 1.', 'October 23,\n2002', '2002-10-23'],
    ['December 12th, 2003', 'December 12th, 2003', '2003-12-12'],
    ['May 5 2003', 'May 5 2003', '2003-05-05'],
    // Month YYYY
    ['the ALTHEA mission in Bosnia (December 2004)', 'December 2004', '2004-12'],
    ['in may 2001 in yerevan', 'may 2001', '2001-05'],
    ['in MARCH 2003', 'MARCH 2003', '2003-03'],
    ['in February  2009', 'February  2009', '2009-02'],
    ['from its introduction in January\nof 1994, the PfP', 'January\nof 1994', '1994-01'],
    ['until the February of 2009', 'February of 2009', '2009-02'],
    ['Until the August\nof 2008 Russia', 'August\nof 2008', '2008-08'],
    ['December, 2003', 'December, 2003', '2003-12'],
    // month ranges
    ['in August-September 2003 the', 'August-September 2003', '2003-08/2003-09'],
    ['poll (September – October\n2003) have shown', 'September – October\n2003', '2003-09/2003-10'],
    ['in February-March of 2005', 'February-March of 2005', '2005-02/2005-03'],
    ['exercises of August-September of 2008', 'August-September of 2008', '2008-08/2008-09'],
    ['on 12-14 May 2003', '12-14 May 2003', '2003-05-12/2003-05-14'],
    ['on May 9-10, 2003 in', 'May 9-10, 2003', '2003-05-09/2003-05-10'],
    ['from 1 January – 30 June 2004', '1 January – 30 June 2004', '2004-01-01/2004-06-30'],
    ['over 28 December – 3 January 2004', '28 December – 3 January 2004', '2003-12-28/2004-01-03'],
    ['in December-January 2004', 'December-January 2004', '2003-12/2004-01'],
    ['December 2002 – March 2003', 'December 2002 – March 2003', '2002-12/2003-03'],
  ];
  for (const [text, span, value] of cases) {
    it(`${JSON.stringify(text)} → ${value}`, () => {
      expectOne(text, span, value);
    });
  }

  it('gives the style of each written form', () => {
    assert.equal(expectOne('12 December 2003', '12 December 2003', '2003-12-12').style, 'dmy');
    assert.equal(expectOne('July 18, 2003', 'July 18, 2003', '2003-07-18').style, 'mdy');
    assert.equal(expectOne('December 2004', 'December 2004', '2004-12').style, 'month-year');
    assert.equal(expectOne('in 1992 in Tashkent', '1992', '1992').style, 'year');
    assert.equal(expectOne('2003-12-12', '2003-12-12', '2003-12-12').style, 'iso');
    assert.equal(expectOne('28.MAR.2008', '28.MAR.2008', '2008-03-28').style, 'dd-mon-yyyy');
    assert.equal(expectOne('12.12.2003', '12.12.2003', '2003-12-12').style, 'numeric-dmy');
  });

  it('fills from/to as calendar dates', () => {
    const m = expectOne('12 December 2003', '12 December 2003', '2003-12-12');
    assert.deepEqual(m.from, { year: 2003, month: 12, day: 12, precision: 'day' });
    assert.equal(m.to, undefined);
    const r = expectOne('August-September 2003', 'August-September 2003', '2003-08/2003-09');
    assert.deepEqual(r.from, { year: 2003, month: 8, precision: 'month' });
    assert.deepEqual(r.to, { year: 2003, month: 9, precision: 'month' });
  });

  it('does not read "May" alone, or a month without a year, as a date', () => {
    expectNone('You May go. In May; the referendum in April, then 11 September.');
    expectNone('May May May may 12 countries');
    expectNone('late July - early August');
  });

  it('never joins across a blank line', () => {
    expectNone('on 11\n\nSeptember was');
    const ms = recognize('on 11\n\nSeptember 2001');
    assert.deepEqual(ms.map((m) => m.text), ['September 2001']);
    const ms2 = recognize('in December\n\n2003');
    assert.deepEqual(ms2.map((m) => m.value), ['2003']);
  });

  it('starts the span at a weekday written before the date, and records the weekday', () => {
    const text = 'Minsk, Tuesday, 8 December 1991.';
    const m = expectOne(text, 'Tuesday, 8 December 1991', '1991-12-08');
    assert.deepEqual(m.weekday, { index: 2, start: text.indexOf('Tuesday'), end: text.indexOf('Tuesday') + 7, text: 'Tuesday' });
    const t2 = 'Friday, 12 December 2003';
    assert.equal(expectOne(t2, 'Friday, 12 December 2003', '2003-12-12').weekday?.index, 5);
    const t3 = 'Friday, December 12, 2003';
    assert.equal(expectOne(t3, 'Friday, December 12, 2003', '2003-12-12').weekday?.index, 5);
    const t4 = 'on Wed 10.12.2003';
    assert.equal(expectOne(t4, 'Wed 10.12.2003', '2003-12-10').weekday?.index, 3);
    assert.equal(expectOne('on 8 December 1991', '8 December 1991', '1991-12-08').weekday, undefined);
  });
});

describe('dates/recognize: numeric dates', () => {
  it('reads dotted dates day-first by default', () => {
    const m = expectOne('ITAR-TASS, 10.04.2004.', '10.04.2004', '2004-04-10');
    assert.equal(m.style, 'numeric-dmy');
    assert.equal(m.ambiguous, true);
    expectOne('RIA Novosti, 2.04.1999', '2.04.1999', '1999-04-02');
    const unambiguous = expectOne('25.06.2004', '25.06.2004', '2004-06-25');
    assert.equal(unambiguous.ambiguous, undefined);
    assert.equal(expectOne('12.12.2003', '12.12.2003', '2003-12-12').ambiguous, undefined);
    assert.equal(expectOne('03.04.2004', '03.04.2004', '2004-04-03').ambiguous, true);
  });

  it("honours order: 'mdy'", () => {
    const m = expectOne('10.04.2004', '10.04.2004', '2004-10-04', 'mdy');
    assert.equal(m.style, 'numeric-mdy');
    assert.equal(m.ambiguous, true);
    expectOne('25.06.2004', '25.06.2004', '2004-06-25', 'mdy');
    expectOne('12/05/2003', '12/05/2003', '2003-05-12', 'dmy');
    expectOne('12/05/2003', '12/05/2003', '2003-12-05', 'mdy');
  });

  it('reads slashed dates month-first when no order is given', () => {
    const m = expectOne('12/05/2003', '12/05/2003', '2003-12-05');
    assert.equal(m.style, 'numeric-mdy');
    assert.equal(m.ambiguous, true);
    const uk = expectOne('25/06/2004', '25/06/2004', '2004-06-25');
    assert.equal(uk.style, 'numeric-dmy');
    expectOne('12/12/2003', '12/12/2003', '2003-12-12');
  });

  it('reads 28.MAR.2008 and ISO dates', () => {
    expectOne('Famagusta Gazette, 28.MAR.2008', '28.MAR.2008', '2008-03-28');
    expectOne('on 28-Mar-2008', '28-Mar-2008', '2008-03-28');
    expectOne('on 2003-12-12.', '2003-12-12', '2003-12-12');
    expectOne('in 2003-12.', '2003-12', '2003-12');
  });
});

describe('dates/recognize: years, ranges, decades, centuries', () => {
  const cases: [string, string, string][] = [
    ['Collective Security Treaty in 1992 in Tashkent', '1992', '1992'],
    ['In 2005 it got', '2005', '2005'],
    ['Partnership (1993)', '1993', '1993'],
    ['Altynbaev, M. (2004 ).', '2004', '2004'],
    ['in 1995-1996 the', '1995-1996', '1995/1996'],
    ['seminars in 2004 – 2009', '2004 – 2009', '2004/2009'],
    ['in 2000–2001 the', '2000–2001', '2000/2001'],
    ['between 1998 and 2000 it', 'between 1998 and 2000', '1998/2000'],
    ['concluded between December 2002 and March\n2003', 'between December 2002 and March\n2003', '2002-12/2003-03'],
    ['From 1997 to 2000 the', 'From 1997 to 2000', '1997/2000'],
    ['from 12 May 2003 to 14 June 2004', 'from 12 May 2003 to 14 June 2004', '2003-05-12/2004-06-14'],
    ['in 2003–2001 (sic)', '2003–2001', '2003/2001'],
    ['Strategic Survey 2003/2004', '2003/2004', '2003/2004'],
    ['the 1980s-1990s', '1980s-1990s', '198X/199X'],
    ['in 1991-94 the', '1991-94', '1991/1994'],
    // glued footnote numbers
    ['Uzbekistan came next in 199820. ', '1998', '1998'],
    ['Central Asian Union since \n199677. Without', '1996', '1996'],
    ['reached $7.5 billion in 2004117. Then', '2004', '2004'],
    ['in the 1990s36. For', '1990s', '199X'],
    ['signed in May 200345. Then', 'May 2003', '2003-05'],
    // letter-spaced
    ['I T A R - T A S S .  ( 2 0 0 5 ) .  P u t i n', '2 0 0 5', '2005'],
    // decades
    ['legacy of the 1990s', '1990s', '199X'],
    ['the 1970’s', '1970’s', '197X'],
    ["the 1970's", "1970's", '197X'],
    ['in the 1990-s', '1990-s', '199X'],
    ['and in 2000s the', '2000s', '200X'],
    // centuries
    ['challenges of the 21st century', '21st century', '20XX'],
    ['(XIX century, ‘the Caucasus conquest’)', 'XIX century', '18XX'],
    ['the twentieth century', 'twentieth century', '19XX'],
    ['the twenty-first century', 'twenty-first century', '20XX'],
    ['a 19th-century alliance', '19th-century', '18XX'],
  ];
  for (const [text, span, value] of cases) {
    it(`${JSON.stringify(text)} → ${value}`, () => {
      expectOne(text, span, value);
    });
  }

  it('keeps from/to of a reversed range as written', () => {
    const m = expectOne('2003–2001', '2003–2001', '2003/2001');
    assert.deepEqual(m.from, { year: 2003, precision: 'year' });
    assert.deepEqual(m.to, { year: 2001, precision: 'year' });
  });

  it('reads "1999 and 2000" as two years', () => {
    const text = 'in 1999 and 2000 the';
    const ms = recognize(text);
    assert.deepEqual(
      ms.map((m) => [m.start, m.end, m.value]),
      [
        [text.indexOf('1999'), text.indexOf('1999') + 4, '1999'],
        [text.indexOf('2000'), text.indexOf('2000') + 4, '2000'],
      ],
    );
  });

  it('gives decades and centuries their precision', () => {
    assert.deepEqual(expectOne('the 1990s', '1990s', '199X').from, { year: 1990, precision: 'decade' });
    assert.deepEqual(expectOne('XIX century', 'XIX century', '18XX').from, { year: 1800, precision: 'century' });
  });
});

describe('dates/recognize: qualified and approximate dates', () => {
  const cases: [string, string, string][] = [
    ['since the mid-1990s', 'mid-1990s', '199X'],
    ['have since the early\n1990s fully', 'early\n1990s', '199X'],
    ['in the second half of the 1990s for', 'second half of the 1990s', '199X'],
    ['At the early half of the 1990s Russia', 'early half of the 1990s', '199X'],
    ['appeared at the end of\nthe 1980s.', 'end of\nthe 1980s', '198X'],
    ['the Holy Alliance of the early 19th century', 'early 19th century', '18XX'],
    ['from the turn of the 20th century onwards', 'turn of the 20th century', '19XX'],
    ['since summer 2007 the', 'summer 2007', '2007'],
    ['in the summer of 1998 the', 'summer of 1998', '1998'],
    ['in spring 2008', 'spring 2008', '2008'],
    ['By mid-2001, therefore', 'mid-2001', '2001'],
    ['States at the end of 2000. At', 'end of 2000', '2000'],
    ['in early 2004 the', 'early 2004', '2004'],
    ['early in December 2002, when', 'early in December 2002', '2002-12'],
    ['At the end of May 2003 the', 'end of May 2003', '2003-05'],
    ['In the last half of 2001 the', 'last half of 2001', '2001'],
    ['in mid-December 2003', 'mid-December 2003', '2003-12'],
    ['at the beginning of 2005', 'beginning of 2005', '2005'],
    ['in late 1990s', 'late 1990s', '199X'],
  ];
  for (const [text, span, value] of cases) {
    it(`${JSON.stringify(text)} → ${value} (approximate)`, () => {
      const m = expectOne(text, span, value);
      assert.equal(m.approximate, true);
      assert.equal(m.style, 'other');
    });
  }

  it('uses season precision for seasons', () => {
    assert.deepEqual(expectOne('summer 2007', 'summer 2007', '2007').from, { year: 2007, precision: 'season' });
  });

  it('does not mark plain dates approximate', () => {
    assert.equal(expectOne('in 2004', '2004', '2004').approximate, undefined);
    assert.equal(expectOne('the 1990s', '1990s', '199X').approximate, undefined);
  });
});

describe('dates/recognize: invalid dates', () => {
  const cases: [string, string, string, CalendarDate][] = [
    ['on 30 February 2010', '30 February 2010', 'February 2010 has 28 days', { year: 2010, month: 2, day: 30, precision: 'day' }],
    ['on 29 February 2002', '29 February 2002', 'February 2002 has 28 days', { year: 2002, month: 2, day: 29, precision: 'day' }],
    ['on 31 April 2004', '31 April 2004', 'April 2004 has 30 days', { year: 2004, month: 4, day: 31, precision: 'day' }],
    ['on 31.04.2004', '31.04.2004', 'April 2004 has 30 days', { year: 2004, month: 4, day: 31, precision: 'day' }],
    ['on 13/13/2004', '13/13/2004', 'there is no month 13', { year: 2004, month: 13, day: 13, precision: 'day' }],
    ['on 2004-13-01', '2004-13-01', 'there is no month 13', { year: 2004, month: 13, day: 1, precision: 'day' }],
    ['on April 31, 2004', 'April 31, 2004', 'April 2004 has 30 days', { year: 2004, month: 4, day: 31, precision: 'day' }],
  ];
  for (const [text, span, reason, from] of cases) {
    it(`${JSON.stringify(text)} is invalid: ${reason}`, () => {
      const m = expectOne(text, span, isoOf(from));
      assert.equal(m.invalid, reason);
      assert.deepEqual(m.from, from);
    });
  }

  it('accepts 29 February in a leap year', () => {
    assert.equal(expectOne('29 February 2004', '29 February 2004', '2004-02-29').invalid, undefined);
    assert.equal(expectOne('29.02.2000', '29.02.2000', '2000-02-29').invalid, undefined);
  });
});

describe('dates/recognize: things that are not dates', () => {
  const none = [
    '10 000 troops',
    'some 3-4 000 men',
    'pp. 26-28',
    'Vol.26, N0.3, pp.709-726',
    'Council Decision 2007/427/CFSP and Council Joint Action 2007/87/CFSP',
    'the “26+1” format and 19+1',
    'North-Atlantic Treaty ( Article 5)',
    'training “South-Antiterror-2002”',
    'training “South-Antiterror-\n2002”',
    'exercises: Peaceful mission-2007 in',
    'http://m1.rosbalt.ru/2004/5/14/160829.html',
    '(see /2004/5/14/160829)',
    'uin=1090225112&chapter=1104370202&get_archive=1&archive_date=2004-12-30',
    'www.example.org/archive/2004-12-30',
    'SP/1997/SP-01.asp',
    '1,500 and 7,000 and 16,000',
    'about 1104370202',
    '12-24-02Dubovsev',
    '90-06182004-318852',
    'DF15Ag02',
    'over 2000 troops',
    'a 2000-strong force',
    '2003 km and 1998 men and 1999% and 1500 soldiers',
    'about 1500 were sent',
    'the S-300 and Su-27',
    '10000 and 12345 and 3000 and 999',
    'pp. 1998-2004',
    'pp. 1991-94',
    'in 1995-93',
    'UN Security Council Resolution 1373',
    '$2000 and €1999',
    'at 14:00 and 1.1.1.1',
    'phone +7 495 2004 123',
    'in 200000 copies',
    'in 20041 cases',
    'the I World war and World War I and 1st Chechen war',
    '“ 2 0 0 5 ” without parentheses? 2 0 0 5',
  ];
  for (const text of none) {
    it(`nothing in ${JSON.stringify(text)}`, () => expectNone(text));
  }

  it('(from April 2008 – 29) gives only April 2008', () => {
    expectOne('(from April 2008 – 29) nations', 'April 2008', '2008-04');
  });

  it('reads a year after a capitalised name spaced off ("Channel 2005") as a year', () => {
    expectOne('exercise Channel 2005 in', '2005', '2005');
  });
});

describe('dates/recognize: offsets and robustness', () => {
  it('keeps offsets exact after CRLF, lone CR, emoji and RTL text', () => {
    const text = '😀🎉 שלום\r\nsigned on 18\r\nSeptember 2003\rand 🇪🇺 in 1992.';
    const ms = recognize(text);
    assert.deepEqual(
      ms.map((m) => [m.start, m.end, m.value]),
      [
        [text.indexOf('18\r\n'), text.indexOf('2003') + 4, '2003-09-18'],
        [text.indexOf('1992'), text.indexOf('1992') + 4, '1992'],
      ],
    );
  });

  it('treats an emoji right before a date as punctuation', () => {
    const text = '🎉12 May 2003';
    expectOne(text, '12 May 2003', '2003-05-12');
  });

  it('never throws on odd input', () => {
    const inputs = [
      '',
      ' ',
      '\r',
      '\n\n\n',
      '\uD800',
      '\uDC00 2004',
      '2004\uD800',
      '0',
      '9999',
      '(',
      '( 2 0 0',
      'May',
      'century',
      'XIX century',
      '31st century',
      '2004-',
      '2004/',
      '1.',
      '12 of',
      'between 2000 and',
      'from 2000 to',
      'mid-',
      '-2004',
      'ⅩⅨ century',
      'ＭＡＹ ２００４',
      '\u0000\u0001 2004 \u0000',
    ];
    for (const s of inputs) recognize(s);
  });

  it('returns on adversarial inputs (linear scan)', () => {
    const n = 200_000;
    const rep = (s: string): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);
    const inputs = [
      rep('1.'),
      rep('12 '),
      rep('-'),
      rep('May '),
      rep('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
      rep('May 12, 2003-2004/1999 the 1990s ( 2 0 0 5 ) '),
      rep('2000 '),
      rep('2000-'),
      rep('1'),
      rep(' ') + '2004',
      rep('\n'),
      rep('century '),
      rep('12 December 2003 '),
      rep('1/'),
      rep('of ') + '2004',
      'x'.repeat(1_000_000) + ' 2004',
      rep('a=1'),
      rep('🎉12 May 2003 '),
      rep('the end of the ') + '1990s',
      rep('\r') + rep('\r\n'),
      rep('in 199820 '),
      rep('XIX ') + 'century',
      rep('May-') + '2004',
      rep('1-'),
      rep('12.12.'),
      rep('Tuesday, '),
      rep('between '),
    ];
    for (const s of inputs) {
      const ms = recognize(s);
      assert.ok(Array.isArray(ms));
    }
  });

  it('keeps its invariants on random text (property)', () => {
    const alphabet = fc.constantFrom(
      ...'0123456789 .,/-–\n\r()\'’s'.split(''),
      'May', 'December', 'Dec.', 'of', 'the', 'between', 'and', 'from', 'to', 'early', 'mid-', 'end', 'century',
      'XIX', 'Tuesday', 'st', 'th', '2004', '1990', '12', '29', 'February', '🎉', 'http://', '=',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        checkInvariants(text, recognizeDates(text));
        checkInvariants(text, recognizeDates(text, { order: 'mdy' }));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates/recognize: the seed corpus', () => {
  const corpusPath = path.join(__dirname, '../../../seeds/international-security-organizations-in-eurasia.txt');
  const factsPath = path.join(__dirname, '../../../test/fixtures/seed-facts.json');
  const SKIP = ['relative expressions', 'war ordinals', 'D Month (no year)', 'Month only', 'late Month - early Month (no year)'];

  it('recognizes every dated example of seed-facts.json dateFormats on its line', function () {
    if (!fs.existsSync(factsPath) || !fs.existsSync(corpusPath)) this.skip();
    const text = fs.readFileSync(corpusPath, 'utf8');
    const facts = JSON.parse(fs.readFileSync(factsPath, 'utf8')) as {
      dateFormats: { format: string; examples: { text: string; line: number }[] }[];
    };
    const ms = recognize(text);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const lineOf = (offset: number): number => {
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo + 1;
    };
    let checked = 0;
    const failures: string[] = [];
    for (const group of facts.dateFormats) {
      if (SKIP.some((s) => group.format.startsWith(s))) continue;
      const insideUrl = group.format.includes('inside URL');
      for (const ex of group.examples) {
        const pattern = ex.text
          .split('⏎')
          .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[ \\t]*\\r?\\n[ \\t]*');
        const re = new RegExp(pattern, 'g');
        re.lastIndex = lineStarts[ex.line - 1]!;
        const hit = re.exec(text);
        assert.ok(hit && lineOf(hit.index) === ex.line, `example ${JSON.stringify(ex.text)} not found on line ${ex.line}`);
        const a = hit.index;
        const b = a + hit[0].length;
        const covering = ms.filter((m) => m.start < b && m.end > a);
        if (insideUrl) {
          // The one ISO example sits inside a URL query string: not prose, must not be read.
          if (covering.length) failures.push(`URL piece ${JSON.stringify(ex.text)} read as ${covering[0]!.text}`);
          continue;
        }
        checked++;
        // A mention starting on the example's line, or one that begins earlier and covers its start
        // ("the end of⏎the 1980s" covers the example "the 1980s" of the next line).
        if (!covering.some((m) => lineOf(m.start) === ex.line || m.start <= a)) {
          failures.push(`${group.format}: ${JSON.stringify(ex.text)} (line ${ex.line})`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= 80, `checked ${checked} examples`);
  });

  it('reads the corpus traps correctly', function () {
    if (!fs.existsSync(corpusPath)) this.skip();
    const text = fs.readFileSync(corpusPath, 'utf8');
    const ms = recognize(text);
    const byText = (s: string): DateMention[] => ms.filter((m) => m.text === s);
    assert.ok(ms.length > 350, `${ms.length} mentions`);
    // nothing inside the EU act numbers, URLs or exercise names
    for (const bad of ['2007/427/CFSP', '2007/87/CFSP', '/2004/5/14/160829', '1104370202', 'South-Antiterror-', 'mission-2007']) {
      const at = text.indexOf(bad);
      assert.ok(at >= 0, bad);
      assert.ok(!ms.some((m) => m.start < at + bad.length && m.end > at), `nothing inside ${bad}`);
    }
    assert.equal(byText('24 April2004')[0]?.value, '2004-04-24');
    assert.equal(byText('10.04.2004')[0]?.value, '2004-04-10');
    assert.equal(byText('April 2008')[0]?.value, '2008-04');
    assert.ok(byText('1998').length >= 1);
    const fn = text.indexOf('199820');
    assert.ok(ms.some((m) => m.start === fn && m.end === fn + 4 && m.value === '1998'));
    // every mention's value is in the grammar and none is invalid in this corpus
    assert.ok(ms.every((m) => !m.invalid));
  });
});
