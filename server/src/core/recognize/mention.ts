// What the recognizers propose and what the resolver keeps. Each recognizer (known names of the
// catalog and learned knowledge, names a note defines, names by their shape) proposes
// candidates; the resolver (resolve.ts) decides overlaps and kinds.

import type { EntityKind, Span } from '../types';

export type MentionForm = 'acronym' | 'name' | 'context';

/** Where a candidate came from; earlier in this list wins an overlap. */
export type CandidateSource = 'known' | 'defined' | 'shape';

export interface EntityMention extends Span {
  kind: EntityKind;
  entityId: string;
  text: string;
  form: MentionForm;
  /** Before resolution: the entities an ambiguous or context name may stand for. */
  candidates?: string[];
  /** Which recognizer found it (absent: the known names). */
  source?: CandidateSource;
  /** A programme or policy (Partnership for Peace, ESDP): neither an organization nor a treaty in scores. */
  programme?: boolean;
  /** This mention is the long form of a definition in the note: the acronym it defines. */
  defines?: string;
  /** An acronym no knowledge names, waiting for a definition elsewhere in the note. */
  pending?: string;
  /** A second full name of its entity, in parentheses after the first ("… Treaty (… Treaty)"): the name its card lists. */
  alias?: string;
}
