// The first-use walkthrough's "Open a sample note": a short note about the CSTO and the SCO, with a
// date the sources contradict, written to the extension's storage (a real file, so closing it asks
// nothing) and opened beside the walkthrough.

import * as vscode from 'vscode';

export const SAMPLE_NOTE = `# Eurasian security bodies: a sample note

The CSTO grew out of the Collective Security Treaty, signed in Tashkent on 15 May 1992.
My first draft said the Collective Security Treaty was signed on 15 May 1993.

The Shanghai Cooperation Organization (SCO) was founded on 15 June 2001.
In 1995 the SCO held its first summit.

Hover “CSTO”, open the Problems panel (Ctrl+Shift+M), and the Entente views in the activity bar.
`;

export function registerSampleNote(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand('entente.openSampleNote', async () => {
    const file = vscode.Uri.joinPath(context.globalStorageUri, 'sample-note.md');
    await vscode.workspace.fs.createDirectory(context.globalStorageUri);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(SAMPLE_NOTE));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  });
}
