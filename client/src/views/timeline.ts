// The timeline view: every dated event of the active note in date order, with its source, the
// events the checks flag marked; a click jumps to where the event is stated (the note or the
// source passage). `entente.showTimeline {entityId}` (from a card) shows one body's events across
// the sources instead, until "Back to the note" (or the note changes).

import * as vscode from 'vscode';

import { TIMELINE_REQUEST, type TimelineParams, type TimelineResult } from '../../../server/src/protocol';
import { debounce, entityIdArg, timelineNodes, type TimelineNode } from './model';
import { NoteTracker } from './noteTracker';
import { request, type ViewsHost } from './host';

export const TIMELINE_VIEW = 'entente.timeline';

type Mode = { kind: 'note' } | { kind: 'entity'; entityId: string };

export class TimelineView implements vscode.TreeDataProvider<TimelineNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TimelineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: TimelineNode[] = [];
  private mode: Mode = { kind: 'note' };
  private readonly view: vscode.TreeView<TimelineNode>;
  private readonly tracker: NoteTracker;
  private generation = 0;

  constructor(private readonly host: ViewsHost) {
    this.view = vscode.window.createTreeView(TIMELINE_VIEW, { treeDataProvider: this });
    this.tracker = new NoteTracker(host, debounce(() => this.refresh(), 500));
    this.view.onDidChangeVisibility((e) => e.visible && this.refresh());
    void this.setMode({ kind: 'note' });
  }

  dispose(): void {
    this.tracker.dispose();
    this.view.dispose();
    this.changed.dispose();
  }

  /** The timeline of one body across the sources (the card's "Timeline of …"). */
  async showEntity(arg: unknown): Promise<void> {
    const entityId = entityIdArg(arg);
    if (!entityId) return;
    await this.setMode({ kind: 'entity', entityId });
    await vscode.commands.executeCommand(`${TIMELINE_VIEW}.focus`);
    await this.refresh(true);
  }

  async showNote(): Promise<void> {
    await this.setMode({ kind: 'note' });
    await this.refresh();
  }

  private async setMode(mode: Mode): Promise<void> {
    this.mode = mode;
    await vscode.commands.executeCommand('setContext', 'entente.timeline.ofEntity', mode.kind === 'entity');
  }

  async refresh(force = false): Promise<void> {
    if (!this.view.visible && !force) return;
    const generation = ++this.generation;
    const note = this.tracker.note;
    let params: TimelineParams;
    if (this.mode.kind === 'entity') params = { entityId: this.mode.entityId, uri: note?.uri.toString() };
    else if (note) params = { uri: note.uri.toString() };
    else {
      this.nodes = [];
      this.view.title = 'Timeline';
      this.view.message = 'Open a note to see its dated events in order.';
      this.changed.fire(undefined);
      return;
    }
    const result = await request<TimelineResult>(this.host, TIMELINE_REQUEST, params);
    if (generation !== this.generation) return;
    if (result === undefined && !this.host.client()?.isRunning()) {
      this.view.message = 'Starting the Entente language server…';
      setTimeout(() => void this.refresh(), 1500); // asked again until it runs
      return;
    }
    this.nodes = timelineNodes(result?.events ?? [], this.mode.kind === 'note' ? note?.uri.toString() : undefined);
    this.view.title = result?.title || 'Timeline';
    const problems = this.nodes.filter((n) => n.problem).length;
    this.view.description = this.nodes.length ? `${this.nodes.length} event${this.nodes.length === 1 ? '' : 's'}${problems ? ` · ${problems} flagged` : ''}` : undefined;
    this.view.message = this.nodes.length ? undefined : this.mode.kind === 'entity' ? 'The sources date no event of this body.' : 'No dated events in this note.';
    this.changed.fire(undefined);
  }

  getChildren(node?: TimelineNode): TimelineNode[] {
    return node ? [] : this.nodes;
  }

  getTreeItem(node: TimelineNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.id = `${node.index}:${node.event.date}`;
    item.iconPath = node.problem
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(node.fromSource ? 'book' : 'calendar');
    item.contextValue = node.problem ? 'event.problem' : 'event';
    const loc = node.event.location;
    if (loc) item.command = { command: 'entente.openSource', title: 'Go to where it is stated', arguments: [loc.uri, loc.range] };
    return item;
  }
}
