// Which note the views show: the active editor's when it is a note Entente analyzes, else the last
// one (so that focusing a card preview or the Problems panel keeps the view), until it is closed.
// Calls `onChange` when the note changes or is edited.

import * as vscode from 'vscode';

import { activeNote, type ViewsHost } from './host';

export class NoteTracker implements vscode.Disposable {
  private current: vscode.TextDocument | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(host: ViewsHost, onChange: () => void) {
    this.current = activeNote(host)?.document;
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => {
        const next = activeNote(host)?.document;
        if (next && next !== this.current) {
          this.current = next;
          onChange();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.current && e.contentChanges.length) onChange();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc !== this.current) return;
        this.current = activeNote(host)?.document;
        onChange();
      }),
    ];
  }

  get note(): vscode.TextDocument | undefined {
    return this.current;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
