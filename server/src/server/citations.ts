// Citations for the server: one CitationService (bibliography files, the bundled book's entries,
// the user's sources, a citeproc formatter) per workspace folder, configured from that folder's
// settings; the citation context of a note; bibliography problems published on their files.

import * as path from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Session } from './server';
import type { LanguageService } from '../core/service';
import type { Settings } from '../core/settings';
import type { CitationContext } from '../core/features/citations';
import { renderCitation } from '../core/features/citations';
import type { CitationService } from '../cite/service';
import type { Analysis } from '../core/analysis';

interface FolderCitations {
  svc: CitationService;
  service?: LanguageService;
}

export class CitationRegistry {
  private readonly folders = new Map<string, FolderCitations>();
  /** One context per analysed note version: hover, completion and diagnostics of a version share it. */
  private byAnalysis = new WeakMap<Analysis, Promise<CitationContext | undefined>>();

  constructor(private readonly session: Session) {}

  reset(): void {
    this.folders.clear();
    this.byAnalysis = new WeakMap();
  }

  /** The citation context of a note, or undefined where the host has no citation support. */
  contextFor(a: Analysis): Promise<CitationContext | undefined> {
    let p = this.byAnalysis.get(a);
    if (!p) this.byAnalysis.set(a, (p = this.compute(a)));
    return p;
  }

  private async compute(a: Analysis): Promise<CitationContext | undefined> {
    const { session } = this;
    if (!session.deps.citations) return undefined;
    const folder = session.registry.folderOf(a.uri);
    const key = folder?.uri ?? '';
    const settings = await session.registry.settingsFor(a.uri);
    const service = await session.registry.serviceFor(a.uri);
    let f = this.folders.get(key);
    if (!f) {
      const base = folder ? session.uris.toPath(folder.uri) : undefined;
      const svc = session.deps.citations(base);
      if (!svc) return undefined;
      f = { svc };
      this.folders.set(key, f);
      for (const n of svc.configure({ bibliography: settings.bibliography, style: settings.citation.style, locale: settings.citation.locale, includeBundled: settings.corpus.includeBundled })) {
        session.registry.reportOnce(`cite:${n}`, n, 'warning');
      }
    }
    if (f.service !== service) {
      f.service = service;
      f.svc.setSources(service.sources().filter((s) => !s.bundled).map((s) => ({ id: s.id, path: s.location, title: path.basename(s.location), kind: path.extname(s.location).slice(1) || 'text' })));
      this.renderInCards(f, service, settings);
    }
    const ctx = f.svc.contextFor({ path: session.uris.toPath(a.uri), text: a.text, languageId: a.languageId });
    this.publishProblems(f.svc);
    return ctx;
  }

  /** With a bibliography configured, cards and messages cite facts in the user's style. */
  private renderInCards(f: FolderCitations, service: LanguageService, settings: Settings): void {
    if (!settings.bibliography.length) {
      service.setCitationRenderer(undefined);
      return;
    }
    const cache = new Map<string, string | undefined>();
    service.setCitationRenderer((file, start) => {
      const at = service.citationAt(file, start);
      const k = `${file}\0${at?.chapter ?? ''}\0${at?.page ?? ''}\0${at?.pageLabel ?? ''}`;
      if (!cache.has(k)) {
        try {
          cache.set(k, renderCitation(f.svc.contextFor(), { sourceId: file, chapter: at?.chapter, page: at?.page, pageLabel: at?.pageLabel })?.bare);
        } catch (e) {
          this.session.logger.warn(`citation of ${file} failed: ${(e as Error).message}`);
          cache.set(k, undefined);
        }
      }
      return cache.get(k);
    });
  }

  private publishProblems(svc: CitationService): void {
    const byFile = new Map<string, { line: number; character: number; message: string }[]>();
    for (const p of svc.takeProblems()) {
      let list = byFile.get(p.file);
      if (!list) byFile.set(p.file, (list = []));
      list.push(p);
    }
    for (const [file, problems] of byFile) {
      void this.session.connection.sendDiagnostics({
        uri: this.session.uris.toUri(file),
        diagnostics: problems.map((p) => ({ range: { start: { line: p.line, character: p.character }, end: { line: p.line, character: p.character + 1 } }, message: p.message, severity: DiagnosticSeverity.Error, source: 'entente', code: 'bibliography' })),
      });
    }
  }
}
