// Peers on the annotated notes, scored by the same code (eval.ts scoreSpans) on the same texts:
// `compromise` (its organizations) and `wink-nlp` with `wink-eng-lite-web-model` (its model has no
// organization entity, so its proper-noun phrases: runs of PROPN tokens, with "of"/"for"/"and"
// between them). Neither has a category for treaties: what they find there is scored as an
// organization (and counts as a miss for the treaty).

import type { Predicted } from './eval';

export interface PeerSystem {
  name: string;
  find(text: string): Predicted[];
}

interface CompromiseSpan {
  text: string;
  offset: { start: number; length: number };
}

export function peerSystems(): PeerSystem[] {
  const out: PeerSystem[] = [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nlp = require('compromise') as (t: string) => { organizations(): { json(o: object): CompromiseSpan[] } };
  out.push({
    name: 'compromise',
    find: (text) =>
      nlp(text)
        .organizations()
        .json({ offset: true, terms: false })
        .map((m) => ({ kind: 'org' as const, start: m.offset.start, end: m.offset.start + m.offset.length, value: '', text: m.text }))
        // compromise includes trailing punctuation in some spans
        .map((p) => trimSpan(text, p)),
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const winkNLP = require('wink-nlp') as (model: unknown) => WinkNlp;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const model = require('wink-eng-lite-web-model') as unknown;
  const wink = winkNLP(model);
  const its = wink.its;
  out.push({
    name: 'wink-nlp',
    find: (text) => {
      const doc = wink.readDoc(text);
      const tokens: { pos: string; value: string; start: number; end: number }[] = [];
      let at = 0;
      doc.tokens().each((t) => {
        const value = t.out() as string;
        const start = text.indexOf(value, at);
        if (start < 0) return;
        at = start + value.length;
        tokens.push({ pos: t.out(its.pos) as string, value, start, end: at });
      });
      const found: Predicted[] = [];
      for (let i = 0; i < tokens.length; i++) {
        if (tokens[i].pos !== 'PROPN') continue;
        let j = i;
        while (j + 1 < tokens.length && (tokens[j + 1].pos === 'PROPN' || (/^(?:of|for|and)$/.test(tokens[j + 1].value) && tokens[j + 2]?.pos === 'PROPN'))) j += tokens[j + 1].pos === 'PROPN' ? 1 : 2;
        found.push({ kind: 'org', start: tokens[i].start, end: tokens[j].end, value: '', text: text.slice(tokens[i].start, tokens[j].end) });
        i = j;
      }
      return found;
    },
  });
  return out;
}

interface WinkToken {
  out(f?: unknown): unknown;
}
interface WinkNlp {
  its: { pos: unknown };
  readDoc(t: string): { tokens(): { each(f: (t: WinkToken) => void): void } };
}

function trimSpan(text: string, p: Predicted): Predicted {
  let { start, end } = p;
  while (end > start && /[\s.,;:!?)"'’]/.test(text[end - 1])) end--;
  while (start < end && /[\s("'‘]/.test(text[start])) start++;
  return { ...p, start, end, text: text.slice(start, end) };
}
