// Date recognition in prose: the public entry. The recognizer is split along its seams:
// chars.ts (character codes and classes), lexicon.json / lexicon.ts (word lists as data),
// cursor.ts (bounded looks over the text), grammar.ts (the date forms), context.ts (years for
// dates written without one).

import type { DateMention, DateOrder } from '../types';
import { Grammar } from './grammar';

export { TWO_DIGIT_YEAR_PIVOT } from './grammar';

export interface RecognizeOptions {
  /**
   * How to read an all-numeric date whose order is not evident (03.04.2004). Unset: dotted and
   * dashed dates are day-first, slashed dates month-first ("12/05/2003" = December 5).
   */
  order?: DateOrder;
  /**
   * Also return dates written without a year ("11 September", "in May", "from 13th to 15th July"),
   * marked `yearless` with a value "--09-11" / "--05" until `inferYears` (context.ts) gives them one.
   * Off by default: callers that need an ISO value on every mention keep working unchanged.
   */
  yearless?: boolean;
}

/**
 * Find the dates in `text`: sorted by start, non-overlapping, offsets are UTF-16 indexes into
 * `text`. Never throws.
 */
export function recognizeDates(text: string, options?: RecognizeOptions): DateMention[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  try {
    return new Grammar(text, options?.order, options?.yearless === true).run();
  } catch {
    // Defensive: the parsers are written not to throw; a bug must not take the server down.
    return [];
  }
}
