// The client's views and the commands behind them: "Entente: in this note" (the note's entities by
// kind), the timeline (of the note, or of one body across the sources), the names quick pick and
// the rendered, read-only cards. One entry point, `registerViews`, called once from activate().
// Every request goes through the current language client (it is replaced on restart), and the
// views ask nothing until it runs.

import * as vscode from 'vscode';

import { NoteEntitiesView } from './noteEntities';
import { TimelineView } from './timeline';
import { CardDocuments, registerLookup } from './cards';
import { toRange, type ViewsHost } from './host';
import { registerSampleNote } from './walkthrough';
import { registerReadonlySources } from './readonlySources';
import type { Range } from '../../../server/src/protocol';

export type { ViewsHost } from './host';

export interface Views {
  /** Call when a (re)started client is running: the views ask it again. */
  clientReady(): void;
}


export function registerViews(context: vscode.ExtensionContext, host: ViewsHost): Views {
  const cards = new CardDocuments(host);
  const entities = new NoteEntitiesView(host);
  const timeline = new TimelineView(host);
  context.subscriptions.push(
    cards,
    entities,
    timeline,
    vscode.commands.registerCommand('entente.revealInNote', async (uri?: string, range?: Range) => {
      if (!uri || !range) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const r = toRange(range);
      await vscode.window.showTextDocument(doc, { selection: r, preserveFocus: false, preview: false });
    }),
    vscode.commands.registerCommand('entente.showCard', (arg?: unknown) => cards.show(arg)),
    vscode.commands.registerCommand('entente.showTimeline', (arg?: unknown) => timeline.showEntity(arg)),
    vscode.commands.registerCommand('entente.timeline.showNote', () => timeline.showNote()),
    vscode.commands.registerCommand('entente.timeline.refresh', () => timeline.refresh()),
    vscode.commands.registerCommand('entente.noteEntities.refresh', () => entities.refresh()),
    registerLookup(host, cards),
    registerSampleNote(context),
    registerReadonlySources(context),
  );
  return {
    clientReady(): void {
      entities.refresh();
      timeline.refresh();
      cards.refreshAll();
    },
  };
}
