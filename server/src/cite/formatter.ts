// The core's CitationFormatter over citeproc-js, the CSL processor Zotero uses (and that Pandoc's
// citeproc follows), with the CSL styles and locales shipped in ./styles (CC BY-SA 3.0, from the
// Citation Style Language project, https://citationstyles.org/; see styles/README.md).
// `entente.citation.style` is a shipped name or a path to a .csl file; a style that cannot be read
// or run falls back to the default with one notice. Locales: en-US and en-GB.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFileSync } from '../node/safeRead';
import type { CSL as CSLType } from './libs';
import { citationLibs } from './lazyLibs';
import type { CitationFormatter, CiteItem, CiteOutput, CslItem } from '../core/cite/types';

/** A CSL style or locale file larger than this is not read. */
const MAX_STYLE_BYTES = 8 * 1024 * 1024;

// citeproc-js prints its warnings with console.log, which is the protocol's channel when the server
// speaks over stdio: they go to a logger instead (none by default).
let citeprocLog: ((message: string) => void) | undefined;
let citeproc: typeof CSLType | undefined;
/** citeproc-js, loaded on first use (it is most of the citation code's size). */
function CSL(): typeof CSLType {
  if (!citeproc) {
    citeproc = citationLibs().CSL;
    citeproc.debug = (message: string) => citeprocLog?.(message);
  }
  return citeproc;
}
/** Where citeproc-js's warnings go (the server's log); undefined drops them. */
export function setCiteprocLogger(log: ((message: string) => void) | undefined): void {
  citeprocLog = log;
}

export const SHIPPED_STYLES: Record<string, string> = {
  'chicago-author-date': 'chicago-author-date.csl',
  apa: 'apa.csl',
  'chicago-notes-bibliography': 'chicago-notes-bibliography.csl',
};
export const DEFAULT_STYLE = 'chicago-author-date';
export const SHIPPED_LOCALES = ['en-US', 'en-GB'];
export const DEFAULT_LOCALE = 'en-US';

/** The folder of the shipped styles: beside this module (tsc's out/), or the sources' folder from dist/ or out/. */
export function shippedStylesDir(): string {
  const candidates = [
    path.join(__dirname, 'styles'),
    path.join(__dirname, '..', 'server', 'src', 'cite', 'styles'),
    path.join(__dirname, '..', '..', '..', '..', 'server', 'src', 'cite', 'styles'),
    path.join(__dirname, '..', '..', '..', 'server', 'src', 'cite', 'styles'),
  ];
  return candidates.find((c) => fs.existsSync(path.join(c, SHIPPED_STYLES[DEFAULT_STYLE]))) ?? candidates[0];
}

export interface FormatterOptions {
  items: CslItem[];
  /** A shipped style's name or a path to a .csl file (relative paths against `baseDir`). */
  style?: string;
  locale?: string;
  baseDir?: string;
  stylesDir?: string;
  /** Reads a file as UTF-8 (tests pass their own). */
  readFile?: (file: string) => string;
  /** Called once per problem found later (a style that fails when first run). */
  onNotice?: (message: string) => void;
}

interface StyleSource {
  name: string;
  xml: string;
}

function styleTitle(xml: string): string | undefined {
  return /<title>([^<]{1,200})<\/title>/.exec(xml)?.[1];
}

/** Why an XML text is not a style citeproc can run on its own, or undefined if it looks like one. */
export function styleProblem(xml: string): string | undefined {
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) return 'it is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl">)';
  if (/rel="independent-parent"/.test(xml) && !/<citation\b/.test(xml)) return 'it is a dependent style (it names a parent style instead of defining citations); use its parent style';
  if (!/<citation\b/.test(xml)) return 'it defines no <citation>';
  return undefined;
}

/** Markdown from citeproc's HTML: italics and bold kept, other markup dropped, text escaped. */
export function htmlToMarkdown(html: string): string {
  let out = '';
  const re = /<(\/?)([a-z]+)\b[^>]*>|([^<]+)/gi;
  for (const m of html.matchAll(re)) {
    if (m[3] !== undefined) {
      out += decode(m[3]).replace(/([\\`*_[\]<>#])/g, '\\$1');
      continue;
    }
    const tag = m[2].toLowerCase();
    if (tag === 'i' || tag === 'em') out += '*';
    else if (tag === 'b' || tag === 'strong') out += '**';
  }
  return out.trim();
}

function decode(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
}

function styleError(out: string): string | undefined {
  return /\[CSL STYLE ERROR: ([^\]]*)\]/.exec(out)?.[1];
}

function stripEntry(html: string): string {
  return html.trim().replace(/^<div class="csl-entry">/, '').replace(/<\/div>$/, '').trim();
}

export class CiteprocFormatter implements CitationFormatter {
  private items = new Map<string, CslItem>();
  private fingerprints = new Map<string, string>();
  private engineCache: InstanceType<typeof CSLType.Engine> | undefined;
  private current: StyleSource;
  private readonly locales = new Map<string, string>();

  constructor(
    style: StyleSource,
    private readonly fallback: () => StyleSource,
    readonly locale: string,
    private readonly readLocale: (lang: string) => string | undefined,
    items: CslItem[],
    private readonly onNotice?: (message: string) => void,
  ) {
    this.current = style;
    this.setItems(items);
  }

  get style(): string {
    return this.current.name;
  }

  get noteStyle(): boolean {
    return /citation-format="note"/.test(this.current.xml);
  }

  /** Replaces the items the formatter knows (the library changed); the style stays loaded. */
  setItems(items: CslItem[]): void {
    // citeproc annotates the items it is given; it gets copies.
    const before = this.fingerprints;
    this.fingerprints = new Map(items.map((i) => [String(i.id), JSON.stringify(i)]));
    this.items = new Map(items.map((i) => [String(i.id), JSON.parse(this.fingerprints.get(String(i.id))!) as CslItem]));
    if (!this.engineCache) return;
    // citeproc keeps what it rendered for an item: a changed or removed item needs a new engine
    // (seconds for a large style); new items alone keep it.
    const changed = [...before].some(([id, json]) => json !== this.fingerprints.get(id));
    if (changed) this.engineCache = undefined;
    else (this.engineCache as unknown as { tmp: { loadedItemIDs: Record<string, boolean> } }).tmp.loadedItemIDs = {};
  }

  /** Builds the citeproc engine now (it is otherwise built on first use). */
  warm(): void {
    this.engine();
  }

  private engine(): InstanceType<typeof CSLType.Engine> {
    if (this.engineCache) return this.engineCache;
    const sys = {
      retrieveLocale: (lang: string) => {
        if (!this.locales.has(lang)) this.locales.set(lang, this.readLocale(lang) ?? this.readLocale(DEFAULT_LOCALE) ?? '');
        return this.locales.get(lang);
      },
      retrieveItem: (id: string) => this.items.get(id),
    };
    try {
      this.engineCache = new (CSL().Engine)(sys, this.current.xml, this.locale, true);
    } catch (e) {
      this.fallBack(e instanceof Error ? e.message.split('\n')[0] : String(e));
      this.engineCache = new (CSL().Engine)(sys, this.current.xml, this.locale, true);
    }
    return this.engineCache;
  }

  /** The style failed (citeproc threw, or printed its "[CSL STYLE ERROR: …]"): the default from now on, said once. */
  private fallBack(why: string): boolean {
    if (this.usingFallback) return false;
    const bad = this.current.name;
    this.current = this.fallback();
    this.usingFallback = true;
    this.engineCache = undefined;
    this.onNotice?.(`Citation style “${bad}” could not be run (${why}); using ${this.current.name}.`);
    return true;
  }

  private usingFallback = false;

  private run<T>(f: () => T, failed: (v: T) => string | undefined): T {
    let v: T;
    try {
      v = f();
    } catch (e) {
      if (!this.fallBack(e instanceof Error ? e.message.split('\n')[0] : String(e))) throw e;
      return f();
    }
    const why = failed(v);
    if (why && this.fallBack(why)) return f();
    return v;
  }

  private known(items: { id: string }[]): boolean {
    return items.length > 0 && items.every((i) => this.items.has(i.id));
  }

  cite(items: CiteItem[], format: CiteOutput): string {
    if (!this.known(items)) return '';
    const out = this.run(
      () => {
        const e = this.engine();
        e.setOutputFormat(format === 'text' ? 'text' : 'html');
        return e.makeCitationCluster(items.map((i) => ({ id: i.id, ...(i.locator ? { locator: i.locator, label: i.label ?? 'page' } : {}) })));
      },
      styleError,
    );
    return format === 'markdown' ? htmlToMarkdown(out) : out.trim();
  }

  bibliography(ids: string[], format: CiteOutput): string[] {
    const known = ids.filter((id) => this.items.has(id));
    if (!known.length) return [];
    const bib = this.run(
      () => {
        const e = this.engine();
        e.setOutputFormat(format === 'text' ? 'text' : 'html');
        e.updateItems(known);
        return e.makeBibliography();
      },
      (b) => (b ? b[1].map(styleError).find(Boolean) : undefined),
    );
    if (!bib) return [];
    return bib[1].map((s) => (format === 'text' ? s.trim() : format === 'markdown' ? htmlToMarkdown(stripEntry(s)) : stripEntry(s)));
  }
}

/**
 * A formatter for these items in the chosen style and locale. `notices`: what was wrong with the
 * settings (unknown style or locale), each once; the formatter then uses the default.
 */
export function createCitationFormatter(opts: FormatterOptions): { formatter: CiteprocFormatter; notices: string[] } {
  // A style or locale is XML of at most a few hundred KB; read through the one safe read.
  const read = opts.readFile ?? ((f: string) => Buffer.from(readRegularFileSync(f, { maxBytes: MAX_STYLE_BYTES })).toString('utf8'));
  const dir = opts.stylesDir ?? shippedStylesDir();
  const notices: string[] = [];
  const shipped = (name: string): StyleSource => ({ name, xml: read(path.join(dir, SHIPPED_STYLES[name])) });
  let style: StyleSource | undefined;
  const wanted = (opts.style ?? '').trim();
  if (!wanted || SHIPPED_STYLES[wanted]) {
    style = shipped(wanted || DEFAULT_STYLE);
  } else if (/\.csl$/i.test(wanted) || /[\\/]/.test(wanted)) {
    const file = path.isAbsolute(wanted) ? wanted : path.join(opts.baseDir ?? '.', wanted);
    try {
      const xml = read(file);
      const problem = styleProblem(xml);
      if (problem) notices.push(`Citation style ${file} cannot be used: ${problem}. Using ${DEFAULT_STYLE}.`);
      else style = { name: styleTitle(xml) ?? path.basename(file), xml };
    } catch (e) {
      notices.push(`Citation style ${file} cannot be read (${e instanceof Error ? e.message : String(e)}). Using ${DEFAULT_STYLE}.`);
    }
  } else {
    notices.push(`Unknown citation style “${wanted}”: the shipped styles are ${Object.keys(SHIPPED_STYLES).join(', ')}, or give a path to a .csl file. Using ${DEFAULT_STYLE}.`);
  }
  if (!style) style = shipped(DEFAULT_STYLE);
  let locale = (opts.locale ?? '').trim() || DEFAULT_LOCALE;
  const match = SHIPPED_LOCALES.find((l) => l.toLowerCase() === locale.toLowerCase().replace('_', '-'));
  if (!match) {
    notices.push(`Unknown citation locale “${locale}”: the shipped locales are ${SHIPPED_LOCALES.join(', ')}. Using ${DEFAULT_LOCALE}.`);
    locale = DEFAULT_LOCALE;
  } else locale = match;
  const readLocale = (lang: string): string | undefined => {
    const l = SHIPPED_LOCALES.find((x) => x.toLowerCase() === lang.toLowerCase()) ?? (lang.toLowerCase().startsWith('en') ? DEFAULT_LOCALE : undefined);
    if (!l) return undefined;
    try {
      return read(path.join(dir, `locales-${l}.xml`));
    } catch {
      return undefined;
    }
  };
  const formatter = new CiteprocFormatter(style, () => shipped(DEFAULT_STYLE), locale, readLocale, opts.items, opts.onNotice);
  return { formatter, notices };
}
