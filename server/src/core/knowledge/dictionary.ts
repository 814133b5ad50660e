// The user's workspace dictionary (.entente/dictionary.json): entities and facts to add or
// correct. It is validated against its schema with positions, so errors show in that file; when it
// is broken, the caller keeps the last good dictionary.

import { createScanner, parseTree, findNodeAtLocation, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { EntityKind, EventType } from '../types';
import type { KnowledgeBase, KnowledgeEntity } from './kb';

export interface DictionaryEntity {
  id?: string;
  kind?: EntityKind;
  name: string;
  acronyms?: string[];
  aliases?: string[];
  description?: string;
  predecessors?: string[];
  successors?: string[];
  events?: { type: EventType; date: string; party?: string; label?: string; note?: string }[];
}

export interface Dictionary {
  entities: DictionaryEntity[];
}

export interface DictionaryError {
  start: number;
  end: number;
  message: string;
}

const EVENT_TYPES = ['founded', 'signed', 'adopted', 'in-force', 'renamed', 'joined', 'left', 'dissolved'];
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?(\/\d{4}(-\d{2}(-\d{2})?)?)?$/;

export const DICTIONARY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Entente dictionary',
  type: 'object',
  required: ['entities'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    entities: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', description: 'An existing catalog id to extend, or a new id.' },
          kind: { enum: ['organization', 'treaty'] },
          name: { type: 'string', minLength: 2 },
          acronyms: { type: 'array', items: { type: 'string' } },
          aliases: { type: 'array', items: { type: 'string' } },
          description: { type: 'string' },
          predecessors: { type: 'array', items: { type: 'string' } },
          successors: { type: 'array', items: { type: 'string' } },
          events: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type', 'date'],
              additionalProperties: false,
              properties: {
                type: { enum: EVENT_TYPES },
                date: { type: 'string', pattern: DATE.source },
                party: { type: 'string' },
                label: { type: 'string' },
                note: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;

/** A dictionary longer than this (in UTF-16 code units) is refused, with an error at the limit. */
export const MAX_DICTIONARY_CHARS = 32 * 1024 * 1024;
/** The format needs five levels ({entities:[{events:[{…}]}]}); deeper nesting is refused, so a
 * hostile file cannot exhaust the parser's stack. */
export const MAX_DICTIONARY_DEPTH = 32;

// jsonc-parser's SyntaxKind is a const enum; its values, for the scanner below.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/**
 * The first place where objects and arrays nest deeper than the limit, found with jsonc-parser's
 * scanner (a loop over tokens, no recursion), before the recursive parser sees the text.
 */
function tooDeep(text: string, limit: number): DictionaryError | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let t = scanner.scan(); t !== EOF; t = scanner.scan()) {
    if (t === OPEN_BRACE || t === OPEN_BRACKET) {
      if (++depth > limit) {
        const at = scanner.getTokenOffset();
        return { start: at, end: at + 1, message: `Objects and arrays are nested more than ${limit} levels deep here; a dictionary needs five at most. The dictionary was not read.` };
      }
    } else if (t === CLOSE_BRACE || t === CLOSE_BRACKET) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Parses and validates a dictionary; returns it only when there are no errors. Linear in its size. */
export function parseDictionary(text: string): { dictionary?: Dictionary; errors: DictionaryError[] } {
  const errors: DictionaryError[] = [];
  if (text.length > MAX_DICTIONARY_CHARS) {
    errors.push({ start: MAX_DICTIONARY_CHARS, end: MAX_DICTIONARY_CHARS + 1, message: `The dictionary has ${text.length.toLocaleString('en')} characters, more than the limit of ${MAX_DICTIONARY_CHARS.toLocaleString('en')}; it was not read.` });
    return { errors };
  }
  const deep = tooDeep(text, MAX_DICTIONARY_DEPTH);
  if (deep) return { errors: [deep] };
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: true });
  for (const e of parseErrors) errors.push({ start: e.offset, end: e.offset + Math.max(1, e.length), message: `JSON: ${printParseErrorCode(e.error)}` });
  if (!root || errors.length) return { errors };
  const err = (node: Node | undefined, message: string) => errors.push({ start: node?.offset ?? 0, end: (node?.offset ?? 0) + (node?.length ?? 1), message });
  if (root.type !== 'object') {
    err(root, 'The dictionary must be an object with an "entities" array.');
    return { errors };
  }
  for (const prop of root.children ?? []) {
    const key = prop.children?.[0]?.value;
    if (key !== 'entities' && key !== '$schema') err(prop.children?.[0], `Unknown property "${key}" (expected "entities").`);
  }
  const list = findNodeAtLocation(root, ['entities']);
  if (!list || list.type !== 'array') {
    err(list ?? root, '"entities" must be an array.');
    return { errors };
  }
  const stringArray = (n: Node | undefined, what: string) => {
    if (n && (n.type !== 'array' || n.children?.some((c) => c.type !== 'string'))) err(n, `"${what}" must be an array of strings.`);
  };
  for (const item of list.children ?? []) {
    if (item.type !== 'object') {
      err(item, 'Each entity must be an object.');
      continue;
    }
    for (const prop of item.children ?? []) {
      const key = prop.children?.[0]?.value as string;
      const allowed = ['id', 'kind', 'name', 'acronyms', 'aliases', 'description', 'predecessors', 'successors', 'events'];
      if (!allowed.includes(key)) err(prop.children?.[0], `Unknown property "${key}" (allowed: ${allowed.join(', ')}).`);
    }
    const name = findNodeAtLocation(item, ['name']);
    if (!name || name.type !== 'string' || String(name.value).trim().length < 2) err(name ?? item, 'An entity needs a "name" (a string of at least two characters).');
    const kind = findNodeAtLocation(item, ['kind']);
    if (kind && !['organization', 'treaty'].includes(kind.value)) err(kind, '"kind" must be "organization" or "treaty".');
    for (const k of ['acronyms', 'aliases', 'predecessors', 'successors']) stringArray(findNodeAtLocation(item, [k]), k);
    const events = findNodeAtLocation(item, ['events']);
    if (events && events.type !== 'array') err(events, '"events" must be an array.');
    for (const ev of events?.type === 'array' ? events.children ?? [] : []) {
      const type = findNodeAtLocation(ev, ['type']);
      const date = findNodeAtLocation(ev, ['date']);
      if (!type || !EVENT_TYPES.includes(type.value)) err(type ?? ev, `"type" must be one of ${EVENT_TYPES.join(', ')}.`);
      if (!date || typeof date.value !== 'string' || !DATE.test(date.value) || !validIso(date.value)) err(date ?? ev, '"date" must be an ISO date: "2002", "2002-10" or "2002-10-07" (or "from/to").');
    }
  }
  if (errors.length) return { errors };
  return { dictionary: nodeValue(root) as Dictionary, errors };
}

/** Each point of an ISO value is a real calendar date (no month 13, no 30 February). */
function validIso(value: string): boolean {
  return value.split('/').every((p) => {
    const [y, m, d] = p.split('-').map(Number);
    if (m !== undefined && (m < 1 || m > 12)) return false;
    if (d !== undefined && (d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())) return false;
    return true;
  });
}

function nodeValue(n: Node): unknown {
  switch (n.type) {
    case 'object':
      // Fresh objects: nothing of the parse tree is kept (depth is bounded by tooDeep).
      return Object.fromEntries((n.children ?? []).map((p) => [p.children![0].value, p.children![1] ? nodeValue(p.children![1]) : null]));
    case 'array':
      return (n.children ?? []).map(nodeValue);
    default:
      return n.value;
  }
}

export function applyDictionary(kb: KnowledgeBase, dictionary: Dictionary): void {
  for (const d of dictionary.entities) {
    const entity: KnowledgeEntity = {
      id: d.id ?? `dictionary:${d.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      kind: d.kind ?? 'organization',
      name: d.name,
      acronyms: d.acronyms ?? [],
      aliases: d.aliases ?? [],
      description: d.description,
      predecessors: d.predecessors ?? [],
      successors: d.successors ?? [],
      events: (d.events ?? []).map((e) => ({
        type: e.type,
        date: e.date,
        party: e.party,
        label: e.label,
        provenance: { origin: 'dictionary' as const, quote: e.note },
      })),
      definitions: [],
      origin: 'dictionary',
      contextAliases: [],
    };
    const merged = kb.merge(entity);
    // A dictionary correction of a date replaces the facts of that type it names.
    if (merged !== entity && d.events) {
      for (const e of d.events) {
        // merge() already added the dictionary's own events; drop what they correct.
        merged.events = merged.events.filter((x) => !(x.type === e.type && x.provenance.origin !== 'dictionary' && (x.party ?? '') === (e.party ?? '')));
      }
      if (d.description) merged.description = d.description;
    }
  }
}
