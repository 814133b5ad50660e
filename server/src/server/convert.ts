// Core results ⇄ LSP shapes: the only module of the server (with core/text/positions.ts) that
// knows both. Core answers in offsets into a note or a source file; these functions turn them
// into ranges, locations, links, items and the semantic-token encoding.

import {
  DiagnosticSeverity,
  CodeActionKind,
  CompletionItemKind,
  SymbolKind,
  MarkupKind,
  type Diagnostic as LspDiagnostic,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type DocumentSymbol as LspDocumentSymbol,
  type Location,
  type LocationLink,
  type SymbolInformation,
  type WorkspaceEdit,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { markdownToPlain } from '../core/text/markdown';
import type { Analysis } from '../core/analysis';
import type { LanguageService, WorkspaceSymbol } from '../core/service';
import type { Diagnostic, TextEdit } from '../core/features/diagnostics';
import type { CodeAction } from '../core/features/actions';
import type { CompletionItem, DocumentSymbol, SemanticToken } from '../core/features/writing';
import type { Definition } from '../core/features/navigation';
import type { CommandLinks } from '../core/features/hover';
import type { CitationCompletionItem } from '../core/features/citations';
import type { Span } from '../core/types';

/** Paths ⇄ URIs, as the host spells them. */
export interface UriMapper {
  toUri(path: string): string;
  toPath(uri: string): string | undefined;
  /** The URI a source opens at (a read-only virtual document where the client has them); the file's URI otherwise. */
  toSourceUri?(path: string): string;
}

/** The scheme of read-only source documents served by `entente/sourceText`. */
export const SOURCE_SCHEME = 'entente-source';

/** A virtual, read-only URI for a source file: `entente-source:/path/to/file.txt`. */
export function virtualSourceUri(path: string): string {
  return `${SOURCE_SCHEME}:${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The source file a virtual source URI names. */
export function virtualSourcePath(uri: string): string | undefined {
  if (!uri.startsWith(`${SOURCE_SCHEME}:`)) return undefined;
  try {
    return decodeURIComponent(uri.slice(SOURCE_SCHEME.length + 1).replace(/^\/\/(?=\/)/, '').replace(/[?#].*$/, ''));
  } catch {
    return undefined;
  }
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

/** A span of a source file as an LSP location. */
export function sourceLocation(service: LanguageService, uris: UriMapper, file: string, span: Span): Location | undefined {
  const src = service.source(file);
  return src ? { uri: sourceUri(uris, src, span.start), range: src.lines.rangeOf(span.start, span.end) } : undefined;
}

/**
 * The URI a source opens at: a read-only virtual document where the client serves them; else the
 * file, with `#page=N` for a PDF so that a viewer can open it at the page.
 */
function sourceUri(uris: UriMapper, src: NonNullable<ReturnType<LanguageService['source']>>, offset: number): string {
  if (uris.toSourceUri) return uris.toSourceUri(src.location);
  const page = src.format === 'pdf' ? src.pageAt(offset) : undefined;
  return uris.toUri(src.location) + (page ? `#page=${page}` : '');
}

/** `command:` URIs must not carry parentheses a Markdown link would end at. */
const commandArgs = (args: unknown) => encodeURIComponent(JSON.stringify(args)).replace(/\(/g, '%28').replace(/\)/g, '%29');

export function toLspDiagnostic(service: LanguageService, uris: UriMapper, a: Analysis, d: Diagnostic): LspDiagnostic {
  return {
    range: a.lines.rangeOf(d.start, d.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'entente',
    message: d.message,
    relatedInformation: d.related.flatMap((r) => {
      const loc = r.file ? sourceLocation(service, uris, r.file, r) : { uri: a.uri, range: a.lines.rangeOf(r.start, r.end) };
      return loc ? [{ location: loc, message: r.message }] : [];
    }),
  };
}

export function toWorkspaceEdit(a: Analysis, edits: readonly TextEdit[]): WorkspaceEdit {
  return { changes: { [a.uri]: edits.map((e) => ({ range: a.lines.rangeOf(e.start, e.end), newText: e.newText })) } };
}

export function toLspCodeAction(service: LanguageService, uris: UriMapper, a: Analysis, x: CodeAction): LspCodeAction {
  return {
    title: x.title,
    kind: x.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
    diagnostics: x.diagnostic ? [toLspDiagnostic(service, uris, a, x.diagnostic)] : undefined,
    isPreferred: x.preferred,
    edit: toWorkspaceEdit(a, x.edits),
  };
}

/** Definition targets as links (clients with linkSupport) or plain locations. */
export function toDefinition(service: LanguageService, uris: UriMapper, a: Analysis, d: Definition, linkSupport: boolean): Location[] | LocationLink[] {
  if (!linkSupport) return d.targets.flatMap((t) => sourceLocation(service, uris, t.file, t.selection) ?? []);
  return d.targets.flatMap((t) => {
    const src = service.source(t.file);
    if (!src) return [];
    return [{
      originSelectionRange: a.lines.rangeOf(d.origin.start, d.origin.end),
      targetUri: sourceUri(uris, src, t.selection.start),
      targetRange: src.lines.rangeOf(t.passage.start, t.passage.end),
      targetSelectionRange: src.lines.rangeOf(t.selection.start, t.selection.end),
    }];
  });
}

export function toCompletionItem(a: Analysis, i: CompletionItem): LspCompletionItem {
  return {
    label: i.label,
    detail: i.detail,
    // A body is a class of members; a treaty or document is a text (not VS Code's module icon).
    kind: i.kind === 'organization' ? CompletionItemKind.Class : CompletionItemKind.File,
    documentation: { kind: MarkupKind.Markdown, value: i.documentation },
    sortText: i.sortText,
    filterText: i.filterText,
    textEdit: { range: a.lines.rangeOf(i.replace.start, i.replace.end), newText: i.insertText },
  };
}

/** A citekey completion: the key, with author, year and title as detail. */
export function toCitekeyItem(a: Analysis, i: CitationCompletionItem): LspCompletionItem {
  return {
    label: i.label,
    detail: i.detail,
    kind: CompletionItemKind.Reference,
    documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
    sortText: i.sortText,
    filterText: i.filterText,
    textEdit: { range: a.lines.rangeOf(i.replace.start, i.replace.end), newText: i.insertText },
  };
}

const SYMBOL_KIND = { section: SymbolKind.Namespace };

/** A card for the client: Markdown where it renders Markdown, plain text where it asked for that (Emacs eglot). */
export function toMarkup(markdown: string, markdownSupported: boolean): MarkupContent {
  return markdownSupported ? { kind: MarkupKind.Markdown, value: markdown } : { kind: MarkupKind.PlainText, value: markdownToPlain(markdown) };
}

export function toMarkupValue(markdown: string, markdownSupported: boolean): string {
  return toMarkup(markdown, markdownSupported).value;
}

export function toDocumentSymbol(a: Analysis, s: DocumentSymbol): LspDocumentSymbol {
  return {
    name: s.name || '(untitled)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: a.lines.rangeOf(s.range.start, s.range.end),
    selectionRange: a.lines.rangeOf(s.selection.start, s.selection.end),
    children: s.children.map((c) => toDocumentSymbol(a, c)),
  };
}

export function toWorkspaceSymbol(service: LanguageService, uris: UriMapper, s: WorkspaceSymbol): SymbolInformation[] {
  const location = sourceLocation(service, uris, s.target.file, s.target);
  return location ? [{ name: s.name, kind: s.kind === 'organization' ? SymbolKind.Module : SymbolKind.Struct, location, containerName: s.kind }] : [];
}

/**
 * LSP's relative encoding of semantic tokens. Tokens may not span lines: a name wrapped across a
 * line break becomes one token per line (leading blanks of the next line skipped).
 */
export function encodeSemanticTokens(a: Analysis, tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const lines = a.lines;
  for (const t of tokens) {
    let s = t.start;
    while (s < t.end) {
      const pos = lines.positionAt(s);
      const e = Math.min(t.end, lines.lineEnd(pos.line));
      if (e > s) {
        data.push(pos.line - prevLine, pos.line === prevLine ? pos.character - prevChar : pos.character, e - s, t.type, t.modifiers);
        prevLine = pos.line;
        prevChar = pos.character;
      }
      if (pos.line + 1 >= lines.lineCount) break;
      s = lines.lineStarts[pos.line + 1];
      while (s < t.end && (a.text[s] === ' ' || a.text[s] === '\t')) s++;
    }
  }
  return data;
}

/**
 * Links in cards: command URIs where the client runs Entente's commands (VS Code), plain file
 * links (`file:…#L12`) elsewhere.
 */
export function cardLinks(service: LanguageService, uris: UriMapper, commandLinks: boolean): CommandLinks {
  const loc = (file: string, start: number, end: number) => sourceLocation(service, uris, file, { start, end });
  if (!commandLinks) {
    return {
      openSource: (file, start, end) => {
        const l = loc(file, start, end);
        return l ? `${l.uri}#L${l.range.start.line + 1}` : '';
      },
      showMentions: () => '',
    };
  }
  return {
    openSource: (file, start, end) => {
      const src = service.source(file);
      // A PDF opens in the PDF viewer at its page, the passage highlighted.
      const page = src?.format === 'pdf' ? src.pageAt(start) : undefined;
      if (src && page) return `command:entente.openPdfAtPage?${commandArgs([uris.toUri(src.location), page, service.sourceText(src.location)?.text.slice(start, end) ?? ''])}`;
      const l = loc(file, start, end);
      return `command:entente.openSource?${commandArgs([l?.uri, l?.range])}`;
    },
    showMentions: (entityId) => `command:entente.showMentions?${commandArgs([entityId])}`,
    showCard: (entityId) => `command:entente.showCard?${commandArgs([{ entityId }])}`,
    showTimeline: (entityId) => `command:entente.showTimeline?${commandArgs([{ entityId }])}`,
  };
}
