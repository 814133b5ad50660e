// The end-to-end scenarios of test/e2e (activation, hover, go to definition, diagnostics, quick
// fix, completion) through the `vscode` API instead of the keyboard and the DOM: the extension
// under development, its real language server, a copy of test/e2e/workspace/ as the folder.
// Every wait polls with a deadline (no fixed sleeps): requests to the language server are repeated
// until they give the expected answer, since the server may still be indexing its corpus.

import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'entente.entente';
const CORPUS_FILE = 'international-security-organizations-in-eurasia.txt';
// A source citation in a hover: "line 1247", "lines 1247-1250", "L1247", "L1247-L1250".
const CITATION_RE = /\blines?\s+\d+|\bL\d+\b/;
const WAIT_MS = Number(process.env.ENTENTE_VSCODE_WAIT_MS ?? 45000);
const POLL_MS = 250;

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const short = (v: unknown, n = 300) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > n ? `${s.slice(0, n)}…` : s;
};

/** Calls `probe` every POLL_MS until it returns something other than undefined (returned) or the
 *  deadline passes (throws, naming `what`, the last value `describe` gave and the last error). */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = WAIT_MS, describe }: { timeoutMs?: number; describe?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = describe ? `; last seen: ${describe()}` : '';
      const why = lastError ? `; last error: ${String((lastError as Error)?.message ?? lastError).split('\n')[0]}` : '';
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${seen}${why}`);
    }
    await delay(POLL_MS);
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder: open a copy of test/e2e/workspace (runTest.js and run-in-code-server.mjs do)');
  return vscode.Uri.joinPath(folder.uri, name);
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  return vscode.window.showTextDocument(doc);
}

/** The position one character into the first occurrence of `needle` (where a user's cursor would be). */
function positionIn(doc: vscode.TextDocument, needle: string): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not found in ${doc.uri.fsPath}`);
  return doc.positionAt(at + 1);
}

function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function diagnosticCode(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return String(code ?? '');
}

function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

const isLocationLink = (l: vscode.Location | vscode.LocationLink): l is vscode.LocationLink => 'targetUri' in l;

suite('Entente in VS Code (API)', () => {
  suiteTeardown(async () => {
    // The workspace is a temporary copy: save what the tests changed so that closing the window
    // never asks about unsaved files, then close the editors.
    await vscode.workspace.saveAll(false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('activation: opening a .txt note activates entente.entente', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
    const editor = await open('notes.txt');
    assert.ok(['plaintext', 'markdown', 'entente-notes'].includes(editor.document.languageId), `notes.txt opened as ${editor.document.languageId}`);
    await waitFor('the extension to become active', () => (ext.isActive ? true : undefined));
  });

  test('hover on "CSTO" names the Collective Security Treaty Organization and cites a line', async () => {
    const { document } = await open('notes.txt');
    const position = positionIn(document, 'CSTO');
    let text = '';
    await waitFor(`a hover with "Collective Security Treaty Organization" and a citation matching ${CITATION_RE}`, async () => {
      text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
      // The card's title is the full name with the acronym.
      return text.includes('**Collective Security Treaty Organization** (CSTO)') && CITATION_RE.test(text) ? true : undefined;
    }, { describe: () => short(text) });
  });

  test('definition of "SCO" is the defining passage in the bundled corpus', async () => {
    const { document } = await open('notes.txt');
    const position = positionIn(document, 'SCO');
    let seen: string[] = [];
    const targets = await waitFor(`a definition in ${CORPUS_FILE}`, async () => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position);
      const mapped = (found ?? []).map((l) => (isLocationLink(l)
        ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange }
        : { uri: l.uri, range: l.range }));
      seen = mapped.map((t) => `${t.uri.path}:${t.range.start.line + 1}`);
      const inCorpus = mapped.filter((t) => t.uri.path.endsWith(`/${CORPUS_FILE}`));
      return inCorpus.length ? inCorpus : undefined;
    }, { describe: () => short(seen) });
    const corpus = await vscode.workspace.openTextDocument(targets[0].uri);
    const texts = targets.map((t) => collapse(corpus.getText(t.range)));
    // The first location is the primary one (the one F12 jumps to).
    assert.strictEqual(texts[0], 'Shanghai Cooperation Organization (SCO)',
      `target selection of the first definition (${seen[0]}); all: ${short(texts)}`);
  });

  test('dates.txt has a date-conflict and a date-invalid diagnostic', async () => {
    const { document } = await open('dates.txt');
    let codes: string[] = [];
    await waitFor('diagnostics date-conflict and date-invalid', () => {
      codes = vscode.languages.getDiagnostics(document.uri).map(diagnosticCode);
      return codes.includes('date-conflict') && codes.includes('date-invalid') ? true : undefined;
    }, { describe: () => short(codes) });
  });

  test('the quick fix on the conflict replaces "15 May 1993" with "15 May 1992"', async () => {
    const { document } = await open('dates.txt');
    const conflict = await waitFor('a date-conflict diagnostic', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => diagnosticCode(d) === 'date-conflict'));
    assert.strictEqual(document.getText(conflict.range), '15 May 1993', 'the conflict diagnostic covers the date');
    let titles: string[] = [];
    const fixes = await waitFor('a "Replace with…" quick fix', async () => {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider', document.uri, conflict.range, undefined, 10);
      titles = (actions ?? []).map((a) => a.title);
      const replace = (actions ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string' && a.title.startsWith('Replace with'));
      return replace.length ? replace : undefined;
    }, { describe: () => short(titles) });
    // Of several "Replace with …" fixes take the one naming the full date, as a user would.
    const fix = fixes.find((a) => a.title.includes('15 May 1992')) ?? fixes[0];
    assert.ok(fix.edit, `the quick fix "${fix.title}" carries no edit`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), `applyEdit refused the edit of "${fix.title}"`);
    assert.ok(document.getText().includes('15 May 1992'), `text after "${fix.title}": ${short(document.getText())}`);
    assert.ok(!document.getText().includes('15 May 1993'), 'the wrong date is still there');
    await waitFor('the date-conflict diagnostic to go away', () =>
      (vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'date-conflict') ? undefined : true));
  });

  test('completion after "Coll" offers "Collective Security Treaty Organization"', async () => {
    const editor = await open('draft.txt');
    const { document } = editor;
    const end = document.lineAt(document.lineCount - 1).range.end;
    const prefix = end.character === 0 ? 'Coll' : '\nColl';
    assert.ok(await editor.edit((b) => b.insert(end, prefix)), 'could not type "Coll"');
    const position = document.lineAt(document.lineCount - 1).range.end;
    assert.strictEqual(document.lineAt(position.line).text, 'Coll');
    let labels: string[] = [];
    await waitFor('a completion "Collective Security Treaty Organization"', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
      labels = (list?.items ?? []).map(completionLabel);
      return labels.includes('Collective Security Treaty Organization') ? true : undefined;
    }, { describe: () => short(labels.slice(0, 10)) });
  });
});
