// The view models of the client's views (client/src/views/model.ts): the "in this note" tree, the
// timeline order and marks, the names quick pick, the entity ids of command arguments, and
// the debounce that spaces out refreshes. No editor needed: the models are pure.

import * as assert from 'assert';
import * as fc from 'fast-check';

import {
  compareIso,
  debounce,
  entityIdArg,
  entitySummary,
  entityTree,
  exactAcronym,
  isoStart,
  nameItems,
  timelineNodes,
} from '../../client/src/views/model';
import type { NoteEntitiesResult, Range, TimelineEvent } from '../../server/src/protocol';

const r = (line: number, character: number, length = 4): Range => ({ start: { line, character }, end: { line, character: character + length } });

describe('client views: "in this note"', () => {
  const result: NoteEntitiesResult = {
    groups: [
      { kind: 'date', items: [
        { id: '2001-06-15', name: '15 June 2001', count: 1, ranges: [r(5, 50, 12)] },
        { id: '1992-05-15', name: '15 May 1992', count: 2, ranges: [r(2, 70, 11), r(3, 40, 11)] },
      ] },
      { kind: 'organization', items: [
        { id: 'sco', name: 'Shanghai Cooperation Organization', count: 1, ranges: [r(5, 4, 33)] },
        { id: 'csto', name: 'Collective Security Treaty Organization', count: 3, ranges: [r(2, 4), r(7, 0), r(9, 12)] },
      ] },
      { kind: 'treaty', items: [] },
    ],
  };

  it('groups by kind in a fixed order, leaves empty groups out, counts entities and mentions', () => {
    const tree = entityTree(result);
    assert.deepStrictEqual(tree.map((g) => g.kind), ['organization', 'date']);
    assert.strictEqual(tree[0].label, 'Organizations');
    assert.strictEqual(tree[0].description, '2 · 4 mentions');
    assert.strictEqual(tree[1].description, '2 · 3 mentions');
  });

  it('orders bodies by how often the note names them, dates by date; a click goes to the first mention', () => {
    const [orgs, dates] = entityTree(result);
    assert.deepStrictEqual(orgs.items.map((i) => i.id), ['csto', 'sco']);
    assert.strictEqual(orgs.items[0].description, '×3');
    assert.deepStrictEqual(orgs.items[0].first, r(2, 4));
    assert.deepStrictEqual(orgs.items[0].mentions.map((m) => m.label), ['Line 3, column 5', 'Line 8, column 1', 'Line 10, column 13']);
    assert.deepStrictEqual(dates.items.map((i) => i.id), ['1992-05-15', '2001-06-15']);
  });

  it('says what the note holds, and when it holds nothing', () => {
    assert.strictEqual(entitySummary(entityTree(result)), '2 organizations, 2 dates');
    assert.match(entitySummary(entityTree({ groups: [] })), /^No organizations, treaties or dates/);
    assert.deepStrictEqual(entityTree(null), []);
  });

  it('merges two groups of one kind (a server may send them apart)', () => {
    const tree = entityTree({ groups: [
      { kind: 'treaty', items: [{ id: 'cst', name: 'Collective Security Treaty', count: 1, ranges: [r(0, 0)] }] },
      { kind: 'treaty', items: [{ id: 'founding-act', name: 'Founding Act', count: 2, ranges: [r(1, 0), r(2, 0)] }] },
    ] });
    assert.strictEqual(tree.length, 1);
    assert.deepStrictEqual(tree[0].items.map((i) => i.id), ['founding-act', 'cst']);
    assert.strictEqual(entitySummary(tree), '2 treaties and documents');
  });
});

describe('client views: timeline', () => {
  it('orders ISO values by their start, coarser precision first, a range after a point', () => {
    const values = ['2001-06-15', '1998/2000', '2001', '199X', '2001-06', '1998', '1992-05-15'];
    assert.deepStrictEqual([...values].sort(compareIso), ['199X', '1992-05-15', '1998', '1998/2000', '2001', '2001-06', '2001-06-15']);
    assert.strictEqual(isoStart('1998/2000'), '1998');
    assert.strictEqual(isoStart('199X'), '1990');
  });

  it('compareIso is a total order consistent with the start of each value', () => {
    const iso = fc.tuple(fc.integer({ min: 1900, max: 2030 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 28 }))
      .map(([y, m, d]) => (m === 0 ? `${y}` : d === 0 ? `${y}-${String(m).padStart(2, '0')}` : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`));
    fc.assert(fc.property(iso, iso, iso, (a, b, c) => {
      // Antisymmetric (a sum, not a negation: -Math.sign(0) is -0, which strictEqual tells from 0 when a equals b).
      assert.equal(Math.sign(compareIso(a, b)) + Math.sign(compareIso(b, a)), 0);
      if (a === b) assert.equal(compareIso(a, b), 0);
      if (compareIso(a, b) <= 0 && compareIso(b, c) <= 0) assert.ok(compareIso(a, c) <= 0);
      if (a.slice(0, 4) < b.slice(0, 4)) assert.ok(compareIso(a, b) < 0);
    }));
  });

  const note = 'file:///notes/csto.md';
  const events: TimelineEvent[] = [
    { date: '2001-06-15', label: '15 June 2001', event: 'SCO founded', entityId: 'sco', location: { uri: note, range: r(5, 50, 12) } },
    { date: '1993-05-15', label: '15 May 1993', event: 'Collective Security Treaty signed', entityId: 'cst', location: { uri: note, range: r(3, 40, 11) },
      problem: { code: 'date-conflict', message: 'The sources say 15 May 1992.' } },
    { date: '1992-05-15', label: '15 May 1992', event: 'Collective Security Treaty signed', entityId: 'cst', citation: 'Kazantsev, line 2309',
      location: { uri: 'file:///seeds/book.txt', range: r(2308, 0, 40) } },
    { date: '1992-05-15', label: '15 May 1992', event: 'CSTO mentioned', location: { uri: note, range: r(2, 70, 11) } },
  ];

  it('lists every event in date order, stable for equal dates, with its source', () => {
    const nodes = timelineNodes(events, note);
    assert.deepStrictEqual(nodes.map((n) => n.label), [
      '15 May 1992 — Collective Security Treaty signed',
      '15 May 1992 — CSTO mentioned',
      '15 May 1993 — Collective Security Treaty signed',
      '15 June 2001 — SCO founded',
    ]);
    assert.deepStrictEqual(nodes.map((n) => n.fromSource), [true, false, false, false]);
    assert.strictEqual(nodes[0].description, 'Kazantsev, line 2309');
    assert.match(nodes[1].tooltip, /Stated: line 3 of the note/);
  });

  it('marks the events a check flags, with the code in the description and the message in the tooltip', () => {
    const flagged = timelineNodes(events, note).filter((n) => n.problem);
    assert.strictEqual(flagged.length, 1);
    assert.strictEqual(flagged[0].description, '⚠ date-conflict');
    assert.match(flagged[0].tooltip, /date-conflict: The sources say 15 May 1992\./);
  });

  it("a body's timeline (no note) counts every located event as from a source", () => {
    assert.ok(timelineNodes(events).every((n) => n.fromSource));
  });
});

describe('client views: names quick pick and cards', () => {
  it('one item per entity, the acronyms in the description (matched by the quick pick), kind and origin in the detail', () => {
    const items = nameItems({ items: [
      { id: 'sco', name: 'Shanghai Cooperation Organization', acronyms: ['SCO'], kind: 'organization', origin: 'catalog' },
      { id: 'csto', name: 'Collective Security Treaty Organization', acronyms: ['CSTO', 'ODKB', 'CSTO'], kind: 'organization', origin: 'catalog' },
      { id: 'csto', name: 'CSTO (again)', acronyms: [], kind: 'organization', origin: 'learned' },
      { id: 'open-skies', name: 'Treaty on Open Skies', acronyms: [], kind: 'treaty', origin: 'learned' },
    ] });
    assert.deepStrictEqual(items.map((i) => i.id), ['csto', 'sco', 'open-skies']);
    assert.strictEqual(items[0].description, 'CSTO · ODKB');
    assert.strictEqual(items[2].detail, 'treaty or document · learned from your sources');
    assert.deepStrictEqual(nameItems(undefined), []);
    assert.deepStrictEqual(items[0].acronyms, ['CSTO', 'ODKB']);
  });

  it('finds the body whose acronym is typed exactly, case aside, and nothing for a prefix', () => {
    const items = nameItems({ items: [
      { id: 'csto-staff', name: 'CSTO Joint Staff', acronyms: [], kind: 'organization', origin: 'catalog' },
      { id: 'csto', name: 'Collective Security Treaty Organization', acronyms: ['CSTO'], kind: 'organization', origin: 'catalog' },
    ] });
    assert.strictEqual(exactAcronym(items, 'csto ')?.id, 'csto');
    assert.strictEqual(exactAcronym(items, 'CST'), undefined);
    assert.strictEqual(exactAcronym(items, ''), undefined);
  });

  it('reads the entity id from every form a command receives', () => {
    assert.strictEqual(entityIdArg('csto'), 'csto');
    assert.strictEqual(entityIdArg({ entityId: 'csto' }), 'csto');
    assert.strictEqual(entityIdArg([{ entityId: 'csto' }]), 'csto');
    assert.strictEqual(entityIdArg({ type: 'entity', id: 'sco' }), 'sco');
    for (const bad of [undefined, null, '', 3, {}, { id: 'x' }, [], { entityId: 5 }]) assert.strictEqual(entityIdArg(bad), undefined, JSON.stringify(bad));
  });
});

describe('client views: debounce', () => {
  it('runs once, after the last of a burst, with its arguments; cancel drops it', async () => {
    const calls: number[] = [];
    const d = debounce((n: number) => calls.push(n), 20);
    for (let i = 0; i < 5; i++) d(i);
    await new Promise((res) => setTimeout(res, 60));
    assert.deepStrictEqual(calls, [4]);
    d(9);
    d.cancel();
    await new Promise((res) => setTimeout(res, 40));
    assert.deepStrictEqual(calls, [4]);
  });
});
