// "Did you mean" for the command line's own words (commands, options). Names of organizations and
// treaties have theirs in the language service (core/text/fuzzy.ts).

import { editDistance } from '../core/text/fuzzy';

/** The candidate closest to `word` (an option, a command), if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), 3);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(word.replace(/^-+/, '').length / 2)));
  return bestD <= allowed ? best : undefined;
}
