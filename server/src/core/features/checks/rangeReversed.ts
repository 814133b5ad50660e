// date-range-reversed: a range that ends before it starts ("2003–2001"); the fix swaps its ends.

import type { Check } from './types';
import { finding } from './types';
import { isReversed, oneLine } from './common';

export const reversedRange: Check = {
  code: 'date-range-reversed',
  defaultSeverity: 'error',
  description: 'A date range that ends before it starts.',
  run(_ctx, a) {
    return a.dates.filter(isReversed).map((d) => {
      const swapped = swapRange(d.text);
      return finding('date-range-reversed', d, `The range “${oneLine(d.text)}” ends before it starts.`, {
        fixes: swapped ? [{ title: `Swap to “${oneLine(swapped)}”`, edits: [{ start: d.start, end: d.end, newText: swapped }], preferred: true }] : [],
      });
    });
  },
};

/** "2003–2001" → "2001–2003", "from May to March 2004" → "from March to May 2004". */
export function swapRange(text: string): string | undefined {
  const m = /^(.*?)(\s*[-–—]\s*|\s+(?:to|and|until|till)\s+)(.*)$/s.exec(text);
  if (!m) return undefined;
  const lead = /^((?:between|from)\s+)?(.*)$/is.exec(m[1])!;
  return `${lead[1] ?? ''}${m[3]}${m[2]}${lead[2]}`;
}
