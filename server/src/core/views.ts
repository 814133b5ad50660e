// The narrow views features read: knowledge (entities by id and name), sources (where a fact
// comes from, how to cite it) and the corpus mention index. The engine implements them; a feature
// never receives the engine itself, so what a feature can reach is written in its signature.

import type { DateOrder, Provenance } from './types';
import type { CorpusDocument } from './corpus/corpus';
import type { KnowledgeEntity } from './knowledge/kb';
import type { EntityMention } from './recognize/entities';

export interface KnowledgeView {
  get(id: string): KnowledgeEntity | undefined;
  list(): KnowledgeEntity[];
  resolveName(name: string): KnowledgeEntity | undefined;
}

export interface SourcePlace {
  doc: CorpusDocument;
  start: number;
  end: number;
}

export interface SourceView {
  /** The corpus document and span a fact comes from, if it has one. */
  sourceOf(prov: Provenance): SourcePlace | undefined;
  /** "Author, line N" for a fact's source; undefined when it has none. */
  citeLabel(prov: Provenance): string | undefined;
  document(id: string): CorpusDocument | undefined;
  /** The entity's description, else the sentence of its defining passage (read from the source when asked). */
  describe(e: KnowledgeEntity): string | undefined;
}

export interface CorpusMention {
  doc: CorpusDocument;
  mention: EntityMention;
}

export interface MentionView {
  /** Every corpus mention of an entity, in corpus order. */
  mentionsOf(entityId: string): readonly CorpusMention[];
  mentionCount(entityId: string): number;
}

/** What every feature may read. */
export interface FeatureContext {
  kb: KnowledgeView;
  sources: SourceView;
  mentions: MentionView;
  /** How numeric dates are read (for messages that explain a reading). */
  dateOrder: DateOrder;
}
