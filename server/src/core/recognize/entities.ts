// The recognizer pipeline for organizations and treaties. Each recognizer proposes candidates:
// the known names of the catalog, the learned knowledge and the dictionary (known.ts), the names
// a note defines (defined.ts), and names by their shape (shapes.ts); one resolver (resolve.ts)
// decides overlaps and kinds. Ambiguous context names ("the Alliance", "the Organization") are
// linked only to an entity named shortly before, or left alone; acronyms a note defines resolve
// over the whole note (and through the knowledge base, across the workspace's notes).
// Linear in the text, whatever the number of names.

import type { KnowledgeBase } from '../knowledge/kb';
import { noteEntityId } from '../knowledge/kb';
import { guessKind } from '../knowledge/learn';
import type { EntityMention } from './mention';
import { KnownNames } from './known';
import { findDefinitions, pendingAcronyms, shapeDefinitions } from './defined';
import { findShapeNames, headKindOf, shapeName } from './shapes';
import { resolveOverlaps, type ShapeCandidate } from './resolve';
import { wordSpans } from './words';
import { countWhile } from '../arrays';

export type { EntityMention, MentionForm, CandidateSource } from './mention';

/** How far back (UTF-16 units) a context name looks for the entity it stands for. */
const CONTEXT_WINDOW = 1500;

export interface MatcherOptions {
  /** Recognize names no knowledge names (definitions in the note, name shapes). Default true. */
  openWorld?: boolean;
}

/**
 * "The Pelindaba Treaty (African Nuclear-Weapon-Free Zone Treaty)": a name of one kind with a
 * second full name of the same kind in parentheses right after it names one body. The second takes
 * the first's entity, unless only the second is known (then the first takes the known one); two
 * names the knowledge already tells apart are left as they are.
 */
function linkSecondNames(text: string, shapes: ShapeCandidate[]): void {
  for (let i = 0; i + 1 < shapes.length; i++) {
    const a = shapes[i];
    const b = shapes[i + 1];
    if (a.kind !== b.kind || b.start - a.end > 4 || !/^[ \t]*[(\[][ \t]*$/.test(text.slice(a.end, b.start)) || !/^[ \t]*[)\]]/.test(text.slice(b.end, b.end + 4))) continue;
    const aNote = a.entityId.startsWith('note:');
    const bNote = b.entityId.startsWith('note:');
    if (aNote) a.entityId = bNote ? a.entityId : b.entityId;
    if (bNote) {
      b.entityId = a.entityId;
      b.alias = shapeName(b.text);
    }
  }
}

export class EntityMatcher {
  private readonly known: KnownNames;
  private readonly programmes = new Map<string, boolean>();
  private readonly openWorld: boolean;

  constructor(private readonly kb: KnowledgeBase, options: MatcherOptions = {}) {
    this.known = new KnownNames(kb);
    this.openWorld = options.openWorld ?? true;
  }

  /**
   * Known names in a corpus text (normalized), with context names resolved against the mentions
   * before them. Sorted, never overlapping. A corpus's own names come in through learning
   * (knowledge/learn.ts), so its index holds only what the knowledge base defines.
   */
  find(text: string): EntityMention[] {
    return this.resolve(this.known.find(text).map((m) => this.markProgramme(m)), text);
  }

  /** Every mention in a note's text: known names, the names it defines, names by their shape. */
  findInNote(text: string): EntityMention[] {
    return this.resolve(this.findRaw(text), text);
  }

  /**
   * Mentions with context names and pending acronyms unresolved (`candidates` set, `entityId`
   * empty), so that a caller that recognizes a text piecewise (paragraph by paragraph) can
   * resolve them over the whole text with `resolve`.
   */
  findRaw(text: string): EntityMention[] {
    // The paragraph's words, cut once, read by every recognizer below.
    const spans = wordSpans(text);
    const known = this.known.find(text, spans);
    for (const m of known) this.markProgramme(m);
    if (!this.openWorld) return known;
    const defined: EntityMention[] = [];
    const byAcronym = new Map<string, string>();
    const shapes: ShapeCandidate[] = findShapeNames(text, spans).map((s) => {
      const entity = this.kb.resolveTitle(s.name);
      const kind = entity?.kind ?? s.kind;
      return {
        start: s.start, end: s.end, headStart: s.headStart, kind, text: text.slice(s.start, s.end), form: 'name' as const,
        entityId: entity?.id ?? noteEntityId(kind, s.name), source: 'shape' as const, programme: entity ? this.isProgramme(entity.id) : s.programme,
      };
    });
    linkSecondNames(text, shapes);
    const definitions = findDefinitions(text, spans);
    // Sets and a sorted index instead of a search of every list per item: a paragraph can hold
    // thousands of definitions ("Foo Bar Organization (FBO)1995" repeated: 4.2 s for 200 KB).
    const acronyms = new Set(definitions.map((x) => x.acronym));
    for (const d of shapeDefinitions(text, shapes.map((s) => ({ start: s.start, end: s.end, name: s.text.replace(/\s+/g, " ") })))) {
      if (acronyms.has(d.acronym)) continue;
      acronyms.add(d.acronym);
      definitions.push(d);
    }
    const shapeAt = shapeFinder(shapes);
    for (const d of definitions) {
      // A shape that holds the long form and ends with it is the better span ("Treaty on the … Weapons").
      const shape = shapeAt(d);
      let id: string;
      let kind: EntityMention['kind'];
      let programme = false;
      if (shape) {
        shape.defines = d.acronym;
        id = shape.entityId;
        kind = shape.kind;
        programme = !!shape.programme;
      } else {
        const entity = this.kb.resolveTitle(d.name);
        const hk = headKindOf(d.name);
        kind = entity?.kind ?? hk?.kind ?? guessKind(d.name);
        programme = entity ? this.isProgramme(entity.id) : !!hk?.programme;
        id = entity?.id ?? noteEntityId(kind, d.name);
        defined.push({ start: d.nameStart, end: d.nameEnd, kind, entityId: id, text: text.slice(d.nameStart, d.nameEnd), form: 'name', source: 'defined', defines: d.acronym, programme: programme || undefined });
      }
      if (!byAcronym.has(d.acronym)) byAcronym.set(d.acronym, id);
      defined.push({ start: d.acronymStart, end: d.acronymEnd, kind, entityId: id, text: d.acronym, form: 'acronym', source: 'defined', programme: programme || undefined });
    }
    const definedStarts = new Set(defined.map((d) => d.start));
    for (const p of pendingAcronyms(text, (w) => this.known.has(w), spans)) {
      const id = byAcronym.get(p.pending!);
      if (id && definedStarts.has(p.start)) continue;
      definedStarts.add(p.start);
      if (id) {
        const kind = this.kb.get(id)?.kind ?? 'organization';
        defined.push({ ...p, entityId: id, kind, candidates: undefined, pending: undefined, programme: this.isProgramme(id) || undefined });
      } else defined.push(p);
    }
    defined.sort((a, b) => a.start - b.start);
    return resolveOverlaps(known, defined, shapes);
  }

  /** Links ambiguous and context names to the entity named most recently before them, pending acronyms to their definition; drops what stays unresolved. */
  resolve(raw: EntityMention[], _text?: string): EntityMention[] {
    // Acronyms the text defines (the first definition of each wins), then the workspace's notes.
    const defs = new Map<string, string>();
    for (const m of raw) {
      if (m.defines && m.entityId && !defs.has(m.defines)) {
        defs.set(m.defines, m.entityId);
        if (m.entityId.startsWith('note:')) this.kb.noteDefines(m.defines, m.entityId);
      }
    }
    const out: EntityMention[] = [];
    for (const m of raw) {
      if (m.pending) {
        const id = defs.get(m.pending) ?? this.kb.noteDefinition(m.pending)?.id;
        const entity = id ? this.kb.get(id) : undefined;
        if (!entity) continue;
        out.push({ start: m.start, end: m.end, kind: entity.kind, entityId: entity.id, text: m.text, form: 'acronym', source: 'defined', programme: this.isProgramme(entity.id) || undefined });
        continue;
      }
      if (!m.candidates) {
        // A second name of a note's entity ("… Treaty (… Treaty)") shows on its card.
        if (m.alias) this.kb.noteAlias(m.entityId, m.alias);
        out.push(m);
        continue;
      }
      const id = this.resolveContext(m.candidates, out, m.start) ?? (m.form === 'context' ? undefined : m.candidates[0]);
      const entity = id ? this.kb.get(id) : undefined;
      if (!entity) continue;
      out.push({ start: m.start, end: m.end, kind: entity.kind, entityId: entity.id, text: m.text, form: m.form, programme: this.isProgramme(entity.id) || undefined });
    }
    return out;
  }

  /** Whether an entity is a programme or policy, by the head of its name ("Partnership for Peace", "… Defence Policy"). */
  isProgramme(id: string): boolean {
    let p = this.programmes.get(id);
    if (p === undefined) {
      const e = this.kb.get(id);
      p = !!e && !!headKindOf(e.name)?.programme;
      if (this.programmes.size < 100000) this.programmes.set(id, p);
    }
    return p;
  }

  private markProgramme(m: EntityMention): EntityMention {
    if (m.entityId && this.isProgramme(m.entityId)) m.programme = true;
    return m;
  }

  /** The most recent preceding mention, within the window, of one of the candidate entities. */
  private resolveContext(candidates: string[], before: EntityMention[], offset: number): string | undefined {
    for (let i = before.length - 1; i >= 0; i--) {
      const m = before[i];
      if (offset - m.end > CONTEXT_WINDOW) break;
      if (m.form !== 'context' && candidates.includes(m.entityId)) return m.entityId;
    }
    return undefined;
  }
}

/**
 * For a definition, the first shape (in the list's order) that holds its long form and ends with
 * it: start at or before the name, end at or after its last character and at or before the
 * acronym. The shapes sorted by start once; a question looks back from the name's start no further
 * than the longest shape reaches (a few words), so a paragraph of thousands of definitions stays linear.
 */
export function shapeFinder<S extends { start: number; end: number }>(shapes: readonly S[]): (d: { nameStart: number; nameEnd: number; acronymStart: number }) => S | undefined {
  const order = shapes.map((_, i) => i).sort((a, b) => shapes[a].start - shapes[b].start || a - b);
  let longest = 0;
  for (const s of shapes) longest = Math.max(longest, s.end - s.start);
  return (d) => {
    // From the last shape that starts at or before the name, back.
    let best = -1;
    for (let k = countWhile(order.length, (j) => shapes[order[j]].start <= d.nameStart) - 1; k >= 0; k--) {
      const i = order[k];
      const s = shapes[i];
      // Shapes starting further back end before the name's last character (none is longer).
      if (s.start + longest < d.nameEnd - 1) break;
      if (s.end >= d.nameEnd - 1 && s.end <= d.acronymStart + 1 && (best < 0 || i < best)) best = i;
    }
    return best < 0 ? undefined : shapes[best];
  };
}
