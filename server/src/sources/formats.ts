// What the library-backed readers share without loading any library: the formats, the PDF limits
// and the extractor's version. Importing this module costs nothing; the readers themselves
// (extract.ts, and PDF.js, mammoth, Readability behind it) load on the first file that needs them.

export type ExtractFormat = 'pdf' | 'docx' | 'html';

export interface PdfLimits {
  /** Pages read; the rest is skipped with a warning. */
  maxPages: number;
  /** Text items per page (a hostile page can hold millions). */
  maxItemsPerPage: number;
  /** Characters of text over the whole document. */
  maxChars: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxPages: 3000, maxItemsPerPage: 200_000, maxChars: 32 * 1024 * 1024 };

declare const __ENTENTE_BUILD__: string | undefined;
/** Bump when what a reader extracts changes: cached extractions of older versions (or builds) are not used. */
export const EXTRACTOR_VERSION = `sources-1${typeof __ENTENTE_BUILD__ === 'string' ? `-${__ENTENTE_BUILD__}` : ''}`;
