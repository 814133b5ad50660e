// Where a note defines a body that no source or catalog names (hover and definition read it).

import type { Span } from '../types';
import type { Analysis } from '../analysis';

/**
 * Where a note defines a body no source names: its first full-name mention, with the acronym
 * written after it in parentheses when there is one ("Treaty on the Non-Proliferation of Nuclear
 * Weapons (NPT)"); else its first mention.
 */
export function noteDefinition(a: Analysis, entityId: string): Span | undefined {
  const mentions = a.entities.filter((m) => m.entityId === entityId);
  const named = mentions.find((m) => m.form === 'name') ?? mentions[0];
  if (!named) return undefined;
  const after = /^\s*\(([^()\n]{1,20})\)/.exec(a.text.slice(named.end, named.end + 24));
  return { start: named.start, end: after ? named.end + after[0].length : named.end };
}
