// Entente's own requests (server/src/protocol.ts): index status and rebuild, mentions, lookup,
// cards, names, the note-entities view and timelines. Handlers as short as the LSP ones.

import type { Session } from './server';
import { revalidateAll } from './server';
import { analysisFor } from './publish';
import { mentions } from './handlers';
import { cardLinks, sourceLocation, toMarkupValue, virtualSourcePath } from './convert';
import type { LanguageService } from '../core/service';
import type { TimelineEntry } from '../core/features/overview';
import type { Analysis } from '../core/analysis';
import type { UriMapper } from './convert';
import {
  CARD_REQUEST,
  LOOKUP_REQUEST,
  MENTIONS_REQUEST,
  NAMES_REQUEST,
  NOTE_ENTITIES_REQUEST,
  REBUILD_REQUEST,
  STATUS_REQUEST,
  TIMELINE_REQUEST,
  SOURCE_TEXT_REQUEST,
  type SourceTextParams,
  type SourceTextResult,
  type CardParams,
  type CardResult,
  type LookupParams,
  type LookupResult,
  type MentionsParams,
  type NamesResult,
  type NoteEntitiesParams,
  type NoteEntitiesResult,
  type RebuildResult,
  type StatusResult,
  type TimelineEvent,
  type TimelineParams,
  type TimelineResult,
} from '../protocol';
import type { Location } from 'vscode-languageserver/node';

const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

export function registerRequests(session: Session): void {
  const { connection, registry, safe } = session;
  const service = (p: { uri?: unknown } | undefined) => registry.serviceFor(str(p?.uri));
  const links = (s: LanguageService) => cardLinks(s, session.uris, session.client.commandLinks);

  connection.onRequest(REBUILD_REQUEST, safe('rebuild', async (): Promise<RebuildResult> => {
    registry.reset(true, true);
    const s = await registry.defaultService();
    revalidateAll(session, 0);
    return figures(s);
  }, null));

  connection.onRequest(STATUS_REQUEST, safe('status', async (): Promise<StatusResult> => ({ state: 'ready', ...figures(await registry.defaultService()) }), null));

  connection.onRequest(MENTIONS_REQUEST, safe('mentions', async (p: MentionsParams) => {
    const id = str(p?.entityId);
    return id ? mentions(session, await service(p), id) : [];
  }, [] as Location[]));

  connection.onRequest(LOOKUP_REQUEST, safe('lookup', async (p: LookupParams): Promise<LookupResult> => {
    const name = str(p?.name);
    if (!name) return null;
    const s = await service(p);
    const card = s.lookup(name, links(s));
    return card ? { id: card.id, markdown: toMarkupValue(card.markdown, session.client.markdown) } : { suggestions: s.suggestions(name) };
  }, null));

  connection.onRequest(CARD_REQUEST, safe('card', async (p: CardParams): Promise<CardResult> => {
    const id = str(p?.entityId);
    const s = await service(p);
    const card = id ? s.card(id, { full: p?.full === true, links: links(s) }) : undefined;
    return card ? { ...card, markdown: toMarkupValue(card.markdown, session.client.markdown) } : null;
  }, null));

  connection.onRequest(NAMES_REQUEST, safe('names', async (p: { uri?: string }): Promise<NamesResult> => ({ items: (await service(p)).names() }), { items: [] }));

  connection.onRequest(NOTE_ENTITIES_REQUEST, safe('noteEntities', async (p: NoteEntitiesParams): Promise<NoteEntitiesResult> => {
    const r = str(p?.uri) ? await analysisFor(session, p.uri) : undefined;
    if (!r) return { groups: [] };
    const range = (x: { start: number; end: number }) => r.analysis.lines.rangeOf(x.start, x.end);
    return { groups: r.service.noteEntities(r.analysis).map((g) => ({ kind: g.kind, items: g.items.map((i) => ({ id: i.id, name: i.name, count: i.count, ranges: i.spans.map(range) })) })) };
  }, { groups: [] }));

  connection.onRequest(SOURCE_TEXT_REQUEST, safe('sourceText', async (p: SourceTextParams): Promise<SourceTextResult> => {
    const path = str(p?.uri) && virtualSourcePath(p.uri);
    if (!path) return null;
    for (const f of [undefined, ...registry.workspaceFolders.map((x) => x.uri + '/')]) {
      const hit = (await registry.serviceFor(f)).sourceText(path);
      if (hit) return hit;
    }
    return null;
  }, null));

  connection.onRequest(TIMELINE_REQUEST, safe('timeline', async (p: TimelineParams): Promise<TimelineResult> => {
    const entityId = str(p?.entityId);
    if (entityId) {
      const s = await service(p);
      const card = s.card(entityId);
      return { title: `Timeline of the ${card?.name ?? entityId}`, events: s.entityTimeline(entityId).map((e) => toEvent(s, session.uris, e)) };
    }
    const r = str(p?.uri) ? await analysisFor(session, p.uri!) : undefined;
    if (!r) return { title: 'Timeline', events: [] };
    return { title: 'Timeline of this note', events: r.service.noteTimeline(r.analysis, r.severities).map((e) => toEvent(r.service, session.uris, e, r.analysis)) };
  }, { title: 'Timeline', events: [] }));
}

function toEvent(s: LanguageService, uris: UriMapper, e: TimelineEntry, note?: Analysis): TimelineEvent {
  const location = e.span && note ? { uri: note.uri, range: note.lines.rangeOf(e.span.start, e.span.end) } : e.source ? sourceLocation(s, uris, e.source.file, e.source) : undefined;
  return { date: e.date, label: e.label, event: e.event, entityId: e.entityId, location, citation: e.citation, problem: e.problem };
}

function figures(s: LanguageService) {
  const { files, characters, entities, ms } = s.status();
  return { files, characters, entities, ms };
}
