// Saved web pages (.html, .htm), read with Mozilla's Readability over a linkedom DOM: the article
// only (no navigation, sidebars, cookie banners or footers), as paragraphs. Scripts are never run
// (linkedom builds a DOM and executes nothing) and nothing is fetched. Title, author, date, DOI and
// address come from the page's meta tags (Highwire citation_*, Dublin Core, Open Graph, article:*).

import type { ReadResult, SourceMetadata } from '../core/corpus/reader';
import { domToText, type DocumentLike } from './htmlText';

/** Pages larger than this are not parsed (a saved page is rarely over a few MB). */
export const MAX_HTML_BYTES = 32 * 1024 * 1024;

export async function readHtml(bytes: Uint8Array, _name = ''): Promise<ReadResult> {
  if (bytes.length > MAX_HTML_BYTES) return { text: '', problems: [{ severity: 'error', message: `is larger than ${MAX_HTML_BYTES / 1024 / 1024} MB; not parsed` }] };
  const html = decodeHtml(bytes);
  const { parseHTML } = await import('linkedom');
  const { Readability } = await import('@mozilla/readability');
  const { document } = parseHTML(html) as unknown as { document: DocumentLike };
  const metadata = pageMetadata(document);
  // The page's main heading, when the <title> is that heading plus the site's name.
  const h1 = (document.querySelector('h1')?.textContent ?? '').replace(/\s+/g, ' ').trim();
  // Readability changes the DOM it reads: metadata first, then the article.
  let article: { title?: string | null; content?: string | null; byline?: string | null; publishedTime?: string | null } | null = null;
  try {
    article = new Readability(document as never, { charThreshold: 80 }).parse();
  } catch {
    article = null;
  }
  let text = '';
  if (article?.content) {
    const { document: doc } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`) as unknown as { document: DocumentLike };
    text = domToText(doc.body!);
  }
  if (!text.trim()) {
    // Readability found no article: the body without its navigation and furniture, if any text is left.
    const { document: doc } = parseHTML(html) as unknown as { document: DocumentLike };
    for (const el of [...doc.querySelectorAll('nav, header, footer, aside, form, [role=navigation], [role=banner], [role=contentinfo]')]) el.remove();
    text = doc.body ? domToText(doc.body) : '';
  }
  if (!text.trim()) return { text: '', metadata, problems: [{ severity: 'error', message: 'has no readable text (only scripts or markup: a page that builds itself in the browser?); save it after it has loaded, or as PDF' }] };
  if (!metadata.title && article?.title) {
    const t = article.title.replace(/\s+/g, ' ').trim();
    metadata.title = h1 && h1.length < t.length && t.startsWith(h1) && /^\s*[|–—:·-]/.test(t.slice(h1.length)) ? h1 : t;
  }
  if (!metadata.author && article?.byline) metadata.author = [article.byline.replace(/^by\s+/i, '').trim()];
  if (!metadata.date && article?.publishedTime) metadata.date = isoDate(article.publishedTime);
  return { text, metadata: Object.keys(metadata).length ? metadata : undefined, problems: [] };
}

function decodeHtml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const m = /<meta[^>]{0,200}?charset=["']?([\w-]{1,40})/i.exec(head);
  try {
    return new TextDecoder(m ? m[1] : 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

interface DocLike {
  querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null; textContent: string | null }>;
}

function pageMetadata(document: DocLike): SourceMetadata {
  const metas = (names: string[]) => {
    const out: string[] = [];
    for (const n of names) {
      for (const el of Array.from(document.querySelectorAll(`meta[name="${n}" i], meta[property="${n}" i]`))) {
        const v = el.getAttribute('content')?.trim();
        if (v && !out.includes(v)) out.push(v);
      }
    }
    return out;
  };
  const out: SourceMetadata = {};
  const title = metas(['citation_title', 'dc.title', 'dcterms.title', 'og:title'])[0];
  if (title) out.title = title;
  const authors = metas(['citation_author', 'dc.creator', 'dcterms.creator', 'author', 'article:author']).filter((a) => !/^https?:/i.test(a));
  if (authors.length) out.author = authors;
  const date = metas(['citation_publication_date', 'citation_date', 'dc.date', 'dcterms.issued', 'dcterms.created', 'article:published_time', 'date'])[0]
    ?? Array.from(document.querySelectorAll('time[datetime]'))[0]?.getAttribute('datetime') ?? undefined;
  const iso = date ? isoDate(date) : undefined;
  if (iso) out.date = iso;
  const doi = metas(['citation_doi', 'dc.identifier', 'prism.doi']).map((d) => /10\.\d{4,9}\/\S{1,200}/.exec(d)?.[0]).find(Boolean);
  if (doi) out.doi = doi;
  const url = Array.from(document.querySelectorAll('link[rel="canonical"]'))[0]?.getAttribute('href') ?? metas(['og:url', 'citation_public_url'])[0];
  if (url && /^https?:\/\//i.test(url)) out.url = url;
  return out;
}

/** "2021/03/26", "2021-03-26T10:00:00Z" → "2021-03-26"; a bare year stays a year. */
function isoDate(s: string): string | undefined {
  const m = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?/.exec(s.trim());
  if (!m) return undefined;
  return [m[1], m[2]?.padStart(2, '0'), m[3]?.padStart(2, '0')].filter(Boolean).join('-');
}
