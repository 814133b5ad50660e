// Publishing diagnostics: debounced per document, computed from the document's analysis at its
// folder's severities, and never for a source of the corpus (sources are the reference).

import type { Session } from './server';
import type { Analysis } from '../core/analysis';
import { Superseded, type LanguageService, type Severities } from '../core/service';
import type { CheckEnv } from '../core/features/checks/types';
import { languageOf } from '../core/languages';
import { toLspDiagnostic } from './convert';

export const DEBOUNCE_MS = 120;

export interface DocumentAnalysis {
  service: LanguageService;
  analysis: Analysis;
  severities: Severities;
  /** What the checks need beyond the note (its citation context), fetched on demand. */
  env(): Promise<CheckEnv>;
}

/** The analysis of an open document with the service of its folder; undefined when not analyzed. */
export async function analysisFor(session: Session, uri: string): Promise<DocumentAnalysis | undefined> {
  const doc = session.documents.get(uri);
  if (!doc) return undefined;
  const settings = await session.registry.settingsFor(uri);
  const languageId = languageOf(doc.languageId, uri);
  if (!settings.languages.includes(languageId)) return undefined;
  const service = await session.registry.serviceFor(uri);
  const analysis = await analyzeLatest(session, service, uri, languageId);
  if (!analysis) return undefined;
  let env: Promise<CheckEnv> | undefined;
  return { service, analysis, severities: settings.diagnostics, env: () =>
      (env ??= session.citations.contextFor(analysis).then(
        (citations) => ({ citations }),
        // Citations failing (a style that cannot be read, a broken library) never stop the other features.
        (e) => {
          session.logger.warn(`citations unavailable for ${uri}: ${(e as Error)?.message ?? e}`);
          return {};
        },
      )) };
}

/** Lets the event loop answer other messages between two steps of an analysis. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The analysis of the document's current version, computed in steps so that other requests (another
 * note's hover) are answered while a large note is analyzed. When the note changes meanwhile, the
 * older computation stops and the newest version is analyzed instead; undefined if it was closed.
 */
async function analyzeLatest(session: Session, service: LanguageService, uri: string, languageId: string): Promise<Analysis | undefined> {
  for (;;) {
    const doc = session.documents.get(uri);
    if (!doc) return undefined;
    try {
      return await service.analyzeStepped({ uri, version: doc.version, text: doc.getText(), languageId }, pause);
    } catch (e) {
      if (!(e instanceof Superseded)) throw e;
    }
  }
}

export class DiagnosticsPublisher {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly warnedLarge = new Set<string>();
  readonly publish: (uri: string) => Promise<void>;

  constructor(private readonly session: Session) {
    this.publish = session.safe('diagnostics', (uri: string) => this.run(uri), undefined);
  }

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    const t = this.pending.get(uri);
    if (t) clearTimeout(t);
    this.pending.set(uri, setTimeout(() => {
      this.pending.delete(uri);
      void this.publish(uri);
    }, delay));
  }

  /** A document was closed: nothing pending, nothing shown. */
  closed(uri: string): void {
    const t = this.pending.get(uri);
    if (t) clearTimeout(t);
    this.pending.delete(uri);
    this.warnedLarge.delete(uri);
    void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private async run(uri: string): Promise<void> {
    const { session } = this;
    const r = await analysisFor(session, uri);
    const doc = session.documents.get(uri);
    if (!doc) return; // closed while it was being analyzed
    if (!r) {
      void session.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const { service, analysis } = r;
    if (doc.version !== analysis.version) return; // a newer version is on its way
    if (analysis.skipped && !this.warnedLarge.has(uri)) {
      this.warnedLarge.add(uri);
      session.registry.reportOnce(`large:${uri}:${analysis.version}`, analysis.skipped, 'info');
    }
    // A source of the corpus is what notes are checked against, not a note.
    const path = session.uris.toPath(uri);
    const isSource = !!path && service.isSource(path);
    const diagnostics = isSource ? [] : service.diagnostics(analysis, r.severities, await r.env()).map((d) => toLspDiagnostic(service, session.uris, analysis, d));
    void session.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  }
}
