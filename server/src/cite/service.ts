// Citations for one workspace folder, ready for the adapters: the bibliography files of the
// settings (and of a note's front matter), the bundled book's own entries, the user's sources, one
// formatter for the chosen style and locale. Files are parsed once and again only when their size
// or modification time changes; each problem (a broken entry, a missing file, an unknown style) is
// handed out once.

import * as fs from 'node:fs';
import { readRegularFileSync } from '../node/safeRead';
import * as path from 'node:path';
import type { BibEntry, BibProblem, Bibliography, SourceInfo } from '../core/cite/types';
import { buildCitationLibrary, sourceInfoFromManifest, type CitationLibrary } from '../core/cite/library';
import { readFrontMatter } from '../core/cite/frontmatter';
import type { CitationContext } from '../core/features/citations';
import { loadBibliographies } from './load';
import { createCitationFormatter, type CiteprocFormatter } from './formatter';
import { bundledCorpusDir } from '../node/nodeFs';
import { pushAll } from '../core/arrays';

export interface CitationSettings {
  /** `entente.bibliography`: a file or a list, relative to the workspace folder. */
  bibliography: string | string[];
  /** `entente.citation.style`: a shipped name or a .csl path (relative to the workspace folder). */
  style: string;
  /** `entente.citation.locale`. */
  locale: string;
  /** `entente.corpus.includeBundled`: the bundled book's entries come with it. */
  includeBundled: boolean;
}

export interface CitationServiceOptions {
  workspaceFolder: string;
  /** The bundled corpus folder (with manifest.json and bibliography.json). */
  seedsDir?: string;
  /** citeproc-js and parse notices for the server's log. */
  log?: (message: string) => void;
}

interface CachedFile {
  size: number;
  mtimeMs: number;
  bib: Bibliography;
}

export class CitationService {
  private settings: CitationSettings = { bibliography: [], style: '', locale: '', includeBundled: true };
  private sources: SourceInfo[] = [];
  private sourcesVersion = 0;
  private readonly files = new Map<string, CachedFile>();
  private readonly libraries = new Map<string, CitationLibrary>();
  private formatter: CiteprocFormatter | undefined;
  private readonly formatterItems = new Map<string, string>();
  private readonly reported = new Set<string>();
  private pending: BibProblem[] = [];
  private notices: string[] = [];
  private bundled: SourceInfo | undefined;

  constructor(private readonly opts: CitationServiceOptions) {}

  /** New settings; returns the notices they cause (unknown style or locale), each once. */
  configure(settings: CitationSettings): string[] {
    const styleChanged = settings.style !== this.settings.style || settings.locale !== this.settings.locale;
    this.settings = settings;
    this.libraries.clear();
    if (styleChanged || !this.formatter) {
      const { formatter, notices } = createCitationFormatter({
        items: [],
        style: settings.style,
        locale: settings.locale,
        baseDir: this.opts.workspaceFolder,
        onNotice: (m) => this.notice(m),
      });
      this.formatter = formatter;
      this.formatterItems.clear();
      for (const n of notices) this.notice(n);
    }
    return this.takeNotices();
  }

  /** The user's sources (from the source readers: id, path, metadata). */
  setSources(sources: SourceInfo[]): void {
    this.sources = sources;
    this.sourcesVersion++;
    this.libraries.clear();
  }

  /** A bibliography file changed on disk (a watcher saw it); it is read again on next use. */
  invalidate(file?: string): void {
    if (file) this.files.delete(path.resolve(file));
    else this.files.clear();
    this.libraries.clear();
  }

  private notice(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.notices.push(message);
  }

  /** Notices not yet shown (style, locale, a style that failed when run). */
  takeNotices(): string[] {
    const n = this.notices;
    this.notices = [];
    return n;
  }

  /** Bibliography problems (file, 0-based line and character, message) not yet reported. */
  takeProblems(): BibProblem[] {
    const p = this.pending;
    this.pending = [];
    return p;
  }

  private bundledSource(): SourceInfo | undefined {
    if (this.bundled) return this.bundled;
    const dir = this.opts.seedsDir ?? bundledCorpusDir();
    try {
      this.bundled = sourceInfoFromManifest(JSON.parse(Buffer.from(readRegularFileSync(path.join(dir, 'manifest.json'), { maxBytes: 1024 * 1024 })).toString('utf8')));
    } catch {
      this.bundled = undefined;
    }
    return this.bundled;
  }

  private read(file: string): Bibliography {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(file);
    } catch {
      st = undefined;
    }
    const cached = this.files.get(file);
    if (cached && st && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.bib;
    const bib = loadBibliographies([file], { baseDir: this.opts.workspaceFolder });
    if (st) this.files.set(file, { size: st.size, mtimeMs: st.mtimeMs, bib });
    else this.files.delete(file);
    for (const p of bib.problems) {
      const key = `${p.file}:${p.line}:${p.character}:${p.message}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.pending.push(p);
    }
    return bib;
  }

  /** The files a note's citations resolve against: the settings', the bundled book's, its front matter's. */
  bibliographyFiles(note?: { path?: string; text: string; languageId?: string }): string[] {
    const setting = this.settings.bibliography;
    const list = (Array.isArray(setting) ? setting : setting ? [setting] : []).filter((f) => typeof f === 'string' && f.trim());
    const files = list.map((f) => path.resolve(this.opts.workspaceFolder, f));
    if (this.settings.includeBundled) files.push(path.join(this.opts.seedsDir ?? bundledCorpusDir(), 'bibliography.json'));
    if (note && (note.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(note.path ?? ''))) {
      const fm = readFrontMatter(note.text);
      const base = note.path ? path.dirname(note.path) : this.opts.workspaceFolder;
      for (const b of fm?.bibliography ?? []) files.push(path.resolve(base, b.path));
    }
    return [...new Set(files)];
  }

  /** The citation context for a note (or the workspace when no note is given). */
  contextFor(note?: { path?: string; text: string; languageId?: string }): CitationContext {
    const files = this.bibliographyFiles(note);
    const entries: BibEntry[] = [];
    const problems: BibProblem[] = [];
    for (const f of files) {
      const b = this.read(f);
      pushAll(entries, b.entries);
      pushAll(problems, b.problems);
    }
    const key = `${this.sourcesVersion}\0${files.join('\0')}\0${files.map((f) => this.files.get(f)?.mtimeMs ?? 0).join(',')}`;
    let library = this.libraries.get(key);
    if (!library) {
      const sources = this.settings.includeBundled && this.bundledSource() ? [...this.sources, this.bundledSource()!] : this.sources;
      library = buildCitationLibrary({ entries, problems }, sources);
      if (this.libraries.size > 16) this.libraries.clear();
      this.libraries.set(key, library);
      this.feed(library);
    }
    if (!this.formatter) this.configure(this.settings);
    return { library, formatter: this.formatter! };
  }

  /** Gives the formatter every item it may be asked for (the union over libraries; a changed one replaces). */
  private feed(library: CitationLibrary): void {
    let changed = false;
    for (const e of library.entries) {
      const json = JSON.stringify(e.item);
      if (this.formatterItems.get(e.key) !== json) {
        this.formatterItems.set(e.key, json);
        changed = true;
      }
    }
    if (changed) this.formatter?.setItems([...this.formatterItems.values()].map((j) => JSON.parse(j)));
  }
}
