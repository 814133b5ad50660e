// Hover cards: compact Markdown that reads well at VS Code's default hover width.

import type { DateMention, EntityEvent, Span } from '../types';
import type { Analysis } from '../analysis';
import { mentionAt } from '../analysis';
import type { FeatureContext } from '../views';
import type { KnowledgeEntity } from '../knowledge/kb';
import { formatDate, WEEKDAYS, weekdayOf, agrees } from '../dates/calendar';
import { formatValue, parseIsoValue } from '../dates/value';

export interface Hover extends Span {
  markdown: string;
}

/** Links in cards are command URIs the client implements; other clients show them as text. */
export interface CommandLinks {
  openSource(file: string, start: number, end: number): string;
  showMentions(entityId: string): string;
}

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

export function hover(ctx: FeatureContext, a: Analysis, offset: number, links?: CommandLinks): Hover | undefined {
  const { entity, date } = mentionAt(a, offset);
  if (entity) {
    const e = ctx.kb.get(entity.entityId);
    if (e) return { start: entity.start, end: entity.end, markdown: entityCard(ctx, e, links) };
  }
  if (date) return { start: date.start, end: date.end, markdown: dateCard(ctx, date) };
  return undefined;
}

function sourceLine(ctx: FeatureContext, ev: { provenance: EntityEvent['provenance'] }, links?: CommandLinks): string {
  const src = ctx.sources.sourceOf(ev.provenance);
  if (!src) return ev.provenance.origin === 'dictionary' ? '*your dictionary*' : '';
  const label = escapeMd(ctx.sources.citeLabel(ev.provenance)!);
  const target = links?.openSource(src.doc.id, src.start, src.end);
  return target ? `[${label}](${target})` : label;
}

export function entityCard(ctx: FeatureContext, e: KnowledgeEntity, links?: CommandLinks): string {
  const lines: string[] = [];
  const acr = e.acronyms.length ? ` (${e.acronyms.join(', ')})` : '';
  lines.push(`**${escapeMd(e.name)}**${escapeMd(acr)}  `);
  lines.push(`*${e.kind === 'organization' ? 'Organization' : 'Treaty / document'}*${e.origin === 'learned' ? ' · learned from your sources' : e.origin === 'dictionary' ? ' · from your dictionary' : ''}`);
  if (e.description) lines.push('', escapeMd(e.description));
  const events = [...e.events].sort((x, y) => x.date.localeCompare(y.date));
  if (events.length) {
    lines.push('');
    // Where the sources disagree about one event, every version is listed with its citation.
    const shown = events.slice(0, 8);
    for (const ev of shown) {
      const what = EVENT_LABEL[ev.type] + (ev.party ? ` (${escapeMd(ev.party)})` : '');
      const cite = sourceLine(ctx, ev, links);
      lines.push(`- ${what}: **${formatValue(ev.date)}**${cite ? ` — ${cite}` : ''}${ev.disputed ? ` ⚠ ${escapeMd(ev.disputed)}` : ''}`);
    }
    if (events.length > shown.length) lines.push(`- … ${events.length - shown.length} more`);
    const disagreements = disagreementsOf(events);
    if (disagreements.length) lines.push('', `⚠ The sources disagree on: ${disagreements.join('; ')}.`);
  }
  const rel = (ids: string[]) => ids.map((id) => ctx.kb.get(id)).filter((x): x is KnowledgeEntity => !!x).map((x) => escapeMd(x.acronyms[0] ?? x.name));
  const pred = rel(e.predecessors);
  const succ = rel(e.successors);
  if (pred.length || succ.length) {
    lines.push('');
    if (pred.length) lines.push(`Predecessor: ${pred.join(', ')}  `);
    if (succ.length) lines.push(`Successor: ${succ.join(', ')}`);
  }
  const others = e.aliases.filter((x) => x !== e.name).slice(0, 6);
  if (others.length) lines.push('', `Also: ${others.map(escapeMd).join(' · ')}`);
  const def = e.definitions.find((d) => d.source);
  const src = def && ctx.sources.sourceOf(def);
  if (src) {
    const c = src.doc.citation(src.start, src.end);
    lines.push('', `> ${escapeMd(src.doc.excerpt(src.start, src.end, 260))}`, '');
    const where = `${c.chapter ? `*${escapeMd(c.chapter)}*` : escapeMd(src.doc.id)}${c.author ? `, ${escapeMd(c.author)}` : ''}, line ${c.line}`;
    lines.push(`— ${where}`);
  }
  const count = ctx.mentions.mentionCount(e.id);
  const openTarget = src && links?.openSource(src.doc.id, src.start, src.end);
  const open = openTarget ? `[Open source](${openTarget})` : '';
  const mentionsTarget = links?.showMentions(e.id);
  const all = mentionsTarget ? `[${count} mentions in the corpus](${mentionsTarget})` : `${count} mentions in the corpus`;
  lines.push('', [open, all].filter(Boolean).join(' · '));
  return lines.join('\n');
}

function disagreementsOf(events: EntityEvent[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, EntityEvent[]>();
  for (const e of events) {
    const k = `${e.type}|${e.party ?? ''}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  for (const [k, g] of groups) {
    const ranges = g.map((e) => parseIsoValue(e.date)).filter((x) => x);
    const disagree = ranges.some((r, i) => ranges.some((s, j) => j > i && !agrees(r!, s!)));
    if (disagree) {
      const [type, party] = k.split('|');
      out.push(`${EVENT_LABEL[type].toLowerCase()}${party ? ` (${party})` : ''}: ${[...new Set(g.map((e) => formatValue(e.date)))].join(' vs ')}`);
    }
  }
  return out;
}

export function dateCard(ctx: FeatureContext, d: DateMention): string {
  const lines: string[] = [];
  if (d.invalid) return `**${escapeMd(d.text.replace(/\s+/g, ' '))}** is not a date: ${escapeMd(d.invalid)}.`;
  const f = d.from;
  let head = d.to ? `${formatValue(d.value)}` : formatDate(f, 'dmy');
  if (!d.to && f.precision === 'day' && f.month && f.day) head = `${WEEKDAYS[weekdayOf(f.year, f.month, f.day)]}, ${head}`;
  lines.push(`**${escapeMd(head)}**  `, `\`${d.value}\`${d.approximate ? ' · approximate' : ''}${d.ambiguous ? ' · ambiguous order' : ''}`);
  const events = eventsAround(ctx, d).slice(0, 6);
  if (events.length) {
    lines.push('', 'In the sources:');
    for (const { entity, event } of events) {
      const src = ctx.sources.sourceOf(event.provenance);
      const cite = src ? `line ${src.doc.citation(src.start).line}` : '';
      const who = entity.acronyms[0] ?? entity.name;
      const what = event.label ?? `${EVENT_LABEL[event.type].toLowerCase()}${event.party ? ` (${event.party})` : ''}`;
      lines.push(`- ${formatValue(event.date)} — **${escapeMd(who)}**: ${escapeMd(what)}${cite ? ` (${cite})` : ''}`);
    }
  }
  return lines.join('\n');
}

/** Events of the knowledge base at or near a date: that day, then that month, then that year. */
export function eventsAround(ctx: FeatureContext, d: DateMention): { entity: KnowledgeEntity; event: EntityEvent; rank: number }[] {
  const out: { entity: KnowledgeEntity; event: EntityEvent; rank: number }[] = [];
  const target = { from: d.from, to: d.to };
  for (const entity of ctx.kb.list()) {
    for (const event of entity.events) {
      const r = parseIsoValue(event.date);
      if (!r || !agrees(target, r)) continue;
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
