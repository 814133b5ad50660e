// Clause segmentation inside sentences: where a body and a date stand in different clauses, no
// check pairs them. Split at semicolons, parentheses, "and", and commas — except a comma inside a
// date ("July 18, 2003") and the comma after an opening date ("In 1995, the SCO …").

import type { DateMention, Span } from '../types';

const OPENING = /^\s*(?:(?:in|on|by|during|since|from|at)\s+)?$/i;

/**
 * Clause starts of each sentence (the sentence's own start first), in text order. `sentences` must
 * be in text order without overlaps (as splitSentences gives them), `dates` sorted by start.
 * Linear in the sentences' length plus the dates.
 */
export function clauseStarts(text: string, sentences: readonly Span[], dates: readonly DateMention[]): number[] {
  const out: number[] = [];
  let di = 0;
  // Where the next "and ", ";", "(", ")" and "," stand (-1: none left); -2 until first looked for.
  let nextAnd = -2;
  let nextSemi = -2;
  let nextOpen = -2;
  let nextClose = -2;
  let nextComma = -2;
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
    // The marks are found with indexOf, each from where the last one of its kind was: the scan
    // stays linear over the paragraph's sentences and reads no character one by one.
    let i = s.start;
    for (;;) {
      if (nextAnd !== -1 && nextAnd < i) nextAnd = text.indexOf('and ', i);
      if (nextSemi !== -1 && nextSemi < i) nextSemi = text.indexOf(';', i);
      if (nextOpen !== -1 && nextOpen < i) nextOpen = text.indexOf('(', i);
      if (nextClose !== -1 && nextClose < i) nextClose = text.indexOf(')', i);
      if (nextComma !== -1 && nextComma < i) nextComma = text.indexOf(',', i);
      let j = s.end;
      if (nextAnd !== -1 && nextAnd < j) j = nextAnd;
      if (nextSemi !== -1 && nextSemi < j) j = nextSemi;
      if (nextOpen !== -1 && nextOpen < j) j = nextOpen;
      if (nextClose !== -1 && nextClose < j) j = nextClose;
      if (nextComma !== -1 && nextComma < j) j = nextComma;
      if (j >= s.end) break;
      i = j + 1;
      const ch = text.charCodeAt(j);
      if (ch === 97 /* a */) {
        if (isSpace(text.charCodeAt(j - 1))) out.push(j + 4);
      } else if (ch === 59 /* ; */ || ch === 40 /* ( */ || ch === 41 /* ) */) {
        out.push(j + 1);
      } else {
        // a comma
        if (opening && j >= opening.end && j <= opening.end + 1) continue;
        while (dk < dates.length && dates[dk].end <= j) dk++;
        if (dk < dates.length && dates[dk].start <= j) continue; // inside a date
        out.push(j + 1);
      }
    }
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}
