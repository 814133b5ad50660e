// Entente's PDF viewer: a read-only custom editor for `*.pdf` built on PDF.js, and the command
// `entente.openPdfAtPage(uri, page, highlight?)` that opens a source at a page with a passage
// marked (the hover card's "Open the PDF at page N").
//
// The extension reads the file (vscode.workspace.fs, so remote and virtual files work too) and
// posts its bytes to the webview; the webview loads nothing but the viewer's own scripts (a strict
// Content-Security-Policy: no network, no inline script, PDF.js with eval off), renders pages to
// canvases with a text layer, scrolls to the page and marks the passage. The viewer never writes
// the file. Problems (an encrypted, corrupt or unreadable PDF) are shown in the view.

import * as vscode from 'vscode';
import { parseOpenPdfArgs, type PdfTarget } from './pdfLink';

export const PDF_VIEW_TYPE = 'entente.pdfViewer';
export const OPEN_PDF_COMMAND = 'entente.openPdfAtPage';

/** Larger files are not loaded into the viewer (the bytes travel to the webview in one message). */
const MAX_PDF_BYTES = 256 * 1024 * 1024;

type Request = Omit<PdfTarget, 'uri'>;

interface View {
  panel: vscode.WebviewPanel;
  ready: boolean;
  /** Where to go once the webview has loaded the file (or again, when it is reloaded). */
  request?: Request;
}

/** Messages from the webview. */
type FromWebview =
  | { type: 'ready'; restoredPage?: number }
  | { type: 'shown'; page: number; pages: number; highlighted: number; foundOnPage?: number }
  | { type: 'problem'; message: string };

class PdfViewerProvider implements vscode.CustomReadonlyEditorProvider {
  private readonly views = new Map<string, Set<View>>();
  /** Requests for documents whose editor is being opened by the command. */
  private readonly pending = new Map<string, Request>();
  private readonly log: vscode.LogOutputChannel;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Entente PDF viewer', { log: true });
    context.subscriptions.push(this.log);
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const key = document.uri.toString();
    const view: View = { panel, ready: false, request: this.pending.get(key) };
    this.pending.delete(key);
    let set = this.views.get(key);
    if (!set) this.views.set(key, (set = new Set()));
    set.add(view);

    const media = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'media');
    // The PDF's folder is not a resource root: its bytes come by message, nothing else is readable.
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    panel.webview.html = this.html(panel.webview, media, document.uri);
    panel.onDidDispose(() => {
      set!.delete(view);
      if (!set!.size) this.views.delete(key);
    });
    panel.webview.onDidReceiveMessage((m: FromWebview) => {
      if (m?.type === 'ready') {
        view.ready = true;
        // A reload (the tab was hidden and shown again) keeps the page it was on.
        const request = view.request ?? (m.restoredPage ? { page: m.restoredPage } : undefined);
        view.request = undefined;
        void this.load(document.uri, panel, request);
      } else if (m?.type === 'shown') {
        this.log.info(`${document.uri.toString(true)}: page ${m.page} of ${m.pages}` + (m.highlighted ? `, passage marked (${m.highlighted} text runs, page ${m.foundOnPage})` : ''));
      } else if (m?.type === 'problem') {
        this.log.warn(`${document.uri.toString(true)}: ${m.message}`);
      }
    });
  }

  private async load(uri: vscode.Uri, panel: vscode.WebviewPanel, request: Request | undefined): Promise<void> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    let data: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_PDF_BYTES) throw new Error(`the file is ${(stat.size / 1048576).toFixed(0)} MB; the viewer opens PDFs up to ${MAX_PDF_BYTES / 1048576} MB`);
      data = await vscode.workspace.fs.readFile(uri);
    } catch (err) {
      const message = `Cannot read ${name}: ${err instanceof Error ? err.message : String(err)}`;
      this.log.warn(message);
      void panel.webview.postMessage({ type: 'problem', message });
      return;
    }
    // A plain Uint8Array view: VS Code transfers it as binary, whereas a Node Buffer (what
    // readFile may return) is turned into JSON by its toJSON before the transfer sees it.
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    void panel.webview.postMessage({ type: 'load', name, data: bytes, page: request?.page, highlight: request?.highlight });
  }

  /** Opens `target` in the viewer (or reveals the open one) at its page, marking its passage. */
  async open(target: PdfTarget): Promise<void> {
    // A URI, or (from a keybinding written by hand) an absolute path.
    const uri = /^[a-zA-Z][\w+.-]+:/.test(target.uri) && !/^[a-zA-Z]:[\\/]/.test(target.uri) ? vscode.Uri.parse(target.uri, true) : vscode.Uri.file(target.uri);
    const key = uri.toString();
    const request: Request = { page: target.page, highlight: target.highlight };
    const open = [...(this.views.get(key) ?? [])];
    if (open.length) {
      for (const view of open) {
        if (view.ready) void view.panel.webview.postMessage({ type: 'goto', ...request });
        else view.request = request;
      }
    } else {
      this.pending.set(key, request);
    }
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, PDF_VIEW_TYPE, { preview: false });
    } catch (err) {
      this.pending.delete(key);
      throw err;
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri, uri: vscode.Uri): string {
    const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString();
    const csp = [
      "default-src 'none'",
      `script-src ${webview.cspSource}`,
      `style-src ${webview.cspSource}`,
      // PDF.js draws pages to canvases and may decode images through blobs; fonts come as bytes.
      `img-src ${webview.cspSource} blob: data:`,
      `font-src ${webview.cspSource} blob: data:`,
      // The worker is PDF.js's own script, read from the extension and started from a blob.
      `connect-src ${webview.cspSource}`,
      'worker-src blob:',
      "form-action 'none'",
      "base-uri 'none'",
    ].join('; ');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const name = esc(uri.path.slice(uri.path.lastIndexOf("/") + 1));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${asset('pdfViewer.css')}">
<title>${name}</title>
</head>
<body data-pdfjs="${asset('pdf.min.mjs')}" data-worker="${asset('pdf.worker.min.mjs')}">
<div id="entente-pdf" role="document" aria-label="${name}">
  <div class="toolbar" role="toolbar">
    <button id="prev" title="Previous page" aria-label="Previous page">&#8593;</button>
    <button id="next" title="Next page" aria-label="Next page">&#8595;</button>
    <label>Page <input id="page-input" type="number" min="1" value="1" aria-label="Page number"> <span id="page-count">of …</span></label>
    <button id="zoom-out" title="Zoom out" aria-label="Zoom out">&minus;</button>
    <button id="zoom-fit" title="Fit width" aria-label="Fit width">Fit</button>
    <button id="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
    <span id="notice" role="status"></span>
  </div>
  <div id="message" role="alert" hidden></div>
  <div id="pages"></div>
</div>
<script type="module" src="${asset('pdfViewer.js')}"></script>
</body>
</html>`;
  }
}

/** Registers the viewer and its command; call once from activate(). */
export function registerPdfViewer(context: vscode.ExtensionContext): void {
  const provider = new PdfViewerProvider(context);
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(PDF_VIEW_TYPE, provider, {
      // Keep the rendered pages when the tab is in the background: re-parsing a long PDF is slow.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand(OPEN_PDF_COMMAND, async (...args: unknown[]) => {
      let target = parseOpenPdfArgs(args);
      if ('error' in target && args.length === 0) {
        // From the command palette: ask for the file and the page.
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PDF: ['pdf'] }, openLabel: 'Open in Entente PDF viewer' });
        if (!picked?.length) return;
        const page = await vscode.window.showInputBox({ prompt: 'Page', value: '1', validateInput: (v) => (/^\s*[1-9]\d{0,8}\s*$/.test(v) ? undefined : 'A page number (1, 2, …)') });
        if (page === undefined) return;
        target = parseOpenPdfArgs([picked[0].toString(), page]);
      }
      if ('error' in target) {
        void vscode.window.showErrorMessage(`Entente: cannot open the PDF: ${target.error}.`);
        return;
      }
      try {
        await provider.open(target);
      } catch (err) {
        void vscode.window.showErrorMessage(`Entente: cannot open ${target.uri}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}
