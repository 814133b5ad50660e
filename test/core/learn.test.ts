import * as assert from 'node:assert/strict';
import { findAcronymDefinitions, findTitles, longFormFor } from '../../server/src/core/knowledge/learn';
import { engineWith, analyze, codes } from '../util';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../util';

describe('learning from a corpus', () => {
  it('finds the long form of an acronym (Schwartz & Hearst)', () => {
    assert.equal(longFormFor('CBSS', 'founded the Council of the Baltic Sea States'), 'Council of the Baltic Sea States');
    assert.equal(longFormFor('XYZ', 'nothing that fits'), undefined);
  });

  it('learns "Full Name (ACR)", "ACR (Full Name)", "Full Name – ACR" and "Full Name, or ACR"', () => {
    const text = 'The Council of the Baltic Sea States (CBSS) met. TRACECA (Transport Corridor Europe-Caucasus-Asia) grew. ' +
      'the Central Asian Cooperation Organization – CACO – began. The Arctic Research Forum, or ARF, met. Roman (II) is not one.';
    const defs = findAcronymDefinitions(text).map((d) => `${d.acronym}=${d.name}`);
    assert.deepEqual(defs.sort(), ['ARF=Arctic Research Forum', 'CACO=Central Asian Cooperation Organization', 'CBSS=Council of the Baltic Sea States', 'TRACECA=Transport Corridor Europe-Caucasus-Asia']);
  });

  it('learns a short name that is not the initials ("The Southern Common Market (Mercosur)") only where the text defines and uses it', () => {
    const defs = (text: string, title?: string) => findAcronymDefinitions(text, title).map((d) => `${d.acronym}=${d.name}`);
    const defining = 'The Southern Common Market (Mercosur) was created in Asunción.';
    assert.deepEqual(defs(`${defining} Mercosur grew.`), ['Mercosur=Southern Common Market']);
    // The page's title counts as a use; never used again, a parenthesis is not taken as a name.
    assert.deepEqual(defs(defining, 'Mercosur at thirty'), ['Mercosur=Southern Common Market']);
    assert.deepEqual(defs(defining), []);
    // A place or a year in parentheses, a long form with no head word, a sentence that does not open with it.
    assert.deepEqual(defs('The International Atomic Energy Agency (Vienna) met. Vienna is far.'), []);
    assert.deepEqual(defs('The Southern Cone (Mercosur) grew. Mercosur is here.'), []);
    assert.deepEqual(defs('We met the Southern Common Market (Mercosur) team. Mercosur is here.'), []);
  });

  it('learns long document titles in full', () => {
    const titles = findTitles('the Treaty on Principles Governing the Activities of States in the Exploration and Use of Outer Space, including the Moon').map((t) => t.name);
    assert.deepEqual(titles, ['Treaty on Principles Governing the Activities of States in the Exploration and Use of Outer Space']);
  });

  it('learns document titles, without leading determiners or generic two-word names', () => {
    const titles = findTitles('Its Final Act, usually called the Helsinki Final Act, and the Treaty on Open \nSkies, and the Charter of Paris for a New Europe.').map((t) => t.name);
    assert.deepEqual(titles.sort(), ['Charter of Paris for a New Europe', 'Helsinki Final Act', 'Treaty on Open Skies']);
  });

  it('gives a user corpus hover-ready entities and dated facts with provenance', async () => {
    const own = fs.readFileSync(path.join(ROOT, 'test/fixtures/dev-notes/own-corpus/helsinki-process.txt'), 'utf8');
    const engine = await engineWith({ '/own/helsinki.txt': own });
    const cbss = engine.kb.resolveName('CBSS');
    assert.ok(cbss, 'CBSS learned');
    assert.equal(cbss.name, 'Council of the Baltic Sea States');
    assert.equal(cbss.definitions[0].source?.file, 'helsinki.txt');
    const hfa = engine.kb.resolveName('Helsinki Final Act');
    assert.ok(hfa);
    assert.ok(hfa.events.some((e) => e.type === 'signed' && e.date === '1975-08-01'), JSON.stringify(hfa.events));
    const a = analyze(engine, 'The Helsinki Final Act was signed on 1 August 1976.');
    assert.deepEqual(codes(a), ['date-conflict']);
    assert.match(a.diagnostics[0].message, /1 August 1975/);
  });

  it('learns nothing of a source it does not have', async () => {
    const engine = await engineWith({});
    assert.equal(engine.kb.resolveName('CBSS'), undefined);
  });
});

describe('learning short names and signatures', () => {
  it('learns ", known as the X," as another name of a title, and "opened for signature" as its signature', async () => {
    const { engineWith, analyze } = await import('../util.js');
    const src = 'The Treaty on Principles Governing the Activities of States in Outer Space, known as the Outer Space Treaty, was opened for signature on 27 January 1967 in London.\n';
    const engine = await engineWith({ '/mine/space.txt': src }, {}, false);
    const a = analyze(engine, 'The Outer Space Treaty was opened for signature on 27 January 1968.');
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['date-conflict']);
    assert.match(a.diagnostics[0].message, /27 January 1967/);
    assert.deepEqual(analyze(engine, 'The Outer Space Treaty was opened for signature on 27 January 1967.').diagnostics, []);
  });

  it('dates a body created by a treaty by the treaty\'s signature, and says so', async () => {
    const src = 'Mercosur at thirty\n\nThe Southern Common Market (Mercosur) was created by the Treaty of Asunción, signed by Argentina, Brazil, Paraguay and Uruguay on 26 March 1991. The Andean Pact was launched by the Cartagena Agreement.\n';
    const engine = await engineWith({ '/mine/mercosur.txt': src }, {}, false);
    const mercosur = engine.kb.resolveName('Mercosur');
    assert.ok(mercosur, 'Mercosur learned');
    assert.deepEqual(mercosur.events.map((e) => [e.type, e.date, e.via]), [['founded', '1991-03-26', 'Treaty of Asunción']]);
    const a = analyze(engine, 'Mercosur was founded in 1992.');
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['date-conflict']);
    assert.match(a.diagnostics[0].message, /founded by the Treaty of Asunción, signed on 26 March 1991/);
    assert.deepEqual(analyze(engine, 'Mercosur was founded on 26 March 1991.').diagnostics, []);
  });

  it('dates no body by a treaty it did not come from', async () => {
    // The body signed the treaty; it was not created by it.
    const engine = await engineWith({ '/mine/x.txt': 'The Southern Common Market (Mercosur) signed the Treaty of Asunción on 26 March 1991. Mercosur grew.\n' }, {}, false);
    const mercosur = engine.kb.resolveName('Mercosur');
    assert.ok(mercosur);
    assert.deepEqual(mercosur.events.filter((e) => e.type === 'founded'), []);
  });
});
