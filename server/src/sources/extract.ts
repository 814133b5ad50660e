// One entry point for the library-backed readers, by format: what a worker thread runs, and what
// runs in-thread when no worker is wanted.

import type { ReadResult } from '../core/corpus/reader';
import { readPdf, type PdfLimits, DEFAULT_PDF_LIMITS } from './pdf';
import { readDocx } from './docx';
import { readHtml } from './html';

export type ExtractFormat = 'pdf' | 'docx' | 'html';

declare const __ENTENTE_BUILD__: string | undefined;
/** Bump when what a reader extracts changes: cached extractions of older versions (or builds) are not used. */
export const EXTRACTOR_VERSION = `sources-1${typeof __ENTENTE_BUILD__ === 'string' ? `-${__ENTENTE_BUILD__}` : ''}`;

export async function extract(format: ExtractFormat, bytes: Uint8Array, name: string, pdfLimits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<ReadResult> {
  switch (format) {
    case 'pdf':
      return readPdf(bytes, name, pdfLimits);
    case 'docx':
      return readDocx(bytes, name);
    case 'html':
      return readHtml(bytes, name);
  }
}
