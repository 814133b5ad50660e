// One entry point for the library-backed readers, by format: what a worker thread runs, and what
// runs in-thread when no worker is wanted.

import type { ReadResult } from '../core/corpus/reader';
import { readPdf } from './pdf';
import { DEFAULT_PDF_LIMITS, type ExtractFormat, type PdfLimits } from './formats';
import { readDocx } from './docx';
import { readHtml } from './html';

export { EXTRACTOR_VERSION, type ExtractFormat } from './formats';

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
