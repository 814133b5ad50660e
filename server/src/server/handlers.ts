// The handlers: look up the document's analysis, convert the position, call the core, convert the
// answer. Each is wrapped by `session.safe`, requests and notifications alike.

import type { Location, CancellationToken } from 'vscode-languageserver/node';
import type { Session } from './server';
import { revalidateAll } from './server';
import { analysisFor, DEBOUNCE_MS } from './publish';
import type { LanguageService } from '../core/service';
import {
  cardLinks,
  encodeSemanticTokens,
  sourceLocation,
  toCompletionItem,
  toDefinition,
  toDocumentSymbol,
  toLspCodeAction,
  toWorkspaceSymbol,
  toMarkup,
  toCitekeyItem,
} from './convert';
import { registerRequests } from './requests';
import { citationCompletion, citationDefinition, citationHover, insertCitationAction, type CitationContext } from '../core/features/citations';
import type { CodeAction } from '../core/features/actions';
import type { CheckEnv } from '../core/features/checks/types';
import type { Analysis } from '../core/analysis';
import type { Span } from '../core/types';
import type { Severities } from '../core/service';
import { pushAll } from '../core/arrays';

type Pos = { textDocument: { uri: string }; position: { line: number; character: number } };

export function registerHandlers(session: Session): void {
  const { connection, documents, registry, safe } = session;
  const at = async (p: Pos) => {
    const r = await analysisFor(session, p.textDocument.uri);
    return r && { ...r, offset: r.analysis.lines.offsetAt(p.position) };
  };

  // An opened note is analyzed at once; edits are debounced. (The library fires a content change
  // right after each open: that one must not put the opened note's first diagnostics 120 ms later.)
  const opened = new Set<string>();
  documents.onDidOpen((e) => {
    opened.add(e.document.uri);
    session.diagnostics.schedule(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    if (opened.delete(e.document.uri)) return;
    session.diagnostics.schedule(e.document.uri);
  });
  documents.onDidClose(safe('didClose', async (e) => {
    session.diagnostics.closed(e.document.uri);
    (await registry.serviceFor(e.document.uri).catch(() => undefined))?.forget(e.document.uri);
  }, undefined));

  connection.onDidChangeConfiguration(safe('didChangeConfiguration', (change) => {
    const s = change?.settings && typeof change.settings === 'object' ? (change.settings as Record<string, unknown>).entente : undefined;
    registry.pushSettings(s);
    revalidateAll(session);
  }, undefined));

  connection.onDidChangeWatchedFiles(safe('didChangeWatchedFiles', (change) => {
    const changes = Array.isArray(change?.changes) ? change.changes : [];
    const rebuild = changes.some((c) => typeof c?.uri === 'string' && registry.affects(session.uris.toPath(c.uri) ?? ''));
    if (!rebuild) return;
    session.logger.info('corpus or dictionary changed; re-indexing');
    registry.reset();
    revalidateAll(session, 50);
  }, undefined));

  connection.onHover(safe('hover', async (p) => {
    const r = await at(p);
    const cite = r && (await r.env()).citations;
    const ch = r && cite && citationHover(cite, r.analysis, r.offset);
    if (r && ch) return { contents: toMarkup(ch.markdown, session.client.markdown), range: r.analysis.lines.rangeOf(ch.start, ch.end) };
    const h = r && r.service.hover(r.analysis, r.offset, cardLinks(r.service, session.uris, session.client.commandLinks));
    return h ? { contents: toMarkup(h.markdown, session.client.markdown), range: r.analysis.lines.rangeOf(h.start, h.end) } : null;
  }, null));

  connection.onDefinition(safe('definition', async (p) => {
    const r = await at(p);
    const cite = r && (await r.env()).citations;
    const cd = r && cite && citationDefinition(cite, r.analysis, r.offset);
    if (cd) return [{ uri: session.uris.toUri(cd.target.file), range: { start: { line: cd.target.line, character: cd.target.character }, end: { line: cd.target.endLine, character: cd.target.endCharacter } } }];
    const d = r && r.service.definition(r.analysis, r.offset);
    return d ? toDefinition(r.service, session.uris, r.analysis, d, session.client.linkSupport) : null;
  }, null));

  connection.onReferences(safe('references', async (p, token: CancellationToken) => {
    const r = await at(p);
    const id = r && r.service.entityAt(r.analysis, r.offset);
    if (!r || !id || token.isCancellationRequested) return null;
    return mentions(session, r.service, id);
  }, null));

  connection.onDocumentHighlight(safe('highlight', async (p) => {
    const r = await at(p);
    return r ? r.service.highlights(r.analysis, r.offset).map((s) => ({ range: r.analysis.lines.rangeOf(s.start, s.end) })) : null;
  }, null));

  connection.onCompletion(safe('completion', async (p) => {
    const r = await at(p);
    if (!r) return null;
    const cite = (await r.env()).citations;
    const keys = cite ? citationCompletion(cite, r.analysis, r.offset) : [];
    if (keys.length) return { isIncomplete: false, items: keys.map((i) => toCitekeyItem(r.analysis, i)) };
    return { isIncomplete: false, items: r.service.completion(r.analysis, r.offset).map((i) => toCompletionItem(r.analysis, i)) };
  }, null));

  connection.onCodeAction(safe('codeAction', async (p) => {
    const r = await analysisFor(session, p.textDocument.uri);
    if (!r) return null;
    const range = { start: r.analysis.lines.offsetAt(p.range.start), end: r.analysis.lines.offsetAt(p.range.end) };
    const env = await r.env();
    const actions = r.service.codeActions(r.analysis, range, r.severities, env);
    if (env.citations) pushAll(actions, insertCitations(env.citations, r.service, r.analysis, range, r.severities, env));
    return actions.map((x) => toLspCodeAction(r.service, session.uris, r.analysis, x));
  }, null));

  connection.onDocumentSymbol(safe('documentSymbol', async (p) => {
    const r = await analysisFor(session, p.textDocument.uri);
    return r ? r.service.documentSymbols(r.analysis).map((s) => toDocumentSymbol(r.analysis, s)) : null;
  }, null));

  connection.onWorkspaceSymbol(safe('workspaceSymbol', async (p) => {
    const service = await registry.defaultService();
    return service.workspaceSymbols(typeof p?.query === 'string' ? p.query : '').flatMap((s) => toWorkspaceSymbol(service, session.uris, s));
  }, null));

  connection.languages.semanticTokens.on(safe('semanticTokens', async (p) => {
    const r = await analysisFor(session, p.textDocument.uri);
    return { data: r ? encodeSemanticTokens(r.analysis, r.service.semanticTokens(r.analysis)) : [] };
  }, { data: [] }));
  registerRequests(session);
}

/** "Insert citation" for the source of the entity under the cursor, or of the date-conflict there. */
function insertCitations(cite: CitationContext, service: LanguageService, a: Analysis, range: Span, severities: Severities, env: CheckEnv): CodeAction[] {
  const out: CodeAction[] = [];
  const seen = new Set<string>();
  for (const t of service.citationTargets(a, range, severities, env)) {
    const at = service.citationAt(t.file, t.start);
    const fix = insertCitationAction(cite, a, t.at, { sourceId: t.file, chapter: t.chapter, page: at?.page, pageLabel: at?.pageLabel });
    if (!fix || seen.has(fix.title)) continue;
    seen.add(fix.title);
    out.push({ title: fix.title, kind: 'refactor.rewrite', edits: fix.edits });
  }
  return out;
}

/** Every mention of an entity: the corpus, the open notes and the workspace's closed notes. */
export async function mentions(session: Session, service: LanguageService, entityId: string): Promise<Location[]> {
  const notes = [];
  for (const d of session.documents.all()) {
    const r = await analysisFor(session, d.uri);
    if (r) notes.push(r.analysis);
  }
  const settings = await session.registry.settingsFor(session.registry.workspaceFolders[0]?.uri);
  const roots = session.registry.workspaceFolders.flatMap((f) => session.uris.toPath(f.uri) ?? []);
  const open = new Set(session.documents.all().map((d) => d.uri));
  pushAll(notes, (await service.closedNotes(await session.registry.files(), roots, { languages: settings.languages, maxFileSize: settings.maxFileSize, open, toUri: session.uris.toUri })));
  const byUri = new Map(notes.map((n) => [n.uri, n]));
  return service.references(entityId, notes).flatMap((ref) => {
    if (ref.inCorpus) return sourceLocation(service, session.uris, ref.file, ref) ?? [];
    const a = byUri.get(ref.file);
    return a ? [{ uri: ref.file, range: a.lines.rangeOf(ref.start, ref.end) }] : [];
  });
}

export { DEBOUNCE_MS };
