// Which bibliography entry cites which source: by the entry's attached file (the `file` field as
// Zotero, JabRef, Mendeley and Better BibTeX write it), by DOI, by URL, else by title and author
// against the source's metadata. A source no entry matches gets an entry made from its metadata.

import type { BibEntry, CslItem, CslName, SourceInfo } from './types';

/**
 * Paths in a BibTeX `file` field. Forms: a bare path (Better BibTeX: `/home/u/Zotero/storage/X/a.pdf`,
 * several joined by `;`), JabRef/Mendeley `Description:path:Type` (`:C\:/x/a.pdf:PDF`, colons and
 * backslashes escaped), Zotero's `Full Text PDF:/path/a.pdf:application/pdf`, and `path;mime`.
 */
export function parseFileField(value: string): string[] {
  const out: string[] = [];
  for (const raw of splitUnescaped(value, ';')) {
    const item = raw.trim();
    if (!item || isMime(item)) continue;
    let parts = splitUnescaped(item, ':');
    // A Windows drive letter written unescaped ("C:/x.pdf", "desc:C:/x.pdf:PDF").
    const joined: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (/^[A-Za-z]$/.test(parts[i].trim()) && i + 1 < parts.length && /^[\\/]/.test(parts[i + 1])) {
        joined.push(parts[i] + ':' + parts[i + 1]);
        i++;
      } else joined.push(parts[i]);
    }
    parts = joined;
    let path: string;
    if (parts.length >= 3) path = parts.slice(1, parts.length - 1).join(':');
    else if (parts.length === 2) path = isFileType(parts[1]) ? parts[0] : parts[1];
    else path = parts[0];
    path = unescapePath(path.trim());
    if (path && !isMime(path)) out.push(path);
  }
  return out;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length && (s[i + 1] === sep || s[i + 1] === '\\')) {
      cur += s[i] + s[i + 1];
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

function unescapePath(p: string): string {
  return p.replace(/\\([:;\\])/g, '$1');
}

function isMime(s: string): boolean {
  return /^(?:application|text|image|audio|video)\/[\w.+-]+$/i.test(s.trim());
}

function isFileType(s: string): boolean {
  return isMime(s) || /^(?:pdf|docx?|html?|epub|txt|md|odt|rtf|djvu|ps|url)$/i.test(s.trim());
}

/** Path components, with separators and a drive letter's case folded. */
function components(p: string): string[] {
  return p.replace(/\\/g, '/').replace(/^file:\/\//, '').split('/').filter((c) => c && c !== '.');
}

/** How many trailing path components two paths share (0 when the file names differ). */
export function sharedTail(a: string, b: string): number {
  const x = components(a);
  const y = components(b);
  let n = 0;
  while (n < x.length && n < y.length) {
    const p = x[x.length - 1 - n];
    const q = y[y.length - 1 - n];
    // File names compare exactly, except that the case of extensions and of Windows paths may differ.
    if (p !== q && p.toLowerCase() !== q.toLowerCase()) break;
    n++;
  }
  return n;
}

export function normalizeDoi(doi: string): string {
  return doi.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').toLowerCase();
}

export function normalizeUrl(url: string): string {
  return url.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();
}

/** Title words: lower case, accents, punctuation and markup folded away. */
export function titleWords(title: string): string[] {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/<[^>]*>|[{}]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Family names from names as written: "Andrey Kazantsev", "Kazantsev, Andrey", "S. Havel". */
export function familyNames(names: (string | CslName)[]): string[] {
  return names
    .map((n) => {
      if (typeof n !== 'string') return n.family ?? n.literal ?? '';
      const t = n.trim();
      if (t.includes(',')) return t.split(',')[0];
      const parts = t.split(/\s+/);
      return parts[parts.length - 1];
    })
    .map((f) => titleWords(f).join(' '))
    .filter(Boolean);
}

function yearOf(item: CslItem): number | undefined {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  const n = typeof y === 'string' ? parseInt(y, 10) : y;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  const lit = /\b(\d{4})\b/.exec(item.issued?.literal ?? item.issued?.raw ?? '');
  return lit ? Number(lit[1]) : undefined;
}

function titlesAgree(a: string, b: string): boolean {
  return wordsAgree(titleWords(a).join(' '), titleWords(b).join(' '));
}

export type MatchReason = 'file' | 'doi' | 'url' | 'title-author' | 'title';

export interface EntryMatch {
  entry: BibEntry;
  reason: MatchReason;
}

/** Entries indexed for matching: by attached file name, DOI, URL and title words. */
export interface EntryIndex {
  entries: BibEntry[];
  byFileName: Map<string, { entry: BibEntry; file: string }[]>;
  byDoi: Map<string, BibEntry>;
  byUrl: Map<string, BibEntry>;
  titles: Map<BibEntry, string>;
}

function baseName(p: string): string {
  return (components(p).pop() ?? '').toLowerCase();
}

export function indexEntries(entries: BibEntry[]): EntryIndex {
  const ix: EntryIndex = { entries, byFileName: new Map(), byDoi: new Map(), byUrl: new Map(), titles: new Map() };
  for (const e of entries) {
    for (const f of e.files) {
      const b = baseName(f);
      if (!ix.byFileName.has(b)) ix.byFileName.set(b, []);
      ix.byFileName.get(b)!.push({ entry: e, file: f });
    }
    if (e.item.DOI && !ix.byDoi.has(normalizeDoi(e.item.DOI))) ix.byDoi.set(normalizeDoi(e.item.DOI), e);
    if (e.item.URL && !ix.byUrl.has(normalizeUrl(e.item.URL))) ix.byUrl.set(normalizeUrl(e.item.URL), e);
    if (e.item.title) ix.titles.set(e, titleWords(e.item.title).join(' '));
  }
  return ix;
}

function wordsAgree(x: string, y: string): boolean {
  if (!x || !y) return false;
  if (x === y) return true;
  // A title with or without its subtitle: one is the other's start, on a word boundary, 3+ words.
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.split(' ').length >= 3 && long.startsWith(short + ' ');
}

/** The entry that cites this source (and this chapter of it, when chapters are entries). */
export function matchEntry(entries: BibEntry[] | EntryIndex, source: SourceInfo, chapter?: string): EntryMatch | undefined {
  const ix = Array.isArray(entries) ? indexEntries(entries) : entries;
  const all = ix.entries;
  if (chapter) {
    const ch = source.chapters?.find((c) => titlesAgree(c.title, chapter));
    const want = titleWords(chapter).join(' ');
    const byChapter = all.find((e) => wordsAgree(ix.titles.get(e) ?? '', want) && (!ch?.author?.length || authorsAgree(e.item.author, ch.author)) && (!e.item['container-title'] || !source.title || titlesAgree(e.item['container-title'], source.title)));
    if (byChapter) return { entry: byChapter, reason: 'title-author' };
  }
  if (source.path) {
    let best: BibEntry | undefined;
    let bestTail = 0;
    for (const { entry, file } of ix.byFileName.get(baseName(source.path)) ?? []) {
      const t = sharedTail(file, source.path);
      if (t > bestTail) {
        best = entry;
        bestTail = t;
      }
    }
    if (best) return { entry: best, reason: 'file' };
  }
  if (source.doi) {
    const e = ix.byDoi.get(normalizeDoi(source.doi));
    if (e) return { entry: e, reason: 'doi' };
  }
  if (source.url) {
    const e = ix.byUrl.get(normalizeUrl(source.url));
    if (e) return { entry: e, reason: 'url' };
  }
  if (source.title) {
    const want = titleWords(source.title).join(' ');
    const year = source.date ? Number(/\d{4}/.exec(source.date)?.[0]) : undefined;
    const candidates = all.filter((e) => {
      if (!wordsAgree(ix.titles.get(e) ?? '', want)) return false;
      const y = yearOf(e.item);
      return !(year && y && Math.abs(year - y) > 1);
    });
    if (source.author?.length) {
      const e = candidates.find((x) => authorsAgree(x.item.author ?? x.item.editor, source.author!));
      if (e) return { entry: e, reason: 'title-author' };
      return undefined;
    }
    // No author in the metadata: only an exact title, and only if one entry has it.
    const exact = candidates.filter((e) => ix.titles.get(e) === want);
    if (exact.length === 1) return { entry: exact[0], reason: 'title' };
  }
  return undefined;
}

function authorsAgree(itemNames: CslName[] | undefined, sourceNames: string[]): boolean {
  if (!itemNames?.length) return false;
  const a = new Set(familyNames(itemNames));
  return familyNames(sourceNames).some((f) => a.has(f));
}

// ---------------------------------------------------------------------------------------------
// An entry made from a source's metadata.

/** "Andrey Kazantsev" / "Kazantsev, Andrey" → CSL name; an organization stays literal. */
export function cslName(name: string): CslName {
  const t = name.trim().replace(/\s+/g, ' ');
  if (t.includes(',')) {
    const [family, ...rest] = t.split(',');
    return { family: family.trim(), given: rest.join(',').trim() };
  }
  const parts = t.split(' ');
  if (parts.length === 1 || /\b(?:Centre|Center|Institute|Ministry|Office|Council|Organization|Organisation|University|Agency|Foundation|Committee|Nations)\b/.test(t)) return { literal: t };
  // Particles stay with the family name ("Ursula von der Leyen").
  let k = parts.length - 1;
  while (k > 1 && /^(?:von|van|der|de|den|du|la|le|di|da|del|bin|ibn)$/i.test(parts[k - 1])) k--;
  return { family: parts.slice(k).join(' '), given: parts.slice(0, k).join(' ') };
}

function dateParts(date: string): CslItem['issued'] | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date.trim());
  if (!m) return /\d{4}/.test(date) ? { literal: date } : undefined;
  const parts: number[] = [Number(m[1])];
  if (m[2]) parts.push(Number(m[2]));
  if (m[2] && m[3]) parts.push(Number(m[3]));
  return { 'date-parts': [parts] };
}

/** A citekey in the `authoryear` form ("kazantsev2009"), unique among `taken`. */
export function makeKey(item: Pick<CslItem, 'author' | 'title' | 'issued' | 'editor'>, taken: Set<string>): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  const who = first ? titleWords(first.family ?? first.literal ?? '')[0] : titleWords(item.title ?? '').find((w) => w.length > 3 && !STOP.has(w));
  const year = yearOf(item as CslItem);
  const base = ((who ?? 'source').replace(/[^a-z0-9]/g, '') || 'source') + (year ?? '');
  let key = base;
  for (let i = 0; taken.has(key); i++) key = base + String.fromCharCode(97 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '');
  return key;
}

const STOP = new Set(['the', 'and', 'from', 'with', 'what', 'when', 'that', 'this', 'into', 'about']);

/** A CSL item for a source that has no bibliography entry, from its metadata alone. */
export function entryFromSource(source: SourceInfo, taken: Set<string>): BibEntry {
  const item: CslItem = { id: '', type: source.url && source.kind === 'html' ? 'webpage' : source.kind === 'docx' ? 'manuscript' : 'document' };
  item.title = source.title ?? fileTitle(source.path ?? source.id);
  if (source.author?.length) item.author = source.author.map(cslName);
  const issued = source.date ? dateParts(source.date) : undefined;
  if (issued) item.issued = issued;
  if (source.publisher) item.publisher = source.publisher;
  if (source.doi) item.DOI = normalizeDoi(source.doi);
  if (source.url) item.URL = source.url;
  item.id = makeKey(item, taken);
  return { key: item.id, item, files: source.path ? [source.path] : [] };
}

function fileTitle(path: string): string {
  const name = components(path).pop() ?? path;
  return name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[-_]+/g, ' ');
}
