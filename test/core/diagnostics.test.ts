import * as assert from 'node:assert/strict';
import { bookEngine, analyze, codes } from '../util';
import type { CheckedNote as Analysis } from '../util';

function applyFix(a: Analysis, code: string, titlePrefix: string): string {
  const d = a.diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${JSON.stringify(codes(a))}`);
  const fix = d.fixes.find((f) => f.title.startsWith(titlePrefix));
  assert.ok(fix, `no fix "${titlePrefix}…" in ${JSON.stringify(d.fixes.map((f) => f.title))}`);
  let text = a.text;
  for (const e of [...fix.edits].sort((x, y) => y.start - x.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

describe('date diagnostics', () => {
  it('date-invalid: a date that cannot exist, as an error', async () => {
    const a = analyze(await bookEngine(), 'We met on 30 February 2010 and 31.04.2004.');
    assert.deepEqual(codes(a), ['date-invalid', 'date-invalid']);
    assert.equal(a.diagnostics[0].severity, 'error');
    assert.match(a.diagnostics[0].message, /February 2010 has 28 days/);
  });

  it('date-invalid on a dated event offers the sources’ date', async () => {
    const a = analyze(await bookEngine(), 'The CACO was created on 29 February 2002.');
    assert.deepEqual(codes(a), ['date-invalid']);
    assert.equal(applyFix(a, 'date-invalid', 'Replace with'), 'The CACO was created on 28 February 2002.');
  });

  it('date-invalid offers the nearest valid days, in the note’s style', async () => {
    const engine = await bookEngine();
    const a = analyze(engine, 'The deadline was 31 June 2006.');
    assert.deepEqual(a.diagnostics[0].fixes.map((f) => f.title).filter((t) => t.startsWith('Change')), ['Change to “30 June 2006”', 'Change to “1 July 2006”']);
    assert.equal(applyFix(a, 'date-invalid', 'Change to “1 July'), 'The deadline was 1 July 2006.');
    const us = analyze(engine, 'Due December 32, 2006.');
    assert.ok(!us.diagnostics.length || us.diagnostics[0].fixes.every((f) => !f.title.startsWith('Change') || /January 1, 2007|December 31, 2006/.test(f.title)));
  });

  it('date-range-reversed, with a swap fix', async () => {
    const a = analyze(await bookEngine(), 'Field work: 2009–2004.');
    assert.deepEqual(codes(a), ['date-range-reversed']);
    assert.equal(applyFix(a, 'date-range-reversed', 'Swap'), 'Field work: 2004–2009.');
  });

  it('date-conflict: says what the source says, points at it, and fixes in the note’s style', async () => {
    const a = analyze(await bookEngine(), 'The Collective Security Treaty was signed on 15 May 1993.');
    assert.deepEqual(codes(a), ['date-conflict']);
    const d = a.diagnostics[0];
    assert.match(d.message, /15 May 1992/);
    assert.ok(d.related.some((r) => r.file === 'international-security-organizations-in-eurasia.txt'));
    assert.equal(applyFix(a, 'date-conflict', 'Replace with'), 'The Collective Security Treaty was signed on 15 May 1992.');
    const us = analyze(await bookEngine(), 'The Collective Security Treaty was signed on May 15, 1993.');
    assert.equal(applyFix(us, 'date-conflict', 'Replace with'), 'The Collective Security Treaty was signed on May 15, 1992.');
  });

  it('compares at the precision the note gives', async () => {
    const engine = await bookEngine();
    assert.deepEqual(codes(analyze(engine, 'The Collective Security Treaty was signed in May 1992.')), []);
    assert.deepEqual(codes(analyze(engine, 'The Collective Security Treaty was signed in 1992.')), []);
    assert.deepEqual(codes(analyze(engine, 'The Collective Security Treaty was signed in 1993.')), ['date-conflict']);
  });

  it('does not flag a note that follows either side where the sources disagree', async () => {
    const engine = await bookEngine();
    assert.deepEqual(codes(analyze(engine, 'Uzbekistan joined the CSTO in June 2006.')), []);
    assert.deepEqual(codes(analyze(engine, 'Uzbekistan joined the CSTO on 16 August 2006.')), []);
  });

  it('does not report a date twice: a conflict with the sources is not also an inconsistency', async () => {
    const text = 'The SCO was founded on 15 June 2001.\n\nLater I wrote that the SCO was founded on 15 June 2001 again, and that the Founding Act was signed in May 1997. The Founding Act was signed in May 1998.';
    const a = analyze(await bookEngine(), text);
    assert.deepEqual(codes(a), ['date-conflict']);
    assert.equal(a.diagnostics[0].start, text.indexOf('May 1998'));
  });

  it('date-inconsistent for an event the sources do not date', async () => {
    const text = 'The Rome Declaration was adopted in 2002. Critics say the Rome Declaration was adopted in 2003.';
    const a = analyze(await bookEngine(), text);
    assert.deepEqual(codes(a), ['date-inconsistent']);
    assert.equal(a.diagnostics[0].related[0].start, text.indexOf('2002'));
  });

  it('anachronism: a body before it existed, naming its predecessor', async () => {
    const a = analyze(await bookEngine(), 'In 1995 the CSTO held exercises.');
    assert.deepEqual(codes(a), ['anachronism']);
    assert.match(a.diagnostics[0].message, /Collective Security Treaty/);
    assert.equal(applyFix(a, 'anachronism', 'Replace with'), 'In 1995 the CST held exercises.');
  });

  it('no anachronism where the sentence speaks of origins, or the date is another noun’s', async () => {
    const engine = await bookEngine();
    assert.deepEqual(codes(analyze(engine, 'The CSTO grew out of a treaty signed before 1995.')), []);
    assert.deepEqual(codes(analyze(engine, 'The NRC reflected interests after the attacks of 11 September 2001.')), []);
  });

  it('weekday-mismatch, with a fix to the right weekday', async () => {
    const a = analyze(await bookEngine(), 'The CIS was born on Tuesday, 8 December 1991.');
    assert.deepEqual(codes(a), ['weekday-mismatch']);
    assert.match(a.diagnostics[0].message, /Sunday/);
    assert.equal(applyFix(a, 'weekday-mismatch', 'Change'), 'The CIS was born on Sunday, 8 December 1991.');
  });

  it('date-ambiguous only when nothing in the note settles the order', async () => {
    const engine = await bookEngine();
    assert.deepEqual(codes(analyze(engine, 'Signed 03.04.2004.')), ['date-ambiguous']);
    assert.deepEqual(codes(analyze(engine, 'Signed 03.04.2004 and 25.06.2004.')), []);
  });

  it('respects severity settings and "off"', async () => {
    const engine = await bookEngine({ diagnostics: { ...(await bookEngine()).settings.diagnostics, 'date-invalid': 'off', 'weekday-mismatch': 'error' } });
    const a = analyze(engine, '30 February 2010; Tuesday, 8 December 1991.');
    assert.deepEqual(a.diagnostics.map((d) => `${d.code}:${d.severity}`), ['weekday-mismatch:error']);
  });

  it('entente-disable-next-line silences one line, and a fix writes it', async () => {
    const engine = await bookEngine();
    const a = analyze(engine, 'Line one.\n30 February 2010 here.');
    const silenced = applyFix(a, 'date-invalid', 'Silence');
    assert.equal(silenced, 'Line one.\n// entente-disable-next-line date-invalid\n30 February 2010 here.');
    assert.deepEqual(codes(analyze(engine, silenced)), []);
    assert.deepEqual(codes(analyze(engine, '<!-- entente-disable-next-line date-conflict -->\n30 February 2010', 'markdown')), ['date-invalid']);
  });

  it('raises nothing on a correct note', async () => {
    const text = 'The Collective Security Treaty (CST) was signed on 15 May 1992 in Tashkent. The Shanghai Cooperation Organization was founded on 15 June 2001. The NATO-Russia Council was established in May 2002.';
    assert.deepEqual(codes(analyze(await bookEngine(), text)), []);
  });
});
