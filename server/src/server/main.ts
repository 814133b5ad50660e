// The language server: a thin adapter from the Language Server Protocol to the core. It owns the
// engines (one per distinct corpus configuration), converts offsets to LSP positions through
// core/text/positions, and never lets a failure in one request take the server down.

import {
  TextDocuments,
  TextDocumentSyncKind,
  DiagnosticSeverity,
  CodeActionKind,
  CompletionItemKind,
  SymbolKind,
  DidChangeConfigurationNotification,
  ShowMessageNotification,
  MessageType,
  MarkupKind,
  type InitializeParams,
  type InitializeResult,
  type Diagnostic as LspDiagnostic,
  type CodeAction,
  type Location,
  type LocationLink,
  type DocumentSymbol as LspDocumentSymbol,
  type SemanticTokens,
  type WorkspaceFolder,
  type TextDocumentPositionParams,
  type ReferenceParams,
  type CancellationToken,
  type CodeActionParams,
  type DocumentSymbolParams,
  type WorkspaceSymbolParams,
  type SemanticTokensParams,
  type WorkspaceFoldersChangeEvent,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as path from 'path';
import * as fs from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import { NodeFileSystem, bundledCorpusDir } from '../node/nodeFs';
import { DiskSnapshotStore, defaultCacheDir } from '../node/snapshotStore';
import { createGuardedConnection } from '../node/stdio';
import { FileReadError, readRegularFile, resolveRoots, isInsideAny } from '../node/safeRead';
import { validateParams, ProblemTally } from './validate';
import { Notices } from './notices';
import { loadEngine } from '../core/load';
import type { Engine } from '../core/engine';
import type { Analysis } from '../core/analysis';
import { parseSettings, type Settings } from '../core/settings';
import { parseDictionary, MAX_DICTIONARY_CHARS, type Dictionary } from '../core/knowledge/dictionary';
import type { Logger } from '../core/host';
import { LineIndex, type Range } from '../core/text/positions';
import { hover } from '../core/features/hover';
import { definition, references, highlights, entityAt } from '../core/features/navigation';
import { completion, acronymActions, documentSymbols, workspaceSymbols, semanticTokens, SEMANTIC_TOKEN_TYPES, SEMANTIC_TOKEN_MODIFIERS, type DocumentSymbol } from '../core/features/writing';
import { entityCard } from '../core/features/hover';
import type { Diagnostic } from '../core/features/diagnostics';
import { decodeText } from '../core/corpus/loader';
import { formatDate } from '../core/dates/calendar';

// Every client message passes validate.ts first; bad entries are dropped and told once per method.
const tally = new ProblemTally();
const connection = createGuardedConnection({
  validate: validateParams,
  log: (m) => logger.warn(`client message: ${m}`),
  onProblems: (method, problems, refused, isRequest) => {
    // A refused request was answered InvalidParams; a notification has no answer, so tell the user.
    const message = refused && isRequest ? undefined : tally.add(method, problems, refused);
    if (message) notify('warning', message);
  },
});
const documents = new TextDocuments(TextDocument);
const nodeFs = new NodeFileSystem();

const logger: Logger = {
  info: (m) => connection.console.info(m),
  warn: (m) => connection.console.warn(m),
  error: (m) => connection.console.error(m),
};

interface EngineEntry {
  key: string;
  promise: Promise<Engine>;
  engine?: Engine;
  corpusRoots: string[];
}

let folders: WorkspaceFolder[] = [];
let hasConfigurationCapability = false;
let initOptions: Record<string, unknown> = {};
let trusted = true;
let linkSupport = true;
let dynamicConfiguration = false;
let workspaceFolderEvents = false;
/** VS Code runs the client's commands; other clients get plain file links in cards. */
let commandLinksSupported = false;
const engines = new Map<string, EngineEntry>();
const folderSettings = new Map<string, Promise<Settings>>();
const lastGoodDictionary = new Map<string, Dictionary | undefined>();
const warnedLarge = new Set<string>();
const notices = new Notices((level, m) => logger[level === 'info' ? 'info' : level === 'warning' ? 'warn' : 'error'](m), (level, m) => notify(level, m));
/** One snapshot store per folder, so an unusable one falls back to memory (and says so) once. */
const stores = new Map<string, DiskSnapshotStore>();
function snapshotStore(dir: string): DiskSnapshotStore {
  let s = stores.get(dir);
  if (!s) stores.set(dir, (s = new DiskSnapshotStore(dir, { onUnusable: (m) => notices.report('storage', m, 'warning') })));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Safety: a failing handler logs and answers nothing, the server keeps serving.

function safe<A extends unknown[], R>(name: string, fn: (...args: A) => R | Promise<R>, fallback: R): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (e) {
      logger.error(`${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };
}
process.on('uncaughtException', (e) => logger.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => logger.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

// ---------------------------------------------------------------------------------------------
// Settings and engines

function folderOf(uri: string): WorkspaceFolder | undefined {
  let best: WorkspaceFolder | undefined;
  for (const f of folders) {
    const prefix = f.uri.endsWith('/') ? f.uri : f.uri + '/';
    if ((uri.startsWith(prefix) || uri === f.uri) && (!best || f.uri.length > best.uri.length)) best = f;
  }
  return best;
}

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

async function settingsFor(uri: string | undefined): Promise<Settings> {
  const folder = uri ? folderOf(uri) : undefined;
  const key = folder?.uri ?? '';
  let p = folderSettings.get(key);
  if (!p) {
    p = (async () => {
      let raw: unknown = initOptions.settings ?? initOptions;
      if (hasConfigurationCapability) {
        try {
          raw = await connection.workspace.getConfiguration({ scopeUri: folder?.uri, section: 'entente' });
        } catch (e) {
          logger.warn(`workspace/configuration failed, using initializationOptions: ${(e as Error).message}`);
        }
      }
      const { settings, errors } = parseSettings(raw ?? {});
      for (const err of errors) reportOnce(`settings:${err}`, err, 'warning');
      return settings;
    })();
    folderSettings.set(key, p);
  }
  return p;
}

function reportOnce(key: string, message: string, level: 'error' | 'warning' | 'info'): void {
  notices.report(key, message, level);
}

/**
 * A message for the user, as a notification: window/showMessageRequest (what showWarningMessage
 * sends) blocks some clients (Neovim 0.7 prompts) although there is nothing to choose.
 */
function notify(level: 'error' | 'warning' | 'info', message: string): void {
  const type = level === 'error' ? MessageType.Error : level === 'warning' ? MessageType.Warning : MessageType.Info;
  void connection.sendNotification(ShowMessageNotification.type, { type, message: `Entente: ${message}` });
}

function resolveCorpusPaths(settings: Settings, folder: WorkspaceFolder | undefined): string[] {
  const base = folder ? uriToPath(folder.uri) : undefined;
  const out: string[] = [];
  for (const p of settings.corpus.paths) {
    const expanded = p.replace(/^~(?=$|\/)/, process.env.HOME ?? '~').replace(/\$\{workspaceFolder\}/g, base ?? '.');
    const abs = path.isAbsolute(expanded) ? expanded : base ? path.join(base, expanded) : path.resolve(expanded);
    if (!trusted && base && !isInside(abs, base)) {
      reportOnce(`untrusted:${abs}`, `workspace is not trusted: corpus path ${p} is outside the workspace and was not read.`, 'warning');
      continue;
    }
    out.push(abs);
  }
  return out;
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** In an untrusted workspace, the real paths of what may be read: the workspace folders and the bundled corpus. */
async function untrustedRoots(): Promise<string[] | undefined> {
  if (trusted) return undefined;
  return resolveRoots([...folders.flatMap((f) => uriToPath(f.uri) ?? []), bundledCorpusDir()]);
}

/** Corpus paths whose real path leads outside the workspace are dropped, with one message each. */
async function confineCorpusPaths(paths: string[], roots: string[] | undefined): Promise<string[]> {
  if (!roots) return paths;
  const out: string[] = [];
  for (const p of paths) {
    const real = await fs.promises.realpath(p).catch(() => p);
    if (isInsideAny(real, roots)) out.push(p);
    else reportOnce(`untrusted:${p}`, `workspace is not trusted: corpus path ${p} leads outside the workspace (to ${real}) and was not read.`, 'warning');
  }
  return out;
}

async function readDictionary(settings: Settings, folder: WorkspaceFolder | undefined, roots: string[] | undefined): Promise<{ dictionary?: Dictionary; path?: string }> {
  const base = folder ? uriToPath(folder.uri) : undefined;
  if (!base) return {};
  const p = path.isAbsolute(settings.dictionary.path) ? settings.dictionary.path : path.join(base, settings.dictionary.path);
  if (!trusted && !isInside(p, base)) return {};
  let text: string;
  try {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    text = decodeText(await readRegularFile(p, { maxBytes: MAX_DICTIONARY_CHARS * 3, allowedRoots: roots })).text;
  } catch (e) {
    if (e instanceof FileReadError && e.problem !== 'missing') reportOnce(`dictionary:${p}:${e.problem}`, `dictionary ${p} ${e.message}.`, 'warning');
    lastGoodDictionary.delete(p);
    return { path: p };
  }
  const { dictionary, errors } = parseDictionary(text);
  const uri = pathToFileURL(p).href;
  const lines = new LineIndex(text);
  void connection.sendDiagnostics({
    uri,
    diagnostics: errors.map((e) => ({ range: lines.rangeOf(e.start, e.end), message: e.message, severity: DiagnosticSeverity.Error, source: 'entente', code: 'dictionary' })),
  });
  if (dictionary) {
    lastGoodDictionary.set(p, dictionary);
    return { dictionary, path: p };
  }
  logger.warn(`dictionary ${p} has ${errors.length} error(s); keeping the last good version`);
  return { dictionary: lastGoodDictionary.get(p), path: p };
}

/** The engine of the first workspace folder (or of no folder): for requests that name no document. */
function defaultEngine(): Promise<Engine> {
  return engineFor(folders[0]?.uri ? folders[0].uri + '/' : undefined);
}

/** The engine of each workspace folder, until settings, sources or the dictionary change. */
const folderEngines = new Map<string, Promise<Engine>>();

function engineFor(uri: string | undefined): Promise<Engine> {
  const key = (uri ? folderOf(uri)?.uri : undefined) ?? '';
  let p = folderEngines.get(key);
  if (!p) {
    p = buildEngineFor(uri);
    folderEngines.set(key, p);
    p.catch(() => folderEngines.delete(key));
  }
  return p;
}

async function buildEngineFor(uri: string | undefined): Promise<Engine> {
  const folder = uri ? folderOf(uri) : undefined;
  const settings = await settingsFor(uri);
  const roots = await untrustedRoots();
  const corpusPaths = await confineCorpusPaths(resolveCorpusPaths(settings, folder), roots);
  const dict = await readDictionary(settings, folder, roots);
  const key = JSON.stringify({ corpusPaths, b: settings.corpus.includeBundled, o: settings.dates.order, d: settings.diagnostics, m: settings.maxFileSize, dict: dict.dictionary ?? null });
  let entry = engines.get(key);
  if (!entry) {
    const e: EngineEntry = { key, corpusRoots: corpusPaths, promise: Promise.resolve(undefined as unknown as Engine) };
    status({ state: 'indexing', message: 'Indexing corpus…' });
    e.promise = (async () => {
      const storage = typeof initOptions.storagePath === 'string' ? path.join(initOptions.storagePath, 'index') : defaultCacheDir();
      // In an untrusted workspace every file and folder the corpus reaches is checked by its real path.
      const files = roots ? new NodeFileSystem({ allowedRoots: roots }) : nodeFs;
      const { engine, problems } = await loadEngine({ fs: files, bundledDir: bundledCorpusDir(), corpusPaths, settings, dictionary: dict.dictionary, logger, snapshots: snapshotStore(storage) });
      notices.reportProblems('corpus', problems);
      e.engine = engine;
      status({ state: 'ready', files: engine.corpus.documents.length, characters: engine.corpus.size, entities: engine.kb.entities.size, ms: engine.buildMs, problems: problems.length });
      return engine;
    })();
    engines.set(key, e);
    entry = e;
  }
  return entry.promise;
}

function status(s: Record<string, unknown>): void {
  void connection.sendNotification('entente/status', s);
}

function resetEngines(): void {
  engines.clear();
  folderEngines.clear();
  folderSettings.clear();
}

// ---------------------------------------------------------------------------------------------
// Documents

/** Other clients name languages their own way (Neovim's "text"), or not at all. */
const LANGUAGE_ALIASES: Record<string, string> = { text: 'plaintext', txt: 'plaintext', md: 'markdown', ent: 'entente-notes', entente: 'entente-notes' };

function languageOf(languageId: string, uri: string): string {
  if (LANGUAGE_ALIASES[languageId]) return LANGUAGE_ALIASES[languageId];
  if (languageId) return languageId;
  if (/\.(md|markdown)$/i.test(uri)) return 'markdown';
  if (/\.(ent|entente)$/i.test(uri)) return 'entente-notes';
  return 'plaintext';
}

async function analysisFor(uri: string): Promise<{ engine: Engine; analysis: Analysis } | undefined> {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const settings = await settingsFor(uri);
  const languageId = languageOf(doc.languageId, uri);
  if (!settings.languages.includes(languageId)) return undefined;
  const engine = await engineFor(uri);
  const analysis = engine.analyze({ uri, version: doc.version, text: doc.getText(), languageId });
  return { engine, analysis };
}

function locationFor(engine: Engine, file: string, start: number, end: number): { uri: string; range: Range } | undefined {
  const doc = engine.corpus.get(file);
  if (doc) return { uri: pathToFileURL(doc.source.location).href, range: doc.lines.rangeOf(start, end) };
  return undefined;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

function toLspDiagnostic(engine: Engine, a: Analysis, d: Diagnostic): LspDiagnostic {
  return {
    range: a.lines.rangeOf(d.start, d.end),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'entente',
    message: d.message,
    relatedInformation: d.related.flatMap((r) => {
      const loc = r.file ? locationFor(engine, r.file, r.start, r.end) : { uri: a.uri, range: a.lines.rangeOf(r.start, r.end) };
      return loc ? [{ location: loc, message: r.message }] : [];
    }),
  };
}

const pending = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 120;

function scheduleValidation(uri: string, delay = DEBOUNCE_MS): void {
  const t = pending.get(uri);
  if (t) clearTimeout(t);
  pending.set(uri, setTimeout(() => {
    pending.delete(uri);
    void validate(uri);
  }, delay));
}

const validate = safe('validate', async (uri: string) => {
  const r = await analysisFor(uri);
  const doc = documents.get(uri);
  if (!doc) return; // closed while it was being analyzed
  if (!r) {
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    return;
  }
  const { engine, analysis } = r;
  if (doc.version !== analysis.version) return; // a newer version is on its way
  if (analysis.skipped) {
    if (!warnedLarge.has(uri)) {
      warnedLarge.add(uri);
      notify('info', analysis.skipped);
    }
    logger.info(`${uri}: ${analysis.skipped}`);
  }
  const t0 = process.hrtime.bigint();
  // A source of the corpus is what notes are checked against, not a note: its own
  // contradictions are listed by `npm run eval`, not pushed into the Problems panel.
  const path0 = uriToPath(uri);
  const isCorpus = !!path0 && engine.corpus.documents.some((d) => d.source.location === path0);
  const diagnostics = isCorpus ? [] : analysis.diagnostics.map((d) => toLspDiagnostic(engine, analysis, d));
  void connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (ms > 50) logger.info(`${uri}: diagnostics converted in ${ms.toFixed(1)} ms`);
}, undefined);

documents.onDidChangeContent((e) => scheduleValidation(e.document.uri));
documents.onDidOpen((e) => scheduleValidation(e.document.uri, 0));
documents.onDidClose((e) => {
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.delete(e.document.uri);
  warnedLarge.delete(e.document.uri);
  for (const entry of engines.values()) entry.engine?.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// ---------------------------------------------------------------------------------------------
// Lifecycle

connection.onInitialize((params: InitializeParams): InitializeResult => {
  // validate.ts has dropped bad folders; when none is left, the root is the workspace.
  folders = params.workspaceFolders?.length ? params.workspaceFolders : params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : [];
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  initOptions = (params.initializationOptions as Record<string, unknown>) ?? {};
  trusted = initOptions.trusted !== false;
  linkSupport = params.capabilities.textDocument?.definition?.linkSupport ?? false;
  dynamicConfiguration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  workspaceFolderEvents = !!params.capabilities.workspace?.workspaceFolders;
  commandLinksSupported = initOptions.commandLinks === true || /visual studio code|code - oss|code-server|vscodium/i.test(params.clientInfo?.name ?? '');
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      completionProvider: { resolveProvider: false, triggerCharacters: [] },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
      semanticTokensProvider: {
        legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] },
        full: true,
      },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'entente-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Pull settings again whenever they change.
  if (hasConfigurationCapability && dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  // Only clients that announced workspace folder support may be asked for change events.
  if (workspaceFolderEvents) {
    connection.workspace.onDidChangeWorkspaceFolders((e: WorkspaceFoldersChangeEvent) => {
      folders = folders.filter((f) => !e.removed.some((r: WorkspaceFolder) => r.uri === f.uri)).concat(e.added);
      resetEngines();
      for (const d of documents.all()) scheduleValidation(d.uri);
    });
  }
  // Build the default engine now so the first hover is instant.
  void defaultEngine().catch((e) => logger.error(`indexing failed: ${e}`));
});

connection.onDidChangeConfiguration((change: DidChangeConfigurationParams) => {
  if (!hasConfigurationCapability && change.settings && typeof change.settings === 'object') {
    const s = (change.settings as Record<string, unknown>).entente;
    if (s) initOptions = { ...initOptions, settings: s };
  }
  resetEngines();
  for (const d of documents.all()) scheduleValidation(d.uri);
});

connection.onDidChangeWatchedFiles((change: DidChangeWatchedFilesParams) => {
  let rebuild = false;
  for (const c of change.changes) {
    const p = uriToPath(c.uri);
    if (!p) continue;
    for (const entry of engines.values()) if (entry.corpusRoots.some((r) => p === r || isInside(p, r))) rebuild = true;
    if (p.endsWith('dictionary.json')) rebuild = true;
  }
  if (rebuild) {
    logger.info('corpus or dictionary changed; re-indexing');
    resetEngines();
    for (const d of documents.all()) scheduleValidation(d.uri, 50);
  }
});

connection.onRequest('entente/rebuild', safe('rebuild', async () => {
  resetEngines();
  notices.clear();
  const engine = await defaultEngine();
  for (const d of documents.all()) scheduleValidation(d.uri, 0);
  return { files: engine.corpus.documents.length, characters: engine.corpus.size, entities: engine.kb.entities.size, ms: engine.buildMs };
}, undefined));

connection.onRequest('entente/status', safe('status', async () => {
  const engine = await defaultEngine();
  return { state: 'ready', files: engine.corpus.documents.length, characters: engine.corpus.size, entities: engine.kb.entities.size, ms: engine.buildMs };
}, undefined));

/** The mentions of an entity (for the "show all mentions" command): corpus and notes. */
connection.onRequest('entente/mentions', safe('mentions', async (params: { entityId: string; uri?: string }) => {
  const engine = await engineFor(params.uri);
  return collectReferences(engine, params.entityId);
}, [] as Location[]));

// ---------------------------------------------------------------------------------------------
// Features

function commandLinks(engine: Engine) {
  if (!commandLinksSupported) {
    return {
      openSource: (file: string, start: number, end: number) => {
        const loc = locationFor(engine, file, start, end);
        return loc ? `${loc.uri}#L${loc.range.start.line + 1}` : '';
      },
      showMentions: () => '',
    };
  }
  return {
    openSource: (file: string, start: number, end: number) => {
      const loc = locationFor(engine, file, start, end);
      return `command:entente.openSource?${encodeURIComponent(JSON.stringify([loc?.uri, loc?.range]))}`;
    },
    showMentions: (entityId: string) => `command:entente.showMentions?${encodeURIComponent(JSON.stringify([entityId]))}`,
  };
}

connection.onHover(safe('hover', async (params: TextDocumentPositionParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const offset = r.analysis.lines.offsetAt(params.position);
  const h = hover(r.engine, r.analysis, offset, commandLinks(r.engine));
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: r.analysis.lines.rangeOf(h.start, h.end) };
}, null));

connection.onDefinition(safe('definition', async (params: TextDocumentPositionParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const d = definition(r.engine, r.analysis, r.analysis.lines.offsetAt(params.position));
  if (!d) return null;
  if (!linkSupport) {
    return d.targets.flatMap((t) => {
      const loc = locationFor(r.engine, t.file, t.selection.start, t.selection.end);
      return loc ? [loc] : [];
    });
  }
  const links: LocationLink[] = [];
  for (const t of d.targets) {
    const doc = r.engine.corpus.get(t.file);
    if (!doc) continue;
    links.push({
      originSelectionRange: r.analysis.lines.rangeOf(d.origin.start, d.origin.end),
      targetUri: pathToFileURL(doc.source.location).href,
      targetRange: doc.lines.rangeOf(t.passage.start, t.passage.end),
      targetSelectionRange: doc.lines.rangeOf(t.selection.start, t.selection.end),
    });
  }
  return links;
}, null));

const WORKSPACE_NOTE_LIMIT = 2000;

async function workspaceNotes(engine: Engine): Promise<Analysis[]> {
  const out: Analysis[] = [];
  const open = new Set(documents.all().map((d) => d.uri));
  for (const d of documents.all()) {
    const r = await analysisFor(d.uri);
    if (r) out.push(r.analysis);
  }
  const corpusFiles = new Set(engine.corpus.documents.map((d) => d.source.location));
  let count = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8 || count > WORKSPACE_NOTE_LIMIT) return;
    let names: fs.Dirent[];
    try {
      names = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const n of names) {
      if (n.name.startsWith('.') || n.name === 'node_modules') continue;
      const p = path.join(dir, n.name);
      if (n.isDirectory()) await walk(p, depth + 1);
      else if (n.isFile() && /\.(txt|md|markdown|ent)$/i.test(n.name) && !corpusFiles.has(p)) {
        const uri = pathToFileURL(p).href;
        if (open.has(uri)) continue;
        count++;
        try {
          const st = await fs.promises.stat(p);
          if (st.size > engine.settings.maxFileSize * 3) continue;
          const text = decodeText(await readRegularFile(p, { maxBytes: engine.settings.maxFileSize * 3, allowedRoots: await untrustedRoots() })).text;
          // Analyzed fresh and not cached: closed files change without telling us.
          out.push(engine.analyze({ uri, version: -st.mtimeMs, text, languageId: /\.(md|markdown)$/i.test(p) ? 'markdown' : 'plaintext' }));
          engine.forget(uri);
        } catch {
          /* unreadable: skipped */
        }
      }
    }
  };
  for (const f of folders) {
    const p = uriToPath(f.uri);
    if (p) await walk(p, 0);
  }
  return out;
}

async function collectReferences(engine: Engine, entityId: string): Promise<Location[]> {
  const notes = await workspaceNotes(engine);
  const byUri = new Map(notes.map((n) => [n.uri, n]));
  const out: Location[] = [];
  for (const ref of references(engine, entityId, notes)) {
    if (ref.inCorpus) {
      const loc = locationFor(engine, ref.file, ref.start, ref.end);
      if (loc) out.push(loc);
    } else {
      const a = byUri.get(ref.file);
      if (a) out.push({ uri: ref.file, range: a.lines.rangeOf(ref.start, ref.end) });
    }
  }
  return out;
}

connection.onReferences(safe('references', async (params: ReferenceParams, token: CancellationToken) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const id = entityAt(r.analysis, r.analysis.lines.offsetAt(params.position));
  if (!id || token.isCancellationRequested) return null;
  return collectReferences(r.engine, id);
}, null));

connection.onDocumentHighlight(safe('highlight', async (params: TextDocumentPositionParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  return highlights(r.analysis, r.analysis.lines.offsetAt(params.position)).map((s) => ({ range: r.analysis.lines.rangeOf(s.start, s.end) }));
}, null));

connection.onCompletion(safe('completion', async (params: TextDocumentPositionParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const items = completion(r.engine, r.analysis, r.analysis.lines.offsetAt(params.position));
  return {
    isIncomplete: false,
    items: items.map((i) => ({
      label: i.label,
      detail: i.detail,
      kind: i.kind === 'organization' ? CompletionItemKind.Module : CompletionItemKind.Reference,
      documentation: { kind: MarkupKind.Markdown, value: i.documentation },
      sortText: i.sortText,
      filterText: i.filterText,
      textEdit: { range: r.analysis.lines.rangeOf(i.replace.start, i.replace.end), newText: i.insertText },
    })),
  };
}, null));

connection.onCodeAction(safe('codeAction', async (params: CodeActionParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const a = r.analysis;
  const start = a.lines.offsetAt(params.range.start);
  const end = a.lines.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  const edit = (edits: { start: number; end: number; newText: string }[]) => ({
    changes: { [a.uri]: edits.map((e) => ({ range: a.lines.rangeOf(e.start, e.end), newText: e.newText })) },
  });
  for (const d of a.diagnostics) {
    if (d.end < start || d.start > end) continue;
    const lsp = toLspDiagnostic(r.engine, a, d);
    for (const f of d.fixes) actions.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], isPreferred: f.preferred, edit: edit(f.edits) });
  }
  for (const f of acronymActions(r.engine, a, { start, end })) actions.push({ title: f.title, kind: CodeActionKind.RefactorRewrite, edit: edit(f.edits) });
  // Normalize all dates of the note to one style, when it mixes styles.
  const styles = new Set(a.dates.filter((d) => d.from.precision === 'day' && !d.invalid && !d.to).map((d) => d.style));
  if (styles.size > 1 && a.dates.some((d) => d.start <= end && d.end >= start)) {
    for (const style of ['dmy', 'mdy', 'iso'] as const) {
      const edits = a.dates
        .filter((d) => d.from.precision === 'day' && !d.invalid && !d.to && d.style !== style)
        .map((d) => ({ start: d.start, end: d.end, newText: formatDate(d.from, style) }));
      if (edits.length) actions.push({ title: `Normalize all dates in this note to ${style === 'dmy' ? '“12 December 2003”' : style === 'mdy' ? '“December 12, 2003”' : '“2003-12-12”'}`, kind: CodeActionKind.RefactorRewrite, edit: edit(edits) });
    }
  }
  return actions;
}, null));

const SYMBOL_KIND = { section: SymbolKind.Namespace, organization: SymbolKind.Module, treaty: SymbolKind.Struct, date: SymbolKind.Event };

connection.onDocumentSymbol(safe('documentSymbol', async (params: DocumentSymbolParams) => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return null;
  const convert = (s: DocumentSymbol): LspDocumentSymbol => ({
    name: s.name || '(untitled)',
    detail: s.detail,
    kind: SYMBOL_KIND[s.kind],
    range: r.analysis.lines.rangeOf(s.range.start, s.range.end),
    selectionRange: r.analysis.lines.rangeOf(s.selection.start, s.selection.end),
    children: s.children.map(convert),
  });
  return documentSymbols(r.engine, r.analysis).map(convert);
}, null));

connection.onWorkspaceSymbol(safe('workspaceSymbol', async (params: WorkspaceSymbolParams) => {
  const engine = await defaultEngine();
  return workspaceSymbols(engine, params.query).flatMap((e) => {
    const def = e.definitions.find((d) => d.source) ;
    const src = def && engine.sourceOf(def);
    const first = !src ? engine.mentionsByEntity.get(e.id)?.[0] : undefined;
    const loc = src ? locationFor(engine, src.doc.id, src.start, src.end) : first ? locationFor(engine, first.doc.id, first.mention.start, first.mention.end) : undefined;
    return loc ? [{ name: e.acronyms.length ? `${e.name} (${e.acronyms[0]})` : e.name, kind: e.kind === 'organization' ? SymbolKind.Module : SymbolKind.Struct, location: loc, containerName: e.kind }] : [];
  });
}, null));

connection.languages.semanticTokens.on(safe('semanticTokens', async (params: SemanticTokensParams): Promise<SemanticTokens> => {
  const r = await analysisFor(params.textDocument.uri);
  if (!r) return { data: [] };
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  const lines = r.analysis.lines;
  for (const t of semanticTokens(r.engine, r.analysis)) {
    // Tokens may not span lines: a name wrapped across a line break becomes one token per line.
    let s = t.start;
    while (s < t.end) {
      const pos = lines.positionAt(s);
      const lineEnd = lines.lineEnd(pos.line);
      const e = Math.min(t.end, lineEnd);
      if (e > s) {
        data.push(pos.line - prevLine, pos.line === prevLine ? pos.character - prevChar : pos.character, e - s, t.type, t.modifiers);
        prevLine = pos.line;
        prevChar = pos.character;
      }
      if (pos.line + 1 >= lines.lineCount) break;
      s = lines.lineStarts[pos.line + 1];
      while (s < t.end && /[ \t]/.test(r.analysis.text[s])) s++;
    }
  }
  return { data };
}, { data: [] }));

/** A card for the CLI-like "lookup" command in editors. */
connection.onRequest('entente/lookup', safe('lookup', async (params: { name: string; uri?: string }) => {
  const engine = await engineFor(params.uri);
  const e = engine.kb.resolveName(params.name);
  return e ? { id: e.id, markdown: entityCard(engine, e) } : null;
}, null));

documents.listen(connection);
connection.listen();

