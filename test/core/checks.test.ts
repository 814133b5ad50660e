// One block per check module (server/src/core/features/checks), each case one annotated line:
// `⟦code⟧` stands right after the date a diagnostic is about; text with no mark must raise nothing.

import { bookEngine } from '../util';
import { checkDiagnostics } from '../check';
import type { Engine } from '../../server/src/core/engine';

let engine: Engine;
before(async () => {
  engine = await bookEngine();
});
const cases = (title: string, lines: string[]) =>
  describe(title, () => {
    for (const line of lines) it(line.replace(/⟦[^⟧]*⟧/g, ''), () => void checkDiagnostics(engine, line));
  });

cases('check: date-invalid', [
  'We met on 30 February 2010⟦date-invalid⟧ and again on 31.04.2004⟦date-invalid⟧.',
  'The deadline was 31 June 2006⟦date-invalid⟧.',
  'The CACO was created on 29 February 2002⟦date-invalid⟧.',
  'Leap day: 29 February 2004 is fine, 29 February 1900⟦date-invalid⟧ is not.',
]);

cases('check: date-range-reversed', [
  'Field work: 2009–2004⟦date-range-reversed⟧.',
  'The talks ran 2001–2003, then paused.',
]);

cases('check: weekday-mismatch', [
  'The CIS was born on Tuesday, 8 December 1991⟦weekday-mismatch⟧.',
  'The CIS was born on Sunday, 8 December 1991.',
]);

cases('check: date-ambiguous', [
  'Signed 03.04.2004⟦date-ambiguous⟧.',
  'Signed 03.04.2004 and 25.06.2004.',
  'Signed 25.04.2004.',
]);

cases('check: date-conflict', [
  'The Collective Security Treaty was signed on 15 May 1993⟦date-conflict⟧.',
  'The Collective Security Treaty was signed in May 1992.',
  'The Collective Security Treaty was signed in 1993⟦date-conflict⟧.',
  'Uzbekistan joined the CSTO in June 2006.',
  'The Shanghai Cooperation Organization was founded on 15 June 2001.',
]);

cases('check: date-inconsistent', [
  'The Rome Declaration was adopted in 2002. Critics say the Rome Declaration was adopted in 2003⟦date-inconsistent⟧.',
  'The Rome Declaration was adopted in 2002. The Rome Declaration was adopted in May 2002.',
]);

cases('check: anachronism', [
  'In 1995⟦anachronism⟧ the CSTO held exercises.',
  'The CSTO grew out of a treaty signed before 1995.',
  'The NRC reflected interests after the attacks of 11 September 2001.',
  'In 2005 the CSTO held exercises.',
]);

cases('checks on dates without a year (the year from the context)', [
  'In 2010 we met twice: on 30 February⟦date-invalid⟧ and again in May.',
  'In 2004 we met on 29 February, a leap day.',
  'Between 2010 and 2011 we met on 29 February.',
  'On 30 February nothing happened.',
]);
