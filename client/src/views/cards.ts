// Cards as rendered, read-only views: `entente.showCard {entityId}` ("Show full card" in a hover)
// and the lookup quick pick open the full card in a webview beside the note. The Markdown is
// rendered by VS Code's own Markdown extension (`markdown.api.render`), and the card's links run
// only the card commands (CARD_COMMANDS). Nothing is written to a document: no Untitled buffer.

import * as vscode from 'vscode';

import {
  CARD_COMMANDS,
  CARD_REQUEST,
  LOOKUP_REQUEST,
  NAMES_REQUEST,
  type CardParams,
  type CardResult,
  type LookupParams,
  type LookupResult,
  type NamesParams,
  type NamesResult,
} from '../../../server/src/protocol';
import { entityIdArg, exactAcronym, nameItems, type NamePickItem } from './model';
import { activeNote, request, type ViewsHost } from './host';

export const CARD_VIEW_TYPE = 'entente.card';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // The Markdown extension is disabled: show the text as it is.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

function page(webview: vscode.Webview, title: string, body: string): string {
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'unsafe-inline'; img-src ${webview.cspSource} data:;`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: var(--vscode-markdown-font-family, var(--vscode-font-family)); font-size: var(--vscode-markdown-font-size, 14px);
         line-height: 1.5; color: var(--vscode-foreground); max-width: 52em; padding: 0 1.2em 2em; }
  a { color: var(--vscode-textLink-foreground); } a:hover { color: var(--vscode-textLink-activeForeground); }
  code { font-family: var(--vscode-editor-font-family); }
  blockquote { margin: 0.6em 0; padding: 0.1em 1em; border-left: 3px solid var(--vscode-textBlockQuote-border); background: var(--vscode-textBlockQuote-background); }
  hr { border: 0; border-top: 1px solid var(--vscode-widget-border, rgba(128,128,128,0.35)); }
  table { border-collapse: collapse; } th, td { padding: 0.2em 0.6em; border-bottom: 1px solid var(--vscode-widget-border, rgba(128,128,128,0.35)); text-align: left; }
</style></head>
<body class="entente-card">${body}</body></html>`;
}

export class CardDocuments implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(private readonly host: ViewsHost) {}

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
  }

  /** Opens the full card of the entity (an id, `{entityId}` or `[{entityId}]`) beside the editor. */
  async show(arg: unknown): Promise<boolean> {
    const entityId = entityIdArg(arg);
    if (!entityId) return false;
    const card = await this.fetch(entityId);
    if (!card) {
      void vscode.window.showInformationMessage(this.host.client()?.isRunning() ? `Entente: no card for “${entityId}”.` : 'Entente: the language server is not running yet; open a note first.');
      return false;
    }
    await this.open(card);
    return true;
  }

  /** Shows a card already fetched (the lookup's answer). */
  async open(card: { id: string; name: string; markdown: string }): Promise<void> {
    let panel = this.panels.get(card.id);
    if (panel) {
      panel.reveal(undefined, false);
    } else {
      panel = vscode.window.createWebviewPanel(CARD_VIEW_TYPE, card.name, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: false,
        enableCommandUris: [...CARD_COMMANDS],
        localResourceRoots: [],
        retainContextWhenHidden: false,
      });
      const id = card.id;
      panel.onDidDispose(() => this.panels.delete(id));
      this.panels.set(card.id, panel);
    }
    panel.title = card.name;
    panel.webview.html = page(panel.webview, card.name, await renderMarkdown(card.markdown));
  }

  /** Re-asks the server for every open card (after a restart or a rebuilt index). */
  refreshAll(): void {
    for (const id of this.panels.keys()) {
      void this.fetch(id).then((card) => card && this.open(card));
    }
  }

  /** The full card, or undefined when the server has none (or does not run). */
  async fetch(entityId: string): Promise<CardResult | undefined> {
    const uri = activeNote(this.host)?.document.uri.toString();
    return (await request<CardResult>(this.host, CARD_REQUEST, { entityId, uri, full: true } satisfies CardParams)) ?? undefined;
  }
}

type PickItem = vscode.QuickPickItem & { id?: string; typed?: string; acronyms?: string[] };

/** `entente.lookup`: a quick pick of every known name (acronyms in the description, so typing
 *  "CSTO" finds it); typing a name no item matches looks it up and offers the server's "did you
 *  mean" suggestions. The card opens as a rendered view. */
export function registerLookup(host: ViewsHost, cards: CardDocuments): vscode.Disposable {
  return vscode.commands.registerCommand('entente.lookup', async (initial?: unknown) => {
    const uri = activeNote(host)?.document.uri.toString();
    const pick = vscode.window.createQuickPick<PickItem>();
    pick.title = 'Entente: look up an organization or treaty';
    pick.placeholder = 'Name or acronym (e.g. CSTO, Shanghai Cooperation Organization)';
    pick.matchOnDescription = true;
    pick.matchOnDetail = false;
    pick.busy = true;
    if (typeof initial === 'string') pick.value = initial;
    let named: PickItem[] = [];
    const typedItem = (value: string): PickItem => ({ label: `$(search) Look up “${value}”`, typed: value, alwaysShow: true, description: 'by name, with suggestions' });
    const update = (): void => {
      const v = pick.value.trim();
      pick.items = v ? [...named, typedItem(v)] : named;
      // An acronym typed exactly: its body gets the focus once the quick pick has filtered.
      const exact = exactAcronym(named.map((i) => ({ ...i, acronyms: i.acronyms ?? [] })), v);
      const item = exact && named.find((i) => i.id === exact.id);
      if (item) setTimeout(() => { if (pick.value.trim() === v) pick.activeItems = [item]; }, 0);
    };
    pick.onDidChangeValue(update);
    pick.onDidHide(() => pick.dispose());
    pick.onDidAccept(async () => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      const value = pick.value.trim();
      if (chosen?.id) {
        pick.hide();
        await cards.show(chosen.id);
        return;
      }
      const name = chosen?.typed ?? value;
      if (!name) return;
      pick.busy = true;
      const r = await request<LookupResult>(host, LOOKUP_REQUEST, { name, uri } satisfies LookupParams);
      pick.busy = false;
      if (r && r.id !== undefined) {
        pick.hide();
        await cards.open((await cards.fetch(r.id)) ?? { id: r.id, name, markdown: r.markdown });
        return;
      }
      const suggestions = r && 'suggestions' in r ? r.suggestions : [];
      if (!suggestions.length) {
        pick.title = `Nothing known as “${name}”.`;
        pick.items = named;
        return;
      }
      // "Did you mean": the suggestions become the items, matched against the names we know.
      const byName = new Map(named.map((i) => [i.label, i]));
      pick.items = suggestions.map((s) => byName.get(s) ?? { label: s, typed: s, description: 'suggestion' });
      pick.title = `Nothing known as “${name}”. Did you mean…`;
      pick.value = '';
    });
    pick.show();
    const names = await request<NamesResult>(host, NAMES_REQUEST, { uri } satisfies NamesParams);
    named = nameItems(names).map((i: NamePickItem) => ({ label: i.label, description: i.description, detail: i.detail, id: i.id, acronyms: i.acronyms }));
    pick.busy = false;
    if (!names && !host.client()?.isRunning()) pick.placeholder = 'The language server is not running yet: type a name and press Enter once it is';
    update();
  });
}
