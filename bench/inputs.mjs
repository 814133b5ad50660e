// Generated benchmark inputs, written under .bench/ (git-ignored) and reused when present:
//   note-5mb.txt, note-1mb.txt, note-200kb.txt  paragraphs of the bundled book, recombined so that no
//                                               paragraph repeats (the engine caches paragraphs by text)
//   dates-512kb.txt                             sentences dense with dates in many written forms
//   dense-5mb.txt                               a dense note: bodies and dates in every sentence
//   corpus-100x/copy-NNN.txt                    100 copies of the bundled book (~26 MB)

import * as fs from 'fs';
import * as path from 'path';
import { BENCH, ROOT, rng } from './lib.mjs';

export const BOOK = path.join(ROOT, 'seeds', 'international-security-organizations-in-eurasia.txt');

function bookParagraphs() {
  const text = fs.readFileSync(BOOK, 'utf8').replace(/\r\n?/g, '\n');
  return text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter((p) => p.length > 80);
}

/** A note of about `bytes` made of the book's paragraphs: each output paragraph joins two book paragraphs, never twice the same pair. */
function makeNote(bytes, seed) {
  const paras = bookParagraphs();
  const r = rng(seed);
  const seen = new Set();
  const out = [];
  let size = 0;
  while (size < bytes) {
    const a = Math.floor(r() * paras.length);
    const b = Math.floor(r() * paras.length);
    const key = a * 100000 + b;
    if (seen.has(key) || a === b) continue;
    seen.add(key);
    const p = paras[a] + '\n' + paras[b];
    out.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return out.join('\n\n') + '\n';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SUBJECTS = ['NATO', 'the CSTO', 'the Shanghai Cooperation Organization', 'the OSCE', 'the European Union', 'the CIS', 'the EAPC', 'GUAM', 'the NATO-Russia Council', 'the Collective Security Treaty Organization'];
const VERBS = ['was founded', 'met', 'was signed', 'held a summit', 'adopted a declaration', 'was established', 'launched a programme', 'expanded'];

/** A note of about `bytes` whose sentences are full of dates in many forms (valid and a few invalid). */
function makeDateNote(bytes, seed) {
  const r = rng(seed);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (n) => String(n).padStart(2, '0');
  const date = () => {
    const y = int(1945, 2012);
    const m = int(1, 12);
    const d = int(1, 28);
    switch (int(0, 13)) {
      case 0: return `${d} ${MONTHS[m - 1]} ${y}`;
      case 1: return `${MONTHS[m - 1]} ${d}, ${y}`;
      case 2: return `${pad(d)}.${pad(m)}.${y}`;
      case 3: return `${pad(d)}.${MON[m - 1]}.${y}`;
      case 4: return `${y}-${pad(m)}-${pad(d)}`;
      case 5: return `${MONTHS[m - 1]} ${y}`;
      case 6: return `${y}–${y + int(1, 5)}`;
      case 7: return `the ${Math.floor(y / 10) * 10}s`;
      case 8: return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}, ${d} ${MONTHS[m - 1]} ${y}`;
      case 9: return `${d}–${d + int(1, 3)} ${MONTHS[m - 1]} ${y}`;
      case 10: return `early ${y}`;
      case 11: return `${d}/${m}/${y}`;
      case 12: return `between ${y} and ${y + int(1, 9)}`;
      default: return `${y}`;
    }
  };
  const sentence = () => {
    switch (int(0, 3)) {
      case 0: return `${pick(SUBJECTS)} ${pick(VERBS)} on ${date()}, and again in ${date()}.`;
      case 1: return `From ${date()} to ${date()} ${pick(SUBJECTS)} ${pick(VERBS)}; the next meeting (${date()}) followed ${date()}.`;
      case 2: return `In ${date()} ${pick(SUBJECTS)} ${pick(VERBS)}, as reported on ${date()}.`;
      default: return `The talks of ${date()}, ${date()} and ${date()} are dated ${date()} in the minutes.`;
    }
  };
  const paras = [];
  let size = 0;
  while (size < bytes) {
    const n = int(3, 7);
    const s = [];
    for (let i = 0; i < n; i++) s.push(sentence());
    const p = s.join(' ');
    paras.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return paras.join('\n\n') + '\n';
}

function ensure(file, make) {
  const p = path.join(BENCH, file);
  if (!fs.existsSync(p)) {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, make());
  }
  return p;
}

export function inputs() {
  fs.mkdirSync(BENCH, { recursive: true });
  const files = {
    note5mb: ensure('note-5mb.txt', () => makeNote(5e6, 1)),
    note1mb: ensure('note-1mb.txt', () => makeNote(1e6, 2)),
    note200kb: ensure('note-200kb.txt', () => makeNote(2e5, 3)),
    dates512kb: ensure('dates-512kb.txt', () => makeDateNote(512 * 1024, 4)),
    // Dense notes: every paragraph names bodies and dates, like a timeline or a fact-check list.
    dense5mb: ensure('dense-5mb.txt', () => makeDateNote(5e6, 5)),
    corpus100x: path.join(BENCH, 'corpus-100x'),
  };
  const book = fs.readFileSync(BOOK);
  fs.mkdirSync(files.corpus100x, { recursive: true });
  for (let i = 1; i <= 100; i++) {
    const p = path.join(files.corpus100x, `copy-${String(i).padStart(3, '0')}.txt`);
    if (!fs.existsSync(p) || fs.statSync(p).size !== book.length) fs.writeFileSync(p, book);
  }
  return files;
}
