// Which language a note is in, one rule for every adapter: the client's language id when it names
// one (under another client's spelling: Neovim's "text", "md"), else the file's extension. The
// CLI uses the same rule to pick the notes of a folder.

/** Language ids other clients use for ours. */
const LANGUAGE_ALIASES: Record<string, string> = { text: 'plaintext', txt: 'plaintext', md: 'markdown', ent: 'entente-notes', entente: 'entente-notes' };

/** Note extensions (lower case, with the dot) and their language. */
export const NOTE_EXTENSIONS: Record<string, string> = {
  '.txt': 'plaintext',
  '.text': 'plaintext',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.ent': 'entente-notes',
  '.entente': 'entente-notes',
};

function extensionOf(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** The language of a note at `path` (a file path or URI), given the client's id if any. */
export function languageOfFile(path: string, languageId?: string): string {
  if (languageId && LANGUAGE_ALIASES[languageId]) return LANGUAGE_ALIASES[languageId];
  if (languageId) return languageId;
  return NOTE_EXTENSIONS[extensionOf(path)] ?? 'plaintext';
}

/** Whether a file found in a folder is a note (by its extension). */
export function isNoteFile(path: string): boolean {
  return extensionOf(path) in NOTE_EXTENSIONS;
}
