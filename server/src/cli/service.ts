// The CLI's one door into the engine: load it, check a note, look up a name. Everything else in
// the CLI speaks the plain types below, so moving to another engine entry point is an edit here.

import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, ShippedSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { createLanguageService, type LanguageService } from '../core/service';
import { createNodeReaders } from '../sources';
import * as path from 'path';
import type { Settings, Severity, DiagnosticCode } from '../core/settings';
import type { Dictionary } from '../core/knowledge/dictionary';

/** A problem with 0-based lines and UTF-16 characters, as LSP counts them. */
export interface CliDiagnostic {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

export interface CliEntity {
  kind: string;
  text: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  id: string | null;
  name: string | null;
  value: string | null;
}

export interface NoteResult {
  diagnostics: CliDiagnostic[];
  /** Organizations, treaties and dates in the order of the note, made as they are read. */
  entities: () => Iterable<CliEntity>;
  /** Set when the note was not analyzed, with the reason. */
  skipped?: string;
}

export interface LookupEntity {
  id: string;
  kind: string;
  name: string;
  acronyms: string[];
  origin: string;
  /** The full card (names, facts with their sources, defining passage), in Markdown. */
  card: string;
}

export interface Service {
  check(uri: string, text: string, languageId: string): NoteResult;
  /** The entity named so (by name, alias or acronym), if any. */
  resolve(name: string): LookupEntity | undefined;
  /** The entities whose names are nearest a name nothing has, best first ("did you mean"). */
  suggest(name: string, limit: number): { id: string; name: string; acronyms: string[] }[];
}

export interface ServiceOptions {
  settings: Settings;
  corpusPaths: string[];
  dictionary?: Dictionary;
  cache: boolean;
}

export async function openService(options: ServiceOptions): Promise<{ service: Service; problems: { path: string; message: string }[] }> {
  const { service, problems } = await createLanguageService({
    fs: new NodeFileSystem(),
    bundledDir: bundledCorpusDir(),
    corpusPaths: options.corpusPaths,
    settings: options.settings,
    dictionary: options.dictionary,
    // The index's records of unchanged sources are read back instead of rebuilt (ENTENTE_CACHE_DIR),
    // or, for the bundled corpus, the records shipped in the package.
    snapshots: options.cache ? new ShippedSnapshotStore(new DiskSnapshotStore(path.join(defaultCacheDir(), 'index'))) : undefined,
    // PDF, Word and web pages in --corpus folders: read in this process (a batch run), extractions persisted with the index.
    corpus: { readers: createNodeReaders({ workers: 0, cacheDir: options.cache ? path.join(defaultCacheDir(), 'extractions') : undefined }).readers },
  });
  return { service: new CliService(service, options.settings), problems };
}

class CliService implements Service {
  constructor(private readonly ls: LanguageService, private readonly settings: Settings) {}

  check(uri: string, text: string, languageId: string): NoteResult {
    const ls = this.ls;
    const a = ls.analyze({ uri, version: 0, text, languageId });
    const found = ls.diagnostics(a, this.settings.diagnostics);
    // The CLI reads each note once: keep no analysis alive after it.
    ls.forget(uri);
    const lines = a.lines;
    const diagnostics = found.map((d) => {
      const s = lines.positionAt(d.start);
      const e = lines.positionAt(d.end);
      return { line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, severity: d.severity, code: d.code as DiagnosticCode, message: d.message };
    });
    function* entities(): Iterable<CliEntity> {
      // Entities and dates are each in the order of the note: merged, not sorted.
      const es = a.entities;
      const ds = a.dates;
      let i = 0;
      let j = 0;
      while (i < es.length || j < ds.length) {
        if (j >= ds.length || (i < es.length && es[i].start <= ds[j].start)) {
          const m = es[i++];
          const s = lines.positionAt(m.start);
          const e = lines.positionAt(m.end);
          yield { kind: m.kind, text: m.text, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, id: m.entityId, name: ls.entityName(m.entityId) ?? null, value: null };
        } else {
          const d = ds[j++];
          const s = lines.positionAt(d.start);
          const e = lines.positionAt(d.end);
          yield { kind: 'date', text: d.text, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, id: null, name: null, value: d.value };
        }
      }
    }
    return { diagnostics, entities, skipped: a.skipped };
  }

  resolve(name: string): LookupEntity | undefined {
    const card = this.ls.lookup(name);
    if (!card) return undefined;
    const e = this.ls.names().find((n) => n.id === card.id);
    return { id: card.id, kind: e?.kind ?? 'organization', name: card.name, acronyms: e?.acronyms ?? [], origin: e?.origin ?? 'catalog', card: card.markdown };
  }

  suggest(name: string, limit: number): { id: string; name: string; acronyms: string[] }[] {
    const all = this.ls.names();
    const out: { id: string; name: string; acronyms: string[] }[] = [];
    // The service suggests names and acronyms; each stands for its entity, listed once.
    for (const n of this.ls.suggestions(name, limit * 2)) {
      const e = all.find((x) => x.name === n) ?? all.find((x) => x.acronyms.includes(n));
      if (e && !out.some((o) => o.id === e.id)) out.push({ id: e.id, name: e.name, acronyms: e.acronyms });
    }
    return out.slice(0, limit);
  }
}
