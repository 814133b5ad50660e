// Which language a note is written in: the one place that decides it, for the server (a client's
// language id, which other editors spell their own way), the workspace walk and the CLI (a path).

/** The languages Entente analyzes, as VS Code names them. */
export type NoteLanguage = 'plaintext' | 'markdown' | 'entente-notes' | 'latex';

/** File name endings of notes, by language. */
export const NOTE_EXTENSIONS: Record<NoteLanguage, readonly string[]> = {
  plaintext: ['.txt', '.text'],
  markdown: ['.md', '.markdown'],
  'entente-notes': ['.ent', '.entente'],
  latex: ['.tex'],
};

/** Other clients name languages their own way (Neovim's "text", Emacs's "markdown-mode"…). */
const LANGUAGE_ALIASES: Record<string, NoteLanguage> = {
  text: 'plaintext',
  txt: 'plaintext',
  plain: 'plaintext',
  md: 'markdown',
  'markdown-mode': 'markdown',
  'gfm-mode': 'markdown',
  'text-mode': 'plaintext',
  ent: 'entente-notes',
  entente: 'entente-notes',
  tex: 'latex',
  'latex-mode': 'latex',
};

/** The language of a file from its name alone, or undefined when its ending is not a note's. */
export function languageOfPath(path: string): NoteLanguage | undefined {
  const lower = path.toLowerCase().replace(/[?#].*$/, '');
  for (const [lang, exts] of Object.entries(NOTE_EXTENSIONS) as [NoteLanguage, readonly string[]][]) {
    if (exts.some((e) => lower.endsWith(e))) return lang;
  }
  return undefined;
}

/**
 * The language of a document: the client's language id when it names one (mapped through the
 * aliases other editors use), else the file name's ending, else plain text.
 */
export function languageOf(languageId: string | undefined, uriOrPath: string): string {
  const id = (languageId ?? '').trim();
  if (id && LANGUAGE_ALIASES[id.toLowerCase()]) return LANGUAGE_ALIASES[id.toLowerCase()];
  if (id) return id;
  return languageOfPath(uriOrPath) ?? 'plaintext';
}

/** Whether a file name is a note's (for walks over a workspace or a folder given to the CLI). */
export function isNoteFile(path: string): boolean {
  return languageOfPath(path) !== undefined;
}
