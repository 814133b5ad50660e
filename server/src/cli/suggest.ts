// "Did you mean": the nearest names to a mistyped one, for commands, options and `lookup`.
// Edit distance with transpositions (optimal string alignment), compared word-window by word-window
// so that "Shangai" finds "Shanghai Cooperation Organization" and "CTSO" finds "CSTO".

/** Edit distance with adjacent transpositions; stops early past `max` (returns max + 1). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** 1 for equal strings, 0 for nothing in common (edit distance over the longer length). */
export function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 1 : 1 - editDistance(a, b) / n;
}

const norm = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/[^\p{L}\p{N}']+/gu, ' ').trim();

/** The candidate closest to `word` (an option, a command), if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase(), 3);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(word.replace(/^-+/, '').length / 3)));
  return bestD <= allowed ? best : undefined;
}

/** How well `query` matches `name`: the best over runs of as many words of the name as the query has. */
export function nameScore(query: string, name: string): number {
  const q = norm(query);
  const n = norm(name);
  if (!q || !n) return 0;
  const whole = similarity(q, n);
  const qWords = q.split(' ').length;
  const words = n.split(' ');
  let window = 0;
  for (let i = 0; i + qWords <= words.length; i++) window = Math.max(window, similarity(q, words.slice(i, i + qWords).join(' ')));
  // A match on part of the name counts less than the same match on the whole name, and the less
  // the more words are left over ("Shanghai Five" before "Regional … of the Shanghai …").
  return Math.max(whole, window * Math.max(0.5, 0.95 - 0.02 * (words.length - qWords)));
}

export interface Named {
  id: string;
  name: string;
  /** Other names: acronyms, aliases. */
  others: string[];
}

/** The entities whose name, acronym or alias is nearest to `query`, best first: those close to the best. */
export function suggestNames<T extends Named>(query: string, entities: Iterable<T>, limit = 3, threshold = 0.6, within = 0.1): { entity: T; matched: string; score: number }[] {
  const out: { entity: T; matched: string; score: number }[] = [];
  for (const e of entities) {
    let best = { matched: e.name, score: 0 };
    for (const n of [e.name, ...e.others]) {
      const s = nameScore(query, n);
      if (s > best.score) best = { matched: n, score: s };
    }
    if (best.score >= threshold) out.push({ entity: e, ...best });
  }
  out.sort((a, b) => b.score - a.score);
  return out.filter((x) => x.score >= out[0].score - within).slice(0, limit);
}
