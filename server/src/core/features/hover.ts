// Hover cards: compact Markdown that reads well at VS Code's default hover width.

import type { DateMention, EntityEvent, Span } from '../types';
import type { Analysis } from '../analysis';
import { mentionAt } from '../analysis';
import type { FeatureContext } from '../views';
import type { KnowledgeEntity } from '../knowledge/kb';
import { formatDate, WEEKDAYS, weekdayOf, agrees } from '../dates/calendar';
import { formatValue, parseIsoValue } from '../dates/value';
import { factGroups } from './facts';
import { formatCitation } from '../corpus/citations';
import { noteDefinition } from './noteDefinition';

export interface Hover extends Span {
  markdown: string;
}

/** Links in cards are command URIs the client implements; other clients show them as text. */
export interface CommandLinks {
  openSource(file: string, start: number, end: number): string;
  showMentions(entityId: string): string;
  /** The whole card in a side view (clients that have one). */
  showCard?(entityId: string): string;
  /** The body's timeline across the sources (clients that have one). */
  showTimeline?(entityId: string): string;
}

const RANK = { day: 0, month: 1, season: 2, year: 2, decade: 3, century: 4 } as const;

const EVENT_LABEL: Record<string, string> = {
  founded: 'Founded',
  signed: 'Signed',
  adopted: 'Adopted',
  'in-force': 'In force',
  renamed: 'Transformed',
  joined: 'Joined',
  left: 'Left',
  dissolved: 'Dissolved',
};

function escapeMd(s: string): string {
  return s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

/** "1 mention in the corpus", "42 mentions in this note". */
function mentionsIn(count: number, where: string): string {
  return `${count} mention${count === 1 ? '' : 's'} in ${where}`;
}

export function hover(ctx: FeatureContext, a: Analysis, offset: number, links?: CommandLinks): Hover | undefined {
  const { entity, date } = mentionAt(a, offset);
  if (entity) {
    const e = ctx.kb.get(entity.entityId);
    if (e && e.origin === 'note') return { start: entity.start, end: entity.end, markdown: noteEntityCard(e, a) };
    if (e) return { start: entity.start, end: entity.end, markdown: entityCard(ctx, e, links) };
  }
  // An impossible date has no card: its diagnostic already says why, once.
  if (date && !date.invalid) {
    const yearFrom = date.inferredYear && `year ${date.inferredYear.year} taken from ${date.inferredYear.source === 'paragraph' ? 'this paragraph' : date.inferredYear.source === 'heading' ? 'the section heading' : 'the title'}, line ${a.lines.positionAt(date.inferredYear.start).line + 1}${date.inferredYear.unambiguous ? '' : ' (the context names other years too: not checked)'}`;
    return { start: date.start, end: date.end, markdown: dateCard(ctx, date, yearFrom) };
  }
  return undefined;
}

function citeOf(ctx: FeatureContext, ev: { provenance: EntityEvent['provenance'] }, links?: CommandLinks): string {
  const src = ctx.sources.sourceOf(ev.provenance);
  if (!src) return ev.provenance.origin === 'dictionary' ? '*your dictionary*' : '';
  const label = escapeMd(ctx.sources.citeLabel(ev.provenance)!);
  const target = links?.openSource(src.doc.id, src.start, src.end);
  return target ? `[${label}](${target})` : label;
}

/** How many facts and sources a compact card shows (VS Code's default hover shows about 15 lines). */
const COMPACT = { facts: 5, sources: 2, description: 180, excerpt: 200 };

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1).replace(/\s+\S*$/, '') + '…' : s;
}

/** Citations with one per author first ("Kazantsev…; Berniyazova…" before a second Kazantsev). */
function diverse(cites: string[]): string[] {
  const author = (c: string) => c.replace(/^\[/, '').split(/, (?:line|p\.)/)[0];
  const seen = new Set<string>();
  const first: string[] = [];
  const rest: string[] = [];
  for (const c of cites) {
    (seen.has(author(c)) ? rest : first).push(c);
    seen.add(author(c));
  }
  return [...first, ...rest];
}

/** What the sources leave out, said plainly: a body with no founding date, a document with no date of signature. */
function missingFacts(e: KnowledgeEntity): string | undefined {
  const has = (types: string[]) => e.events.some((ev) => types.includes(ev.type));
  if (e.kind === 'organization' && !has(['founded'])) return 'The sources give no founding date.';
  if (e.kind === 'treaty' && !has(['signed', 'adopted', 'founded'])) return 'The sources give no date of signature or adoption.';
  return undefined;
}

/**
 * The card of an organization or treaty. Compact by default (the hover): name, kind, one line,
 * at most five facts, then the defining passage and the links. `full` lists everything (the side view).
 */
export function entityCard(ctx: FeatureContext, e: KnowledgeEntity, links?: CommandLinks, options: { full?: boolean } = {}): string {
  const full = !!options.full;
  const lines: string[] = [];
  const acr = e.acronyms.length ? ` (${e.acronyms.join(', ')})` : '';
  lines.push(`**${escapeMd(e.name)}**${escapeMd(acr)}  `);
  lines.push(`*${e.kind === 'organization' ? 'Organization' : 'Treaty / document'}*${e.origin === 'learned' ? ' · learned from your sources' : e.origin === 'dictionary' ? ' · from your dictionary' : ''}`);
  const def0 = e.definitions.find((d) => d.source);
  const src0 = def0 && ctx.sources.sourceOf(def0);
  // A learned body's description is its defining sentence: the card shows that passage once, below.
  const description = ctx.sources.describe(e);
  const sameAsPassage = !!src0 && !!description && src0.doc.excerpt(src0.start, src0.end, 400).replace(/…/g, '').includes(description.replace(/…$/, '').slice(0, 120));
  if (description && !sameAsPassage) lines.push('', escapeMd(full ? description : clip(description, COMPACT.description)));
  const groups = factGroups(e.events);
  const facts = groups.flatMap((g) => g.facts);
  if (facts.length) {
    lines.push('');
    const shown = full ? facts : facts.slice(0, COMPACT.facts);
    for (const f of shown) {
      const what = EVENT_LABEL[f.type] + (f.party ? ` (${escapeMd(f.party)})` : '');
      const cites = diverse([...new Set(f.statements.map((s) => citeOf(ctx, s, links)).filter(Boolean))]);
      const listed = full ? cites : cites.slice(0, COMPACT.sources);
      const more = cites.length > listed.length ? ` (+${cites.length - listed.length})` : '';
      const via = f.statements.find((x) => x.via)?.via;
      lines.push(`- ${what}: **${formatValue(f.date)}**${via ? ` (by the ${escapeMd(via)}, signed that day)` : ''}${listed.length ? ` — ${listed.join('; ')}${more}` : ''}${f.disputed ? ` ⚠ ${escapeMd(f.disputed)}` : ''}`);
    }
    if (facts.length > shown.length) lines.push(`- +${facts.length - shown.length} more`);
    const disagreements = groups.filter((g) => g.facts.length > 1).map((g) => `${EVENT_LABEL[g.type].toLowerCase()}${g.party ? ` (${escapeMd(g.party)})` : ''}: ${g.facts.map((f) => formatValue(f.date)).join(' vs ')}`);
    if (disagreements.length) lines.push('', `⚠ The sources disagree on ${disagreements.join('; ')}.`);
  }
  const missing = missingFacts(e);
  if (missing) lines.push('', `*${missing}*`);
  const rel = (ids: string[]) => ids.map((id) => ctx.kb.get(id)).filter((x): x is KnowledgeEntity => !!x).map((x) => escapeMd(x.acronyms[0] ?? x.name));
  const pred = rel(e.predecessors);
  const succ = rel(e.successors);
  if (pred.length || succ.length) lines.push('', [pred.length ? `Predecessor: ${pred.join(', ')}` : '', succ.length ? `Successor: ${succ.join(', ')}` : ''].filter(Boolean).join(' · '));
  if (full) {
    const others = e.aliases.filter((x) => x !== e.name).slice(0, 12);
    if (others.length) lines.push('', `Also: ${others.map(escapeMd).join(' · ')}`);
  }
  const src = src0;
  if (src) {
    const c = src.doc.citation(src.start, src.end);
    lines.push('', `> ${escapeMd(src.doc.excerpt(src.start, src.end, full ? 400 : COMPACT.excerpt))}`, '');
    lines.push(`— ${formatCitation(c, { short: !full })}`);
  }
  const count = ctx.mentions.mentionCount(e.id);
  const mentionsLabel = mentionsIn(count, 'the corpus');
  const openTarget = src && links?.openSource(src.doc.id, src.start, src.end);
  const mentionsTarget = links?.showMentions(e.id);
  const cardTarget = !full ? links?.showCard?.(e.id) : undefined;
  const timelineTarget = links?.showTimeline?.(e.id);
  lines.push('', [
    openTarget ? `[Open source](${openTarget})` : '',
    mentionsTarget ? `[${mentionsLabel}](${mentionsTarget})` : mentionsLabel,
    cardTarget ? `[Full card](${cardTarget})` : '',
    timelineTarget && facts.length ? `[Timeline](${timelineTarget})` : '',
  ].filter(Boolean).join(' · '));
  return lines.join('\n');
}

/**
 * The card of a body no source or catalog names: what the note itself says — its name, kind,
 * where the note defines it, its mentions, the dates the note gives it — and plainly that no
 * source defines it.
 */
export function noteEntityCard(e: KnowledgeEntity, a: Analysis): string {
  const lines: string[] = [];
  const acr = e.acronyms.length ? ` (${e.acronyms.join(', ')})` : '';
  lines.push(`**${escapeMd(e.name)}**${escapeMd(acr)}  `);
  lines.push(`*${e.kind === 'organization' ? 'Organization' : 'Treaty / document'}* · named in this note`);
  const def = noteDefinition(a, e.id);
  const line = (o: number) => a.lines.positionAt(o).line + 1;
  if (def) lines.push('', `Defined on line ${line(def.start)}: “${escapeMd(a.text.slice(def.start, def.end).replace(/\s+/g, ' '))}”.`);
  const count = a.entities.filter((m) => m.entityId === e.id).length;
  lines.push('', `${mentionsIn(count, 'this note')}.`);
  const claims = a.claims.filter((c) => c.entityId === e.id && !c.date.invalid);
  if (claims.length) {
    lines.push('', 'The note dates:');
    for (const c of claims.slice(0, 5)) lines.push(`- ${EVENT_LABEL[c.type === 'origin' ? 'founded' : c.type] ?? c.type}${c.party ? ` (${escapeMd(c.party)})` : ''}: **${formatValue(c.date.value)}** — line ${line(c.date.start)}`);
  }
  lines.push('', '*No source defines it, so Entente states nothing about it beyond this note. Add a source that does (Entente: Add Corpus Folder…) or an entry to `.entente/dictionary.json`.*');
  return lines.join('\n');
}

export function dateCard(ctx: FeatureContext, d: DateMention, yearFrom?: string): string {
  const lines: string[] = [];
  if (d.invalid) return `**${escapeMd(d.text.replace(/\s+/g, ' '))}** is not a date: ${escapeMd(d.invalid)}.`;
  if (d.yearless && !d.inferredYear) {
    return `**${escapeMd(d.text.replace(/\s+/g, ' '))}**  \n*No year: neither this paragraph, its section heading nor the note's title gives one.*`;
  }
  const f = d.from;
  let head = d.to ? `${formatValue(d.value)}` : formatDate(f, 'dmy');
  if (!d.to && f.precision === 'day' && f.month && f.day) head = `${WEEKDAYS[weekdayOf(f.year, f.month, f.day)]}, ${head}`;
  lines.push(`**${escapeMd(head)}**  `, `\`${d.value}\`${d.approximate ? ' · approximate' : ''}${d.ambiguous ? ' · ambiguous order' : ''}${d.twoDigitYear ? ' · two-digit year' : ''}`);
  if (yearFrom) lines.push('', `*${escapeMd(yearFrom[0].toUpperCase() + yearFrom.slice(1))}.*`);
  const events = eventsAround(ctx, d).slice(0, 6);
  if (events.length) {
    lines.push('', 'In the sources:');
    for (const { entity, event } of events) {
      const src = ctx.sources.sourceOf(event.provenance);
      const cite = src ? ctx.sources.citeLabel(event.provenance) : '';
      const who = entity.acronyms[0] ?? entity.name;
      const what = event.label ?? `${EVENT_LABEL[event.type].toLowerCase()}${event.party ? ` (${event.party})` : ''}`;
      lines.push(`- ${formatValue(event.date)} — **${escapeMd(who)}**: ${escapeMd(what)}${cite ? ` (${escapeMd(cite)})` : ''}`);
    }
  } else lines.push('', '*The sources tie no event to this date.*');
  return lines.join('\n');
}

/**
 * Events the sources tie to a date: those that fall within it, at its precision or finer (under
 * "7 October 2003", that day's events, not the year's; under "2003", every event of 2003).
 */
export function eventsAround(ctx: FeatureContext, d: DateMention): { entity: KnowledgeEntity; event: EntityEvent; rank: number }[] {
  const out: { entity: KnowledgeEntity; event: EntityEvent; rank: number }[] = [];
  const target = { from: d.from, to: d.to };
  for (const entity of ctx.kb.list()) {
    for (const event of entity.events) {
      const r = parseIsoValue(event.date);
      if (!r || !agrees(target, r) || RANK[r.from.precision] > RANK[d.from.precision]) continue;
      const rank = r.from.precision === 'day' ? 0 : r.from.precision === 'month' ? 1 : 2;
      out.push({ entity, event, rank });
    }
  }
  const seen = new Set<string>();
  return out
    .sort((x, y) => x.rank - y.rank || x.event.date.localeCompare(y.event.date))
    .filter((x) => {
      const k = `${x.entity.id}|${x.event.type}|${x.event.date}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
