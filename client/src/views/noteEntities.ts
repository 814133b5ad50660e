// "Entente: in this note": the organizations, treaties and dates of the active note, grouped by
// kind with counts; a click jumps to the first mention, the mentions are the children. Refreshed
// when the active note changes and, debounced, when it is edited.

import * as vscode from 'vscode';

import { NOTE_ENTITIES_REQUEST, type NoteEntitiesParams, type NoteEntitiesResult } from '../../../server/src/protocol';
import { debounce, entitySummary, entityTree, type EntityKind, type EntityNode, type GroupNode, type MentionNode } from './model';
import { NoteTracker } from './noteTracker';
import { noteName, request, toRange, type ViewsHost } from './host';

type Node = GroupNode | EntityNode | MentionNode;

const ICONS: Record<EntityKind, string> = { organization: 'organization', treaty: 'law', date: 'calendar' };
export const NOTE_ENTITIES_VIEW = 'entente.noteEntities';

export class NoteEntitiesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private groups: GroupNode[] = [];
  private readonly view: vscode.TreeView<Node>;
  private readonly tracker: NoteTracker;
  private generation = 0;

  constructor(private readonly host: ViewsHost) {
    this.view = vscode.window.createTreeView(NOTE_ENTITIES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.tracker = new NoteTracker(host, debounce(() => this.refresh(), 400));
    this.view.onDidChangeVisibility((e) => e.visible && this.refresh());
    this.refresh();
  }

  dispose(): void {
    this.tracker.dispose();
    this.view.dispose();
    this.changed.dispose();
  }

  async refresh(): Promise<void> {
    if (!this.view.visible) return; // asked again when it shows
    const note = this.tracker.note;
    const generation = ++this.generation;
    if (!note) {
      this.groups = [];
      this.view.message = 'Open a note (plain text, Markdown or .ent) to see its organizations, treaties and dates.';
      this.view.description = undefined;
      this.changed.fire(undefined);
      return;
    }
    const result = await request<NoteEntitiesResult>(this.host, NOTE_ENTITIES_REQUEST, { uri: note.uri.toString() } satisfies NoteEntitiesParams);
    if (generation !== this.generation) return; // a newer refresh is under way
    if (result === undefined && !this.host.client()?.isRunning()) {
      this.view.message = 'Starting the Entente language server…';
      setTimeout(() => void this.refresh(), 1500); // asked again until it runs
      return;
    }
    this.groups = entityTree(result);
    this.view.description = noteName(note.uri);
    this.view.message = this.groups.length ? undefined : entitySummary(this.groups);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.groups;
    if (node.type === 'group') return node.items;
    if (node.type === 'entity') return node.mentions.length > 1 ? node.mentions : [];
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const uri = this.tracker.note?.uri.toString();
    if (node.type === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(ICONS[node.kind]);
      item.contextValue = 'group';
      item.id = `group:${node.kind}`;
      return item;
    }
    if (node.type === 'entity') {
      const item = new vscode.TreeItem(node.label, node.mentions.length > 1 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = node.description;
      item.tooltip = `${node.label}: ${node.description.slice(1)} mention${node.mentions.length === 1 ? '' : 's'} in this note`;
      item.contextValue = node.kind === 'date' ? 'date' : 'entity';
      item.id = `${node.kind}:${node.id}`;
      if (node.first && uri) item.command = { command: 'entente.revealInNote', title: 'Go to the first mention', arguments: [uri, node.first] };
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    const line = this.tracker.note?.lineAt(Math.min(node.range.start.line, (this.tracker.note?.lineCount ?? 1) - 1)).text.trim();
    item.description = line ? line.slice(0, 80) : undefined;
    item.contextValue = 'mention';
    item.id = `${node.kind}:${node.id}:${node.range.start.line}:${node.range.start.character}`;
    if (uri) item.command = { command: 'entente.revealInNote', title: 'Go to the mention', arguments: [uri, node.range] };
    item.tooltip = `Go to ${this.tracker.note ? noteName(this.tracker.note.uri) : 'the note'}:${toRange(node.range).start.line + 1}`;
    return item;
  }
}
