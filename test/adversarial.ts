// Adversarial shapes for the linear-time safety tests (test/core/properties.test.ts, through the
// core; test/protocol/responsive.test.ts, through the server) and the scaling benchmark
// (bench/scaling.mjs): inputs built to make a regular expression, a scan or a feature take more
// than linear time. Each is a unit repeated to a size, with an optional fixed head and tail (a
// heading line needs "# " once and a character that is not a closing mark at its end). The
// fast-check generator below composes new ones from the pieces issue 18 names: repeated entity and
// year, separators between clauses, bidi and combining text, one huge line, dense brackets.

import fc from 'fast-check';
import type { LanguageService } from '../server/src/core/service';

export interface Shape {
  name: string;
  unit: string;
  languageId?: 'plaintext' | 'markdown';
  head?: string;
  tail?: string;
  /** Also sent through the real server (test/protocol/responsive.test.ts): the shapes and those the feature sweep found. */
  server?: boolean;
}

/** The shape's text at about `size` characters: head, the unit repeated, tail. */
export function shapeText(s: Shape, size: number): string {
  const head = s.head ?? '';
  const tail = s.tail ?? '';
  const room = Math.max(0, size - head.length - tail.length);
  return head + s.unit.repeat(Math.ceil(room / s.unit.length)).slice(0, room) + tail;
}

/**
 * The analysis of a note and every feature that reads the whole of it, as the server and the views
 * ask them (diagnostics, outline, semantic tokens, entities, timeline, code actions and citation
 * targets over the whole note, completion, hover and highlights in its middle); the note is then
 * forgotten. Whether the analysis ran (a note over the size limit is skipped).
 */
export function wholeNote(service: LanguageService, note: { uri: string; text: string; languageId: string }): boolean {
  const { text } = note;
  const a = service.analyze({ ...note, version: 1 });
  const all = { start: 0, end: text.length };
  service.diagnostics(a);
  service.documentSymbols(a);
  service.semanticTokens(a);
  service.noteEntities(a);
  service.noteTimeline(a);
  service.codeActions(a, all);
  service.citationTargets(a, all);
  service.completion(a, text.length >> 1);
  service.hover(a, text.length >> 1);
  service.highlights(a, text.length >> 1);
  service.forget(note.uri);
  return !a.skipped;
}

const u = (name: string, unit: string, languageId?: Shape['languageId'], server?: boolean): Shape => ({ name, unit, languageId, server });

export const SHAPES: Shape[] = [
  // Runs that once made a regular expression super-linear, and their neighbours.
  u('digits', '1234567890'),
  u('dots', '.'),
  u('"!?"', '!?'),
  u('dashes', '-'),
  u('spaces', ' '),
  u('capitals', 'ABCDEFGHIJ'),
  u('"May May"', 'May '),
  u('"(A (B (C"', '(A (B (C '),
  u('"1.1.1."', '1.1.'),
  u('"Treaty of Treaty of"', 'Treaty of '),
  u('"- - -"', '- '),
  u('capitalised words', 'Council Of Security Treaty Organization Union Joint '),
  u('capitalised words across lines', 'Collective Security\nTreaty\n'),
  u('"NATO-NATO-"', 'NATO-'),
  u('"Ab-Ab-" (hyphenated capitalised words)', 'Ab-'),
  u('digits and dots', '12.'),
  u('"between 1 and"', 'between 1 and '),
  u('"the 1990s"', 'the 1990s '),
  u('acronym parentheses', 'Security Council (SC '),
  u('"(NATO) "', '(NATO) '),
  u('one long word', 'a'),
  u('CRLF', '\r\n'),
  u('blank lines', '\n\n'),
  u('"](" (unclosed link targets)', ']('),
  u('"<!--" (unclosed comments)', '<!--'),
  u('code fences and links', '```[a]('),
  u('emoji', '😀'),
  u('"15 May 19"', '15 May 19'),
  u('"Tuesday, "', 'Tuesday, '),
  u('"in 1998201"', 'in 1998201 '),
  u('". " sentence ends', '. '),
  u('URLs', 'http://a '),
  u('"A.B."', 'A.B.'),
  // The shapes of issue 18.
  u('"NATO in 1995 " (repeated entity and year)', 'NATO in 1995 ', undefined, true),
  u('clauses separated by NUL characters', 'NATO signed the treaty\u0000the CSTO joined in 1995\u0000', undefined, true),
  u('right-to-left text with bidi controls and combining marks', 'מאי 1992: NATO ו-CSTO. العربية \u202eNATO\u202c met on 15 May 1992. Cafe\u0301 CSTO\u0301 \u200fSCO\u200f e\u0301\u0301\u0301. ', undefined, true),
  u('one line of "[[[[NATO ](" (dense brackets)', '[[[[NATO ](', 'markdown', true),
  // Found by the sweep of every feature (December 2026): a heading line of closing marks (document
  // symbols, 108 s at 200 KB) and notes of thousands of dates (the timeline, quadratic).
  { name: 'one heading line of closing marks', unit: ' #', head: '# ', tail: 'x\n', languageId: 'markdown', server: true },
  u('dated claims on one line', 'NATO 1 JAN 1990 the range 2003–2001 and 30 February 2002 in 1995; ', undefined, true),
  u('numeric dates', '10/04/2004 '),
  u('"c. 1990"', 'c. 1990 '),
  u('reversed ranges', '2003–2001 '),
  u('weekdays with dates', 'Tuesday, 8 December 1991 '),
  u('definitions "Name (ACR)"', 'Foo Bar Organization (FBO) '),
  u('definitions "ACR, the Name,"', 'FBO, the Foo Bar Organization, '),
  u('Pandoc citations', '[@', 'markdown'),
  u('footnotes', '^[', 'markdown'),
  u('table rows', '| NATO |', 'markdown'),
  u('list items', '* NATO\n', 'markdown'),
  u('backticks', '`', 'markdown'),
  u('HTML attributes', '<a href="', 'markdown'),
  u('opening parentheses', '(((('),
  u('closing parentheses', '))))'),
  u('line separators', '\u2028'),
  u('possessives', "NATO's "),
];

// -- generated shapes ----------------------------------------------------------------------------

const ENTITY = ['NATO', 'the CSTO', 'CSTO', 'Shanghai Cooperation Organization', 'SCO', 'the Alliance', 'Collective Security Treaty', 'the Organization', 'Foo Bar Organization (FBO)', 'ASEAN', 'African Union'];
const YEAR = ['1995', '2001', '15 May 1992', 'May 1992', 'the 1990s', '2003–2001', '30 February 2002', '10.04.2004', 'c. 1990', 'Tuesday, 8 December 1991'];
const VERB = [' was founded in ', ' signed ', ' joined ', ' in ', ' ', ' left the ', ' entered into force on '];
const SEPARATOR = ['\u0000', ';', ',', ' and ', '. ', '\n', '\n\n', '\r\n', '\t', ' – ', '\u2028', ''];
const MARKS = ['\u202e', '\u202c', '\u200f', '\u200e', '\u2066', '\u2069', '\u0301', '\u0308', '\u0301\u0301', 'מאי', 'العربية', '😀', '\ufeff'];
const STRUCTURE = ['\n# ', '\n## ', '\n- ', '\n| ', '```', '---\n', '[@smith2004, p. 3]', '\\cite{smith}', '^[a note]', '<!-- x -->', '\n> ', 'http://example.org/a(b)', '"', '’s'];
const BRACKET = ['[', ']', '(', ')', '](', '[[', '{', '}', '<!--', '`', '#', '^[', '[@', '*', '"'];

/**
 * A random adversarial unit: pieces of the kinds above (and Markdown, citation and link structure) in random order (each kind weighted so
 * every generated unit mixes several); repeated to 200 KB it makes one huge line when it holds no
 * line break.
 */
export const generatedShape: fc.Arbitrary<Shape> = fc
  .record({
    pieces: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...ENTITY) },
        { weight: 3, arbitrary: fc.constantFrom(...YEAR) },
        { weight: 2, arbitrary: fc.constantFrom(...VERB) },
        { weight: 2, arbitrary: fc.constantFrom(...SEPARATOR) },
        { weight: 2, arbitrary: fc.constantFrom(...MARKS) },
        { weight: 2, arbitrary: fc.constantFrom(...BRACKET) },
        { weight: 2, arbitrary: fc.constantFrom(...STRUCTURE) },
      ),
      { minLength: 1, maxLength: 12 },
    ),
    languageId: fc.constantFrom<'plaintext' | 'markdown'>('plaintext', 'markdown'),
  })
  .map(({ pieces, languageId }) => ({ name: `generated ${JSON.stringify(pieces.join(''))}`, unit: pieces.join('') || ' ', languageId }));
