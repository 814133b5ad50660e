// The arguments of entente.openPdfAtPage and the `#page=N` fallback URI.
import * as assert from 'node:assert/strict';
import { MAX_HIGHLIGHT, openPdfCommandUri, parseOpenPdfArgs, pdfPageUri, splitPageFragment } from '../../client/src/pdfLink';

const PDF = 'file:///home/me/sources/zones%20report.pdf';

describe('parseOpenPdfArgs', () => {
  it('reads positional arguments, as a card\'s command link passes them', () => {
    assert.deepEqual(parseOpenPdfArgs([PDF, 2, 'the  defining\nphrase ']), { uri: PDF, page: 2, highlight: 'the defining phrase' });
    assert.deepEqual(parseOpenPdfArgs([PDF, '7']), { uri: PDF, page: 7 });
  });

  it('reads one object, as a keybinding\'s args', () => {
    assert.deepEqual(parseOpenPdfArgs([{ uri: PDF, page: 3, highlight: 'x' }]), { uri: PDF, page: 3, highlight: 'x' });
  });

  it('takes the page from a #page= fragment when no page is given, and strips the fragment', () => {
    assert.deepEqual(parseOpenPdfArgs([`${PDF}#page=12`]), { uri: PDF, page: 12 });
    assert.deepEqual(parseOpenPdfArgs([`${PDF}#zoom=100&page=4`]), { uri: PDF, page: 4 });
    assert.deepEqual(parseOpenPdfArgs([`${PDF}#page=12`, 5]), { uri: PDF, page: 5 }, 'an explicit page wins');
    assert.deepEqual(parseOpenPdfArgs([PDF]), { uri: PDF, page: 1 });
  });

  it('rejects a missing URI, a bad page, a non-string passage', () => {
    for (const args of [[], [''], [42], [{ page: 2 }]]) assert.ok('error' in parseOpenPdfArgs(args), JSON.stringify(args));
    for (const page of [0, -1, 2.5, 'two', NaN, '1e3']) assert.ok('error' in parseOpenPdfArgs([PDF, page]), String(page));
    assert.ok('error' in parseOpenPdfArgs([PDF, 1, { text: 'x' }]));
  });

  it('drops an empty passage and cuts a very long one', () => {
    assert.deepEqual(parseOpenPdfArgs([PDF, 1, '  ']), { uri: PDF, page: 1 });
    const r = parseOpenPdfArgs([PDF, 1, 'a'.repeat(MAX_HIGHLIGHT + 50)]);
    assert.ok(!('error' in r) && r.highlight?.length === MAX_HIGHLIGHT);
  });
});

describe('pdfPageUri and openPdfCommandUri', () => {
  it('builds the #page= URI, replacing an earlier fragment', () => {
    assert.equal(pdfPageUri(PDF, 2), `${PDF}#page=2`);
    assert.equal(pdfPageUri(`${PDF}#page=9`, 3), `${PDF}#page=3`);
    assert.deepEqual(splitPageFragment(pdfPageUri(PDF, 41)), { uri: PDF, page: 41 });
  });

  it('builds a command link whose arguments parse back to the target', () => {
    const link = openPdfCommandUri(PDF, 2, 'a "quoted" passage (with parentheses)');
    const m = /^command:entente\.openPdfAtPage\?(.*)$/.exec(link);
    assert.ok(m, link);
    assert.ok(!/[\s()"]/.test(m[1]), 'the arguments are URI-encoded');
    const args = JSON.parse(decodeURIComponent(m[1])) as unknown[];
    assert.deepEqual(parseOpenPdfArgs(args), { uri: PDF, page: 2, highlight: 'a "quoted" passage (with parentheses)' });
  });
});
