// maskLatex makes a LaTeX note analyzable: run through the engine, the masked note yields exactly
// the annotated names and dates of a LaTeX fixture, none from its comments, commands, keys, math or URLs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bookEngine, ROOT } from '../util';
import { parseAnnotated } from '../eval/annotated';
import { maskLatex } from '../../server/src/core/cite/latex';

describe('cite: LaTeX notes through maskLatex', () => {
  const gold = parseAnnotated(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'latex', '01-csto-paper.tex'), 'utf8'));

  it('finds every annotated entity and date at its place, and nothing else', async () => {
    const engine = await bookEngine();
    const masked = maskLatex(gold.text);
    const a = engine.analyze({ uri: 'test://paper.tex', version: 1, text: masked, languageId: 'plaintext' });
    const found = [
      ...a.entities.map((e) => `${e.kind === 'organization' ? 'org' : 'treaty'}:${e.entityId}@${e.start}-${e.end}`),
      ...a.dates.map((d) => `date:${d.value}@${d.start}-${d.end}`),
    ].sort();
    const expected = gold.entities.map((g) => `${g.kind}:${g.value}@${g.start}-${g.end}`).sort();
    assert.deepEqual(found, expected);
  });

  it('unmasked, the same note yields names and dates from its non-prose', async () => {
    const engine = await bookEngine();
    const a = engine.analyze({ uri: 'test://paper-raw.tex', version: 1, text: gold.text, languageId: 'plaintext' });
    const spurious = a.dates.filter((d) => !gold.entities.some((g) => g.start === d.start && g.end === d.end));
    assert.ok(spurious.length >= 2, `spurious dates: ${spurious.map((d) => d.text).join(', ')}`);
  });
});
