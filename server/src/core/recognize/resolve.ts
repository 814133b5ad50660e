// The resolver: candidates of every recognizer in, one set of mentions out, sorted and never
// overlapping. Known names (catalog, learned, dictionary) keep priority over the note's
// definitions, which keep it over shapes: a name both find is the known one's. One exception
// makes names longer, never different: a shape whose modifiers hold a known name and whose head
// follows it ("United Nations Interim Force in Lebanon" over "United Nations"). Places are not
// names, whoever proposes them ("Kant air base").

import type { EntityMention } from './mention';
import { pushAll } from '../arrays';

const RANK = { known: 0, defined: 1, shape: 2 } as const;
/** The last word of a place, not of a body. */
const PLACE_HEAD = /\b(?:base|airfield|airport|city|strait|sea|river|island|islands|mountains|valley|port|harbour|harbor)$/i;

/** A name whose last word is a place's (a shape's own head decides for a shape; an acronym is no place). */
function isPlace(m: EntityMention): boolean {
  return m.source !== 'shape' && m.form !== 'acronym' && PLACE_HEAD.test(m.text);
}

export interface ShapeCandidate extends EntityMention {
  /** Where the head word starts (modifiers before it). */
  headStart: number;
}

/** Overlaps decided: the surviving candidates, sorted by start. */
export function resolveOverlaps(known: EntityMention[], defined: EntityMention[], shapes: ShapeCandidate[]): EntityMention[] {
  const all: EntityMention[] = [];
  const dropped = new Set<EntityMention>();
  // A shape that extends known names in its modifiers wins over them.
  const knownSorted = known;
  let ki = 0;
  const promoted = new Set<EntityMention>();
  for (const s of shapes) {
    while (ki < knownSorted.length && knownSorted[ki].end <= s.start) ki++;
    const inside: EntityMention[] = [];
    let ok = false;
    for (let k = ki; k < knownSorted.length && knownSorted[k].start < s.end; k++) {
      const m = knownSorted[k];
      if (m.start >= s.start && m.end <= s.headStart) {
        inside.push(m);
        ok = true;
      } else {
        ok = false;
        break;
      }
    }
    if (ok && inside.length) {
      for (const m of inside) dropped.add(m);
      promoted.add(s);
    }
  }
  for (const m of known) if (!dropped.has(m)) all.push(m);
  pushAll(all, defined);
  pushAll(all, shapes);
  // A context name ("the Treaty") is the weakest: any name that covers it is more specific.
  // A pending acronym (no definition yet) yields to any name. A shape that names a known
  // entity ("Charter of the CSTO") ranks as known, and the longer known name wins.
  const rank = (m: EntityMention) =>
    m.form === 'context' ? 10 : m.pending ? 8 : promoted.has(m) ? -1 : m.source === 'shape' && !m.entityId.startsWith('note:') ? 0 : RANK[m.source ?? 'known'];
  // Clusters of overlapping candidates (small), each decided best first: rank, then the longer.
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: EntityMention[] = [];
  let i = 0;
  while (i < all.length) {
    let j = i + 1;
    let end = all[i].end;
    while (j < all.length && all[j].start < end) end = Math.max(end, all[j++].end);
    if (j === i + 1) {
      // A candidate alone (most are): kept unless it is a place.
      if (!isPlace(all[i])) out.push(all[i]);
      i = j;
      continue;
    }
    const cluster = all.slice(i, j).filter((m) => !isPlace(m));
    if (cluster.length === 1) out.push(cluster[0]);
    else if (cluster.length > 1) {
      cluster.sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start);
      const kept: EntityMention[] = [];
      for (const m of cluster) if (!kept.some((k) => k.start < m.end && m.start < k.end)) kept.push(m);
      kept.sort((a, b) => a.start - b.start);
      pushAll(out, kept);
    }
    i = j;
  }
  return out;
}
