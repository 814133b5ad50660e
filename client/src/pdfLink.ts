// Pure helpers for links into a PDF at a page: the arguments of the `entente.openPdfAtPage`
// command, and the `#page=N` URI that clients without Entente's viewer open instead.
// No vscode, no DOM: unit-tested in test/client/.

export interface PdfTarget {
  /** The PDF's URI, without a fragment. */
  uri: string;
  /** 1-based page number. */
  page: number;
  /** A passage to find on that page and mark, if any. */
  highlight?: string;
}

/** Longest passage looked for; a longer one is cut (the start of a passage locates it). */
export const MAX_HIGHLIGHT = 2000;

const PAGE_FRAGMENT = /(?:^|&)page=(\d{1,9})(?:&|$)/;

function toPage(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** Splits `uri#page=N` into the URI without its fragment and N (when the fragment names a page). */
export function splitPageFragment(uri: string): { uri: string; page?: number } {
  const hash = uri.indexOf('#');
  if (hash < 0) return { uri };
  const m = PAGE_FRAGMENT.exec(uri.slice(hash + 1));
  return { uri: uri.slice(0, hash), page: m ? toPage(m[1]) : undefined };
}

/**
 * Reads the command's arguments, given either positionally — `(uri, page?, highlight?)`, as a card's
 * command link passes them — or as one object `{ uri, page?, highlight? }`, as a keybinding's
 * `args` does. The URI may carry `#page=N` instead of the page argument. The page defaults to 1;
 * a page that is not a positive integer is an error, and so is a missing URI.
 */
export function parseOpenPdfArgs(args: readonly unknown[]): PdfTarget | { error: string } {
  let [uri, page, highlight] = args;
  const first = args[0];
  if (args.length === 1 && first && typeof first === 'object' && !Array.isArray(first)) {
    const o = first as Record<string, unknown>;
    ({ uri, page, highlight } = o);
  }
  if (typeof uri !== 'string' || !uri.trim()) return { error: 'no PDF given (the first argument must be the URI of a PDF)' };
  const split = splitPageFragment(uri.trim());
  let n: number | undefined;
  if (page === undefined || page === null) n = split.page ?? 1;
  else {
    n = toPage(page);
    if (n === undefined) return { error: `not a page number: ${JSON.stringify(page)}` };
  }
  const out: PdfTarget = { uri: split.uri, page: n };
  if (typeof highlight === 'string') {
    const h = highlight.replace(/\s+/g, ' ').trim().slice(0, MAX_HIGHLIGHT);
    if (h) out.highlight = h;
  } else if (highlight !== undefined && highlight !== null) {
    return { error: 'the passage to highlight must be a string' };
  }
  return out;
}

/** The URI that opens `uri` at `page` in any PDF reader that honours the `#page=` open parameter. */
export function pdfPageUri(uri: string, page: number): string {
  const { uri: bare } = splitPageFragment(uri);
  return `${bare}#page=${Math.max(1, Math.floor(page))}`;
}

/** A command URI (for a markdown link) that opens the PDF in Entente's viewer at `page`, marking `highlight`. */
export function openPdfCommandUri(uri: string, page: number, highlight?: string): string {
  const args: unknown[] = highlight ? [uri, page, highlight] : [uri, page];
  // Parentheses too are escaped: an unbalanced one would end a markdown link's destination.
  const encoded = encodeURIComponent(JSON.stringify(args)).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
  return `command:entente.openPdfAtPage?${encoded}`;
}
