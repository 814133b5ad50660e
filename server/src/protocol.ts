// Entente's own messages beside LSP, shared by the VS Code client and the server (and usable by
// any client): method names and payloads. Plain types only, so the client bundles nothing of the
// server.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

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
export type LookupResult = { id: string; markdown: string } | null;

/** The client commands that cards link to (command URIs a VS Code client may run from a hover). */
export const CARD_COMMANDS = ['entente.openSource', 'entente.showMentions'] as const;
