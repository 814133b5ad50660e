// Name folding, in one place: the spellings a name of the field is written in (British and
// American, "Co-operation" and "Cooperation", curly and straight apostrophes, articles and
// function words in any case). The name matcher folds word by word (`foldToken`, case of
// significant words kept), the knowledge base compares whole names (`nameKey`, case folded), and
// both derive from the same table, so a spelling added here is known to every comparison.

/** British → American spellings of words that occur in names. */
const SPELLING = new Map([
  ['organisation', 'organization'],
  ['organisations', 'organizations'],
  ['defence', 'defense'],
  ['centre', 'center'],
  ['centres', 'centers'],
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['neighbourhood', 'neighborhood'],
  ['labour', 'labor'],
  ['stabilisation', 'stabilization'],
]);

/** Words that are lower case inside names ("Treaty on the Non-Proliferation of …"). */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(['of', 'and', 'for', 'the', 'on', 'in', 'to', 'against', 'with', 'a', 'an', 'at', 'by', 'between']);

/** Words whose case varies in names as written ("Partnership for Peace program"). */
const ANY_CASE = new Set(['program', 'programme', 'programs', 'programmes']);

const foldCache = new Map<string, string>();

/** The matcher's key of one word: function words and spelling variants folded, significant case kept. */
export function foldToken(t: string): string {
  // Words repeat: remember their keys (bounded).
  let f = foldCache.get(t);
  if (f === undefined) {
    if (foldCache.size > 50000) foldCache.clear();
    f = computeFold(t);
    foldCache.set(t, f);
  }
  return f;
}

function computeFold(t: string): string {
  const lower = t.toLowerCase();
  if (FUNCTION_WORDS.has(lower) || ANY_CASE.has(lower)) return SPELLING.get(lower) ?? lower;
  const v = SPELLING.get(lower);
  if (v) return (t[0] === lower[0] ? v[0] : v[0].toUpperCase()) + v.slice(1);
  return t;
}

/** Spelling variants of a whole name that are not one word's fold ("Co-operation", "Peace-keeping", apostrophes). */
export function spellingVariants(name: string): string[] {
  const out = new Set([name]);
  if (/\b[Cc]o-operation/.test(name)) out.add(name.replace(/\b([Cc])o-operation/g, '$1ooperation'));
  if (/\b[Cc]ooperation/.test(name)) out.add(name.replace(/\b([Cc])ooperation/g, '$1o-operation'));
  if (/\b[Pp]eace-keeping/.test(name)) out.add(name.replace(/\b([Pp])eace-keeping/g, '$1eacekeeping'));
  if (/[’']/.test(name)) out.add(name.replace(/[’']/g, ''));
  return [...out];
}

const WORD = /[\p{L}]+/gu;

const keyCache = new Map<string, string>();

/** A name compared loosely: case, article, spacing, hyphens, apostrophes, British/American spellings. */
export function nameKey(name: string): string {
  // Names repeat (every mention of a body asks for its key): remember them, bounded. The cache
  // holds a copy of each name, never a slice of a note (that would keep the note alive).
  let k = keyCache.get(name);
  if (k === undefined) {
    if (keyCache.size >= 20000) keyCache.clear();
    k = computeNameKey(name);
    keyCache.set((' ' + name).slice(1), k);
  }
  return k;
}

function computeNameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/co-?operation/g, 'cooperation')
    .replace(/peace-keeping/g, 'peacekeeping')
    .replace(WORD, (w) => SPELLING.get(w) ?? w)
    .replace(/[‐–—-]/g, '-')
    .replace(/[’']/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The article-less form a name is matched in ("the Wassenaar Arrangement" → "Wassenaar Arrangement"). */
export function stripArticle(name: string): string {
  return name.replace(/^(?:the|The)\s+/, '');
}
