// The CLI's one door into the engine: load it, check a note, look up a name. Everything else in
// the CLI speaks the plain types below, so moving to another engine entry point is an edit here.

import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { loadEngine } from '../core/load';
import type { Engine } from '../core/engine';
import type { Settings, Severity, DiagnosticCode } from '../core/settings';
import type { Dictionary } from '../core/knowledge/dictionary';
import type { KnowledgeEntity } from '../core/knowledge/kb';
import { entityCard } from '../core/features/hover';

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
  aliases: string[];
  description: string | null;
  origin: string;
  predecessors: string[];
  successors: string[];
  events: { type: string; date: string; party: string | null; label: string | null; source: string | null }[];
  definitions: { source: string | null; quote: string | null }[];
}

export interface Service {
  check(uri: string, text: string, languageId: string): NoteResult;
  /** The entity named so (by name, alias or acronym), if any. */
  resolve(name: string): LookupEntity | undefined;
  /** The card of an entity, in Markdown. */
  card(id: string): string;
  /** Every entity, with its other names, for "did you mean". */
  names(): { id: string; name: string; acronyms: string[]; others: string[] }[];
}

export interface ServiceOptions {
  settings: Settings;
  corpusPaths: string[];
  dictionary?: Dictionary;
  cache: boolean;
}

export async function openService(options: ServiceOptions): Promise<{ service: Service; problems: { path: string; message: string }[] }> {
  const { engine, problems } = await loadEngine({
    fs: new NodeFileSystem(),
    bundledDir: bundledCorpusDir(),
    corpusPaths: options.corpusPaths,
    settings: options.settings,
    dictionary: options.dictionary,
    // The index of an unchanged corpus is read back instead of rebuilt (ENTENTE_CACHE_DIR).
    snapshots: options.cache ? new DiskSnapshotStore(defaultCacheDir()) : undefined,
  });
  return { service: new EngineService(engine), problems };
}

class EngineService implements Service {
  constructor(private readonly engine: Engine) {}

  check(uri: string, text: string, languageId: string): NoteResult {
    const engine = this.engine;
    const a = engine.analyze({ uri, version: 0, text, languageId });
    // The CLI reads each note once: keep no analysis alive after it.
    engine.forget(uri);
    const lines = a.lines;
    const diagnostics = a.diagnostics.map((d) => {
      const s = lines.positionAt(d.start);
      const e = lines.positionAt(d.end);
      return { line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, severity: d.severity, code: d.code, message: d.message };
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
          yield { kind: m.kind, text: m.text, line: s.line, character: s.character, endLine: e.line, endCharacter: e.character, id: m.entityId, name: engine.kb.get(m.entityId)?.name ?? null, value: null };
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
    const e = this.engine.kb.resolveName(name);
    return e && this.describe(e);
  }

  card(id: string): string {
    const e = this.engine.kb.get(id);
    return e ? entityCard(this.engine, e) : '';
  }

  names(): { id: string; name: string; acronyms: string[]; others: string[] }[] {
    return this.engine.kb.list().map((e) => ({ id: e.id, name: e.name, acronyms: e.acronyms, others: [...e.acronyms, ...e.aliases] }));
  }

  private describe(e: KnowledgeEntity): LookupEntity {
    const cite = (p: KnowledgeEntity['definitions'][number]) => this.engine.citeLabel(p) ?? (p.origin === 'dictionary' ? 'your dictionary' : null);
    return {
      id: e.id,
      kind: e.kind,
      name: e.name,
      acronyms: e.acronyms,
      aliases: e.aliases,
      description: e.description ?? null,
      origin: e.origin,
      predecessors: e.predecessors,
      successors: e.successors,
      events: e.events.map((ev) => ({ type: ev.type, date: ev.date, party: ev.party ?? null, label: ev.label ?? null, source: cite(ev.provenance) })),
      definitions: e.definitions.map((d) => ({ source: cite(d), quote: d.quote ?? null })),
    };
  }
}
