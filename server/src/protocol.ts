// Entente's own messages beside LSP, shared by the VS Code client and the server (and usable by
// any client): method names and payloads. Plain types only, so the client bundles nothing of the
// server.

import type { Position, Range } from './core/text/positions';

export type { Position, Range };

export interface Location {
  uri: string;
  range: Range;
}

/** Server → client notification: the corpus index of a workspace folder. */
export const STATUS_NOTIFICATION = 'entente/status';
export interface StatusPayload {
  state: 'indexing' | 'ready' | 'error';
  files?: number;
  characters?: number;
  entities?: number;
  ms?: number;
  problems?: number;
  message?: string;
}

/** The index figures the status and rebuild requests answer with. */
export interface IndexFigures {
  state?: 'ready';
  files: number;
  characters: number;
  entities: number;
  ms: number;
}

/** Client → server: the index of the first workspace folder (building it if needed). */
export const STATUS_REQUEST = 'entente/status';
export type StatusResult = IndexFigures | null;

/** Client → server: forget every index and rebuild; answers with the first folder's figures. */
export const REBUILD_REQUEST = 'entente/rebuild';
export type RebuildResult = IndexFigures | null;

/** Client → server: every mention of an entity, in the corpus and the workspace's notes. */
export const MENTIONS_REQUEST = 'entente/mentions';
export interface MentionsParams {
  entityId: string;
  /** A document of the workspace folder whose corpus to use. */
  uri?: string;
}
export type MentionsResult = Location[];

/** Client → server: the card of an organization or treaty by name or acronym. */
export const LOOKUP_REQUEST = 'entente/lookup';
export interface LookupParams {
  name: string;
  uri?: string;
}
/** A card, or, when nothing has that name, the nearest names ("did you mean"). */
export type LookupResult = { id: string; markdown: string } | { id?: undefined; suggestions: string[] } | null;

/** The client commands that cards link to (command URIs a VS Code client may run from a hover). */
export const CARD_COMMANDS = ['entente.openSource', 'entente.showMentions', 'entente.showCard', 'entente.showTimeline', 'entente.openPdfAtPage'] as const;

/** Client → server: the entities of one note, grouped by kind, for the "in this note" view. */
export const NOTE_ENTITIES_REQUEST = 'entente/noteEntities';
export interface NoteEntitiesParams {
  uri: string;
}
export interface NoteEntityItem {
  /** The entity id (organizations, treaties) or the ISO value (dates). */
  id: string;
  /** Canonical name, or the date as the card heads it. */
  name: string;
  /** How often the note mentions it. */
  count: number;
  /** Every mention's range in the note, in order. */
  ranges: Range[];
}
export interface NoteEntitiesResult {
  groups: { kind: 'organization' | 'treaty' | 'date'; items: NoteEntityItem[] }[];
}

/** Client → server: a timeline — every dated event of a note, or of one body across the sources. */
export const TIMELINE_REQUEST = 'entente/timeline';
export interface TimelineParams {
  /** The note whose events to list (and whose folder's sources to use). */
  uri?: string;
  /** One body's events across the sources, instead of a note's. */
  entityId?: string;
}
export interface TimelineEvent {
  /** ISO value ("2001-06-15", "2001-06", "2001", "1998/2000"), sortable as text within a precision. */
  date: string;
  /** The date as a reader reads it ("15 June 2001"). */
  label: string;
  /** What happened ("SCO founded"). */
  event: string;
  entityId?: string;
  /** Where the event is stated: the note, or the source passage. */
  location?: Location;
  /** "Kazantsev, line 2309" for a source's event. */
  citation?: string;
  /** A diagnostic of the note on this date: date-conflict, date-inconsistent, anachronism… */
  problem?: { code: string; message: string };
}
export interface TimelineResult {
  title: string;
  events: TimelineEvent[];
}

/** Client → server: an entity's card; `full` for the whole card (the side view), else the compact hover. */
export const CARD_REQUEST = 'entente/card';
export interface CardParams {
  entityId: string;
  uri?: string;
  full?: boolean;
}
export type CardResult = { id: string; name: string; markdown: string } | null;

/** Client → server: every known name, for a quick pick with fuzzy matching. */
export const NAMES_REQUEST = 'entente/names';
export interface NamesParams {
  uri?: string;
}
export interface NamesResult {
  items: { id: string; name: string; acronyms: string[]; kind: 'organization' | 'treaty'; origin: 'catalog' | 'learned' | 'dictionary' }[];
}

/**
 * Client → server: the text of a source, for a read-only virtual document (`entente-source:` URIs,
 * which the server uses for sources when the client said `initializationOptions.virtualSources`).
 */
export const SOURCE_TEXT_REQUEST = 'entente/sourceText';
export interface SourceTextParams {
  uri: string;
}
export type SourceTextResult = { text: string; languageId: string } | null;
