// Names near a misspelt query ("Shangai" → Shanghai Five, Shanghai Cooperation Organization), for
// "did you mean" in lookups: a bounded edit distance on folded words, prefix matches first.

/** Optimal string alignment distance (a swap of two letters is one edit), bounded: stops early past `max` (then returns max + 1). */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      best = Math.min(best, v);
    }
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
    if (best > max) return max + 1;
  }
  return prev[b.length];
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The names closest to a query, best first: a name whose words start like the query's, else one
 * within an edit distance of about a third of the query's length (word by word or whole).
 */
export function nearestNames(query: string, names: readonly string[], limit = 5): string[] {
  const q = fold(query);
  if (!q) return [];
  const max = Math.max(1, Math.floor(q.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of names) {
    const n = fold(name);
    if (!n) continue;
    let score: number;
    if (n === q) score = 0;
    else if (n.startsWith(q)) score = 0.5;
    else {
      const whole = editDistance(q, n, max);
      const words = n.split(' ');
      const qWords = q.split(' ');
      // Each word of the query against the best word of the name.
      let wordScore = 0;
      for (const w of qWords) {
        let best = max + 1;
        for (const x of words) best = Math.min(best, x.startsWith(w) ? 0 : editDistance(w, x.slice(0, Math.max(w.length, 1) + 1), max));
        wordScore += best;
      }
      score = Math.min(whole, wordScore + 0.25);
    }
    if (score <= max) scored.push({ name, score });
  }
  const seen = new Set<string>();
  return scored
    .sort((x, y) => x.score - y.score || x.name.length - y.name.length || x.name.localeCompare(y.name))
    .filter((x) => !seen.has(x.name) && seen.add(x.name))
    .slice(0, limit)
    .map((x) => x.name);
}
