// Word (.docx) sources, read with mammoth: headings, paragraphs, lists, tables and footnotes as
// text (one paragraph per block), images skipped. Title, author and date come from the document's
// core properties (docProps/core.xml), which mammoth does not expose: that zip entry is read with
// JSZip, the zip library mammoth itself is built on.

import type { ReadProblem, ReadResult, SourceMetadata } from '../core/corpus/reader';
import { domToText, type DocumentLike } from './htmlText';

export async function readDocx(bytes: Uint8Array, _name = ''): Promise<ReadResult> {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    return {
      text: '',
      problems: [{ severity: 'error', message: 'is not a Word document: a .docx file is a zip archive and this one is not (an old .doc, or damaged? save it as .docx)' }],
    };
  }
  const mammoth = await import('mammoth');
  const { parseHTML } = await import('linkedom');
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      // Images would be inlined as data URIs: dropped, they hold no text.
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    if (/central directory|zip/i.test(msg)) return { text: '', problems: [{ severity: 'error', message: 'is not a Word document (a damaged or truncated zip archive)' }] };
    if (/main document part|word\/document/i.test(msg)) return { text: '', problems: [{ severity: 'error', message: 'is a zip archive but not a Word document (it has no word/document.xml)' }] };
    return { text: '', problems: [{ severity: 'error', message: `could not be read as a Word document: ${msg}` }] };
  }
  const problems: ReadProblem[] = [];
  // Footnote back-links ("↑") are navigation, not text.
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as { document: DocumentLike };
  for (const a of [...document.querySelectorAll('a[href^="#footnote-ref"], a[href^="#endnote-ref"]')]) a.remove();
  const text = domToText(document.body!);
  const metadata = await coreProperties(buffer).catch(() => undefined);
  return { text, metadata, problems };
}

/** Title, creator and created date from docProps/core.xml. */
async function coreProperties(buffer: Buffer): Promise<SourceMetadata | undefined> {
  const JSZip = (await import('jszip')).default;
  const zip = await JSZip.loadAsync(buffer);
  const entry = zip.file('docProps/core.xml');
  if (!entry) return undefined;
  const xml = await entry.async('string');
  if (xml.length > 1024 * 1024) return undefined;
  const { DOMParser } = await import('linkedom');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const get = (tag: string) => {
    const el = doc.getElementsByTagName(tag)[0];
    const t = el?.textContent?.trim();
    return t || undefined;
  };
  const out: SourceMetadata = {};
  const title = get('dc:title');
  if (title) out.title = title;
  const creator = get('dc:creator');
  if (creator) out.author = creator.split(/\s*;\s*/).filter(Boolean);
  const created = get('dcterms:created');
  const date = created && /^\d{4}(?:-\d{2}(?:-\d{2})?)?/.exec(created);
  if (date) out.date = date[0];
  return Object.keys(out).length ? out : undefined;
}
