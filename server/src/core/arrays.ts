// Array helpers safe at any size. `xs.push(...ys)` and `Math.max(...xs)` pass every element as an
// argument, and past about 120,000 of them V8 throws RangeError ("Maximum call stack size
// exceeded"): a 1.7 MB paragraph of "Security Council (SC " once took its analysis down that way. The
// lint (eslint.config.mjs) refuses those spreads in product code; these take their place.

/** Appends every item to `target` (in place) and returns it. */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
  return target;
}

/** The largest of the numbers (-Infinity for none), as Math.max would give. */
export function maxOf(xs: readonly number[]): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m || Number.isNaN(xs[i])) m = xs[i];
  return m;
}

/** The smallest of the numbers (Infinity for none), as Math.min would give. */
export function minOf(xs: readonly number[]): number {
  let m = Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] < m || Number.isNaN(xs[i])) m = xs[i];
  return m;
}

/**
 * How many of the indices 0 … n−1, from the first, satisfy `holds`, for a `holds` that is true up to
 * some index and false after it (a list sorted by what it tests): binary search, O(log n).
 */
export function countWhile(n: number, holds: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
