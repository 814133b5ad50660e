// The engine registry: one language service per workspace folder, built from that folder's
// settings, corpus paths, dictionary and trust, and rebuilt only when one of those changes.
// Everything it needs from the outside comes in through RegistryHost.

import * as path from 'path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import { ConfinedFileSystem, type FileSystem, type Logger, type SnapshotStore } from '../core/host';
import { createLanguageService, type LanguageService } from '../core/service';
import { parseSettings, type Settings } from '../core/settings';
import { parseDictionary, MAX_DICTIONARY_CHARS, type Dictionary, type DictionaryError } from '../core/knowledge/dictionary';
import { decodeText } from '../core/corpus/loader';
import { parseWorkspaceConfig } from '../core/workspaceConfig';
import type { StatusPayload } from '../protocol';
import type { SourceReader } from '../core/corpus/reader';
import type { UriMapper } from './convert';
import { summarizeProblems } from './notices';

export type Level = 'error' | 'warning' | 'info';

export interface RegistryHost {
  fs: FileSystem;
  uris: UriMapper;
  logger: Logger;
  bundledDir: string;
  homeDir?: string;
  /** The index store for a storage folder the client named (or the default one). */
  snapshots(storagePath: string | undefined): SnapshotStore;
  sourceReaders?(storagePath: string | undefined): readonly SourceReader[];
  /** The client's `entente` settings for a folder; undefined when it cannot say. */
  configuration(scopeUri: string | undefined): Promise<unknown>;
  /** A message for the user (a notification: showMessageRequest blocks some clients). */
  notify(level: Level, message: string): void;
  status(s: StatusPayload): void;
  /** Errors of a dictionary file, as diagnostics on that file. */
  dictionaryProblems(path: string, text: string, errors: DictionaryError[]): void;
}

export interface ClientOptions {
  folders: WorkspaceFolder[];
  settings?: unknown;
  trusted: boolean;
  storagePath?: string;
  configurationCapability: boolean;
}

export class EngineRegistry {
  private folders: WorkspaceFolder[] = [];
  private options: ClientOptions = { folders: [], trusted: true, configurationCapability: false };
  private readonly services = new Map<string, Promise<LanguageService>>();
  private readonly byFolder = new Map<string, Promise<LanguageService>>();
  private readonly settings = new Map<string, Promise<Settings>>();
  private readonly lastGoodDictionary = new Map<string, Dictionary | undefined>();
  private readonly reported = new Set<string>();
  /** Corpus roots of every service built, to know which file changes matter. */
  private readonly roots = new Set<string>();
  /** In an untrusted workspace, the file system confined to it (by real path). */
  private confined?: Promise<ConfinedFileSystem>;

  constructor(private readonly host: RegistryHost) {}

  configure(options: ClientOptions): void {
    this.options = options;
    this.folders = options.folders;
    this.reset();
  }

  setFolders(folders: WorkspaceFolder[]): void {
    this.folders = folders;
    this.reset();
  }

  get workspaceFolders(): readonly WorkspaceFolder[] {
    return this.folders;
  }

  /** Client settings pushed with didChangeConfiguration (clients without workspace/configuration). */
  pushSettings(settings: unknown): void {
    if (!this.options.configurationCapability && settings !== undefined) this.options = { ...this.options, settings };
    this.reset();
  }

  /** `rebuild`: also read every source again, rather than trust its size and modification time (records found by content are still used: they are exact). */
  reset(clearReports = false, readEverySource = false): void {
    if (readEverySource) this.readEverySource = true;
    this.services.clear();
    this.byFolder.clear();
    this.settings.clear();
    this.confined = undefined;
    if (clearReports) this.reported.clear();
  }

  /**
   * The file system every read goes through: the host's, or in an untrusted workspace one that
   * reads only what resolves inside the workspace folders and the bundled corpus.
   */
  files(): Promise<FileSystem> {
    if (this.options.trusted) return Promise.resolve(this.host.fs);
    this.confined ??= ConfinedFileSystem.create(this.host.fs, [...this.folders.flatMap((f) => this.host.uris.toPath(f.uri) ?? []), this.host.bundledDir]);
    return this.confined;
  }

  folderOf(uri: string): WorkspaceFolder | undefined {
    let best: WorkspaceFolder | undefined;
    for (const f of this.folders) {
      const prefix = f.uri.endsWith('/') ? f.uri : f.uri + '/';
      if ((uri.startsWith(prefix) || uri === f.uri) && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  /** Whether a changed file (a corpus source or a dictionary) invalidates the services. */
  affects(filePath: string): boolean {
    if (filePath.endsWith('dictionary.json') || /[\\/]\.entente[\\/]config\.json$/.test(filePath)) return true;
    for (const r of this.roots) if (filePath === r || isInside(filePath, r)) return true;
    return false;
  }

  reportOnce(key: string, message: string, level: Level): void {
    this.host.logger[level === 'info' ? 'info' : level === 'warning' ? 'warn' : 'error'](message);
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.host.notify(level, message);
  }

  settingsFor(uri: string | undefined): Promise<Settings> {
    const folder = uri ? this.folderOf(uri) : undefined;
    const key = folder?.uri ?? '';
    let p = this.settings.get(key);
    if (!p) {
      p = (async () => {
        let raw: unknown = this.options.settings;
        if (this.options.configurationCapability) {
          try {
            raw = await this.host.configuration(folder?.uri);
          } catch (e) {
            this.host.logger.warn(`workspace/configuration failed, using initializationOptions: ${(e as Error).message}`);
          }
        }
        // The workspace's .entente/config.json (shared with the CLI) sets what it names, over the editor's values.
        const shared = await this.readWorkspaceConfig(folder);
        const { settings, errors } = parseSettings(shared ? mergeSettings(raw, shared) : (raw ?? {}));
        for (const err of errors) this.reportOnce(`settings:${err}`, err, 'warning');
        return settings;
      })();
      this.settings.set(key, p);
    }
    return p;
  }

  /** The service of the first workspace folder (or of no folder): for requests that name no document. */
  defaultService(): Promise<LanguageService> {
    return this.serviceFor(this.folders[0]?.uri ? this.folders[0].uri + '/' : undefined);
  }

  /** The service of a document's workspace folder, until settings, sources or the dictionary change. */
  serviceFor(uri: string | undefined): Promise<LanguageService> {
    const key = (uri ? this.folderOf(uri)?.uri : undefined) ?? '';
    let p = this.byFolder.get(key);
    if (!p) {
      p = this.build(uri);
      this.byFolder.set(key, p);
      p.catch(() => this.byFolder.delete(key));
    }
    return p;
  }

  private async build(uri: string | undefined): Promise<LanguageService> {
    const folder = uri ? this.folderOf(uri) : undefined;
    const settings = await this.settingsFor(uri);
    const corpusPaths = await this.confine(this.corpusPaths(settings, folder));
    const dictionary = await this.readDictionary(settings, folder);
    // Severities are not part of the key: diagnostics take them per call.
    // The bibliography and style are: cards cite in them (a service renders one folder's citations).
    const key = JSON.stringify({ corpusPaths, b: settings.corpus.includeBundled, o: settings.dates.order, m: settings.maxFileSize, dictionary: dictionary ?? null, bib: settings.bibliography, cite: settings.citation, folder: settings.bibliography.length ? (folder?.uri ?? '') : '' });
    let p = this.services.get(key);
    if (!p) {
      for (const r of corpusPaths) this.roots.add(r);
      p = this.load(corpusPaths, settings, dictionary);
      this.services.set(key, p);
    }
    return p;
  }

  private readEverySource = false;

  private async load(corpusPaths: string[], settings: Settings, dictionary: Dictionary | undefined): Promise<LanguageService> {
    const readEverySource = this.readEverySource;
    this.readEverySource = false;
    this.host.status({ state: 'indexing', message: 'Indexing corpus…' });
    const storage = this.options.storagePath ? path.join(this.options.storagePath, 'index') : undefined;
    let lastProgress = 0;
    const { service, problems } = await createLanguageService({
      corpus: {
        readers: this.host.sourceReaders?.(this.options.storagePath),
        // A large library: progress at most a few times a second.
        onProgress: (p) => {
          const now = Date.now();
          if (now - lastProgress < 250 && p.done < p.total) return;
          lastProgress = now;
          this.host.status({ state: 'indexing', message: `Reading sources: ${p.done} of ${p.total}` });
        },
      },
      fs: await this.files(),
      bundledDir: this.host.bundledDir,
      corpusPaths,
      settings,
      dictionary,
      logger: this.host.logger,
      snapshots: this.host.snapshots(storage),
      // Other requests run between two sources indexed.
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      readEverySource,
    });
    // Every problem in the log; one notification per kind (a corpus of /etc: not hundreds).
    for (const p of problems) this.host.logger.warn(`corpus ${p.path} ${p.message}`);
    for (const n of summarizeProblems('corpus', problems)) this.reportOnce(n.cause, n.message, n.level);
    this.host.status({ state: 'ready', ...service.status(), problems: problems.length });
    return service;
  }

  private corpusPaths(settings: Settings, folder: WorkspaceFolder | undefined): string[] {
    const base = folder ? this.host.uris.toPath(folder.uri) : undefined;
    const out: string[] = [];
    for (const p of settings.corpus.paths) {
      const expanded = p.replace(/^~(?=$|\/)/, this.host.homeDir ?? '~').replace(/\$\{workspaceFolder\}/g, base ?? '.');
      const abs = path.isAbsolute(expanded) ? expanded : base ? path.join(base, expanded) : path.resolve(expanded);
      if (!this.options.trusted && base && !isInside(abs, base)) {
        this.reportOnce(`untrusted:${abs}`, `workspace is not trusted: corpus path ${p} is outside the workspace and was not read.`, 'warning');
        continue;
      }
      out.push(abs);
    }
    return out;
  }

  /** In an untrusted workspace, corpus paths whose real path leads outside it are dropped, and told. */
  private async confine(corpusPaths: string[]): Promise<string[]> {
    if (this.options.trusted) return corpusPaths;
    const files = await this.files();
    const out: string[] = [];
    for (const p of corpusPaths) {
      const real = await (files as ConfinedFileSystem).outside(p);
      if (real === undefined) out.push(p);
      else this.reportOnce(`untrusted:${p}`, `workspace is not trusted: corpus path ${p} leads outside the workspace (to ${real}) and was not read.`, 'warning');
    }
    return out;
  }

  private async readWorkspaceConfig(folder: WorkspaceFolder | undefined): Promise<Record<string, unknown> | undefined> {
    const base = folder ? this.host.uris.toPath(folder.uri) : undefined;
    if (!base) return undefined;
    const p = path.join(base, '.entente', 'config.json');
    let text: string;
    try {
      const st = await this.host.fs.stat(p);
      if (!st || st.type !== 'file') return undefined;
      text = decodeText(await this.host.fs.readFile(p)).text;
    } catch {
      return undefined;
    }
    const { settings, errors } = parseWorkspaceConfig(text);
    this.host.dictionaryProblems(p, text, errors);
    return settings as Record<string, unknown>;
  }

  private async readDictionary(settings: Settings, folder: WorkspaceFolder | undefined): Promise<Dictionary | undefined> {
    const base = folder ? this.host.uris.toPath(folder.uri) : undefined;
    if (!base) return undefined;
    const p = path.isAbsolute(settings.dictionary.path) ? settings.dictionary.path : path.join(base, settings.dictionary.path);
    if (!this.options.trusted && !isInside(p, base)) return undefined;
    let text: string;
    try {
      const files = await this.files();
      if (!(await files.stat(p))) throw Object.assign(new Error('missing'), { missing: true });
      // The read refuses a pipe, a device or a link outside the workspace, and caps the bytes
      // (UTF-8 takes at most 3 bytes per UTF-16 unit of the character limit).
      text = decodeText(await files.readFile(p, { maxBytes: MAX_DICTIONARY_CHARS * 3 })).text;
    } catch (e) {
      const message = (e as Error).message;
      if (!(e as { missing?: boolean }).missing) this.reportOnce(`dictionary:${p}:${message}`, `dictionary ${p} ${message}.`, 'warning');
      this.lastGoodDictionary.delete(p);
      return undefined;
    }
    const { dictionary, errors } = parseDictionary(text);
    this.host.dictionaryProblems(p, text, errors);
    if (dictionary) {
      this.lastGoodDictionary.set(p, dictionary);
      return dictionary;
    }
    this.host.logger.warn(`dictionary ${p} has ${errors.length} error(s); keeping the last good version`);
    return this.lastGoodDictionary.get(p);
  }
}

/** `over` on top of `base`, objects merged key by key (the shared config sets only what it names). */
export function mergeSettings(base: unknown, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? mergeSettings(b, v as Record<string, unknown>) : v;
  }
  return out;
}

export function isInside(p: string, dir: string): boolean {
  const rel = path.relative(dir, p);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}
