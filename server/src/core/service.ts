// The language service: the one entry to the core for the LSP server, the CLI and the tests, in
// the manner of Microsoft's markdown language service. It owns an engine (corpus, knowledge,
// caches) and answers in core terms — offsets into a note or a source, never LSP positions; the
// adapters convert (text/positions.ts).

import type { Span } from './types';
import type { Analysis, NoteInput } from './analysis';
import { Engine } from './engine';
import { loadEngine, type LoadOptions } from './load';
import type { LoadProblem } from './corpus/loader';
import { decodeText } from './corpus/loader';
import type { FileSystem } from './host';
import type { LineIndex } from './text/positions';
import { computeDiagnostics, type Diagnostic, type SeveritySetting } from './features/diagnostics';
import type { CheckEnv } from './features/checks/types';
import { hover, entityCard, type CommandLinks, type Hover } from './features/hover';
import { definition, references, highlights, entityAt, symbolTarget, type Definition, type Reference } from './features/navigation';
import { completion, documentSymbols, workspaceSymbols, semanticTokens, type CompletionItem, type DocumentSymbol, type SemanticToken } from './features/writing';
import { codeActions, type CodeAction } from './features/actions';
import { findNoteFiles, type NoteWalkOptions } from './workspace';
import { noteEntities, noteTimeline, entityTimeline, type NoteEntityGroup, type TimelineEntry } from './features/overview';
import { nearestNames } from './text/fuzzy';
import { languageOfPath } from './languages';
import type { EntityKind } from './types';

export { Superseded } from './engine';
export type Severities = Partial<Record<string, SeveritySetting>>;

export interface ServiceStatus {
  files: number;
  characters: number;
  entities: number;
  ms: number;
  restored: boolean;
}

export interface WorkspaceSymbol {
  entityId: string;
  name: string;
  kind: EntityKind;
  target: { file: string } & Span;
}

export interface SourceInfo {
  /** Where the adapter opens it (a path or URI string). */
  location: string;
  lines: LineIndex;
  /** 'text', 'markdown', 'pdf', 'docx', 'html'. */
  format: string;
  /** The page (1-based, as the file counts them) holding an offset, where the source has pages. */
  pageAt(offset: number): number | undefined;
}

/** Builds a language service from the outside world (files, settings, dictionary, index store). */
export async function createLanguageService(options: LoadOptions): Promise<{ service: LanguageService; problems: LoadProblem[] }> {
  const { engine, problems } = await loadEngine(options);
  return { service: new LanguageService(engine), problems };
}

export class LanguageService {
  private readonly diagnosticsCache = new WeakMap<Analysis, { key: string; env: unknown; diagnostics: Diagnostic[] }>();
  private readonly sourceLocations: Set<string>;

  /** Tests and benchmarks may wrap an engine they built; adapters use createLanguageService. */
  constructor(private readonly engine: Engine) {
    this.sourceLocations = new Set(engine.corpus.documents.map((d) => d.source.location));
  }

  // -- documents ---------------------------------------------------------------------------

  /** The analysis of a note version, computed once and cached by uri and version. */
  analyze(note: NoteInput): Analysis {
    return this.engine.analyze(note);
  }

  /**
   * The same analysis in steps, `pause()` awaited between them so that a host can answer other
   * requests while a large note is analyzed; shared by every caller of one version; rejects with
   * Superseded when a newer version of the note started.
   */
  analyzeStepped(note: NoteInput, pause: () => Promise<void>): Promise<Analysis> {
    return this.engine.analyzeStepped(note, pause);
  }

  /** A note closed in the editor: its cached analysis and paragraphs are dropped. */
  forget(uri: string): void {
    this.engine.forget(uri);
  }

  /** Whether a file (by the location its source was read from) is a source, not a note. */
  isSource(location: string): boolean {
    return this.sourceLocations.has(location);
  }

  source(file: string): SourceInfo | undefined {
    const doc = this.engine.document(file);
    if (!doc) return undefined;
    const format = doc.citation(0).format ?? 'text';
    return { location: doc.source.location, lines: doc.lines, format, pageAt: (offset) => doc.pageAt(offset)?.number };
  }

  /** Where a fact of a source sits: its chapter and page (for citing it). */
  citationAt(file: string, offset: number): { chapter?: string; page?: number; pageLabel?: string } | undefined {
    const c = this.engine.document(file)?.citation(offset);
    return c ? { chapter: c.chapter, page: c.page, pageLabel: c.pageLabel } : undefined;
  }

  /** A source's text as its file reads (for a read-only view of it), by the location it was read from. */
  sourceText(location: string): { text: string; languageId: string } | undefined {
    const doc = this.engine.corpus.documents.find((d) => d.source.location === location);
    return doc ? { text: doc.text, languageId: languageOfPath(location) ?? 'plaintext' } : undefined;
  }

  status(): ServiceStatus {
    const e = this.engine;
    return { files: e.corpus.documents.length, characters: e.corpus.size, entities: e.kb.list().length, ms: e.buildMs, restored: e.restored };
  }

  /**
   * The notes of a workspace that are not open (read through `fs`, analyzed fresh and not kept:
   * closed files change without telling us), for references across the workspace.
   */
  async closedNotes(fs: FileSystem, roots: string[], options: NoteWalkOptions & { open: Set<string>; toUri(path: string): string }): Promise<Analysis[]> {
    const out: Analysis[] = [];
    for (const f of await findNoteFiles(fs, roots, { ...options, exclude: this.sourceLocations })) {
      const uri = options.toUri(f.path);
      if (options.open.has(uri)) continue;
      try {
        const text = decodeText(await fs.readFile(f.path)).text;
        out.push(this.engine.analyzeUncached({ uri, version: -1, text, languageId: languageOfPath(f.path) ?? 'plaintext' }));
      } catch {
        /* unreadable: skipped, as the walk skips what it cannot list */
      }
    }
    return out;
  }

  // -- features ----------------------------------------------------------------------------

  /** Diagnostics of an analysis at the given severities, cached per analysis and severities. */
  diagnostics(a: Analysis, severities: Severities = {}, env: CheckEnv = {}): Diagnostic[] {
    const key = JSON.stringify(severities);
    const hit = this.diagnosticsCache.get(a);
    if (hit && hit.key === key && hit.env === env.citations?.library) return hit.diagnostics;
    const diagnostics = computeDiagnostics(this.engine, a, severities, env);
    this.diagnosticsCache.set(a, { key, env: env.citations?.library, diagnostics });
    return diagnostics;
  }

  /**
   * Renders the citation of a place in a source (the user's citation style); cards and messages use
   * it instead of "Author, line N" where it answers. Set by an adapter that has a bibliography.
   */
  setCitationRenderer(render: ((file: string, start: number, end: number) => string | undefined) | undefined): void {
    this.engine.citationRenderer = render;
  }

  hover(a: Analysis, offset: number, links?: CommandLinks): Hover | undefined {
    return hover(this.engine, a, offset, links);
  }

  definition(a: Analysis, offset: number): Definition | undefined {
    return definition(this.engine, a, offset);
  }

  entityAt(a: Analysis, offset: number): string | undefined {
    return entityAt(a, offset);
  }

  references(entityId: string, notes: Analysis[]): Reference[] {
    return references(this.engine, entityId, notes);
  }

  highlights(a: Analysis, offset: number): Span[] {
    return highlights(a, offset);
  }

  completion(a: Analysis, offset: number): CompletionItem[] {
    return completion(this.engine, a, offset);
  }

  codeActions(a: Analysis, range: Span, severities: Severities = {}, env: CheckEnv = {}): CodeAction[] {
    return codeActions(this.engine, a, range, this.diagnostics(a, severities, env));
  }

  /** What to cite for a place in a note: the defining source of the entity there, or the source a date-conflict quotes. */
  citationTargets(a: Analysis, range: Span, severities: Severities = {}, env: CheckEnv = {}): { at: number; file: string; start: number; end: number; chapter?: string }[] {
    const out: { at: number; file: string; start: number; end: number; chapter?: string }[] = [];
    const chapter = (file: string, start: number) => this.engine.document(file)?.citation(start).chapter;
    for (const d of this.diagnostics(a, severities, env)) {
      if (d.code !== 'date-conflict' || d.end < range.start || d.start > range.end) continue;
      const r = d.related.find((x) => x.file);
      if (r?.file) out.push({ at: d.end, file: r.file, start: r.start, end: r.end, chapter: chapter(r.file, r.start) });
    }
    const m = a.entities.find((e) => e.start <= range.end && e.end >= range.start);
    const e = m && this.engine.kb.get(m.entityId);
    const def = e?.definitions.find((x) => x.source);
    if (m && def?.source) out.push({ at: m.end, file: def.source.file, start: def.source.start, end: def.source.end, chapter: chapter(def.source.file, def.source.start) });
    return out;
  }

  /** The sources, for matching them to bibliography entries. */
  sources(): { id: string; location: string; bundled: boolean }[] {
    return this.engine.corpus.documents.map((d) => ({ id: d.id, location: d.source.location, bundled: !!d.source.bundled }));
  }

  documentSymbols(a: Analysis): DocumentSymbol[] {
    return documentSymbols(this.engine, a);
  }

  /** Named entities matching a query, each with the place to go to: its defining passage, else its first corpus mention. */
  workspaceSymbols(query: string): WorkspaceSymbol[] {
    return workspaceSymbols(this.engine, query).flatMap((e) => {
      const target = symbolTarget(this.engine, e);
      return target ? [{ entityId: e.id, name: e.acronyms.length ? `${e.name} (${e.acronyms[0]})` : e.name, kind: e.kind, target }] : [];
    });
  }

  semanticTokens(a: Analysis): SemanticToken[] {
    return semanticTokens(this.engine, a);
  }

  /** The (full) card of the organization or treaty a name or acronym names. */
  lookup(name: string, links?: CommandLinks): { id: string; name: string; markdown: string } | undefined {
    const e = this.engine.kb.resolveName(name);
    return e ? { id: e.id, name: e.name, markdown: entityCard(this.engine, e, links, { full: true }) } : undefined;
  }

  /** Known names nearest a name nothing has ("did you mean"). */
  suggestions(name: string, limit = 5): string[] {
    const names = this.engine.kb.list().flatMap((e) => [e.name, ...e.acronyms]);
    return nearestNames(name, names, limit);
  }

  /** An entity's card by id: compact (as the hover shows it) or full (the side view). */
  card(entityId: string, options: { full?: boolean; links?: CommandLinks } = {}): { id: string; name: string; markdown: string } | undefined {
    const e = this.engine.kb.get(entityId);
    return e ? { id: e.id, name: e.name, markdown: entityCard(this.engine, e, options.links, { full: options.full }) } : undefined;
  }

  /** Every known organization and treaty, for pickers. */
  names(): { id: string; name: string; acronyms: string[]; kind: EntityKind; origin: 'catalog' | 'learned' | 'dictionary' }[] {
    return this.engine.kb.list().map((e) => ({ id: e.id, name: e.name, acronyms: [...e.acronyms], kind: e.kind, origin: e.origin }));
  }

  /** The entities a note names, grouped by kind. */
  noteEntities(a: Analysis): NoteEntityGroup[] {
    return noteEntities(this.engine, a);
  }

  /** Every dated event of a note in order, with the note's problems at the severities given. */
  noteTimeline(a: Analysis, severities: Severities = {}): TimelineEntry[] {
    return noteTimeline(this.engine, a, this.diagnostics(a, severities));
  }

  /** One body's facts across the sources, in date order. */
  entityTimeline(entityId: string): TimelineEntry[] {
    return entityTimeline(this.engine, entityId);
  }

  /** The canonical name of an entity (for the CLI's entity listing). */
  entityName(id: string): string | undefined {
    return this.engine.kb.get(id)?.name;
  }
}
