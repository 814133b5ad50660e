// Clause segmentation inside sentences: where a body and a date stand in different clauses, no
// check pairs them. Split at semicolons, parentheses, "and", and commas — except a comma inside a
// date ("July 18, 2003") and the comma after an opening date ("In 1995, the SCO …").

import type { DateMention, Span } from '../types';

const OPENING = /^\s*(?:(?:in|on|by|during|since|from|at)\s+)?$/i;

/**
 * Clause starts of each sentence (the sentence's own start first), in text order. `dates` must be
 * sorted by start. Linear in the sentences' length plus the dates.
 */
export function clauseStarts(text: string, sentences: readonly Span[], dates: readonly DateMention[]): number[] {
  const out: number[] = [];
  let di = 0;
  for (const s of sentences) {
    while (di < dates.length && dates[di].end <= s.start) di++;
    out.push(s.start);
    // The opening date can only stand at the very start of the sentence.
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
      if (ch === 97 /* a */) {
        if (text.startsWith('and ', i) && isSpace(text.charCodeAt(i - 1))) out.push(i + 4);
      } else if (ch === 59 /* ; */ || ch === 40 /* ( */ || ch === 41 /* ) */) {
        out.push(i + 1);
      } else if (ch === 44 /* , */) {
        if (opening && i >= opening.end && i <= opening.end + 1) continue;
        while (dk < dates.length && dates[dk].end <= i) dk++;
        if (dk < dates.length && dates[dk].start <= i) continue; // inside a date
        out.push(i + 1);
      }
    }
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}
