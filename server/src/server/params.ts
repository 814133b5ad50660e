// Client parameters the server keeps in its state are checked before they are taken: an entry
// that is not what the protocol says is logged and dropped, never stored (one bad workspace
// folder must not disable the others).

import type { WorkspaceFolder } from 'vscode-languageserver/node';

/** The well-formed workspace folders of a list a client sent (anything else is dropped). */
export function cleanFolders(raw: unknown, onDropped?: (entry: unknown) => void): WorkspaceFolder[] {
  if (!Array.isArray(raw)) return [];
  const out: WorkspaceFolder[] = [];
  for (const f of raw) {
    if (f && typeof f === 'object' && typeof (f as WorkspaceFolder).uri === 'string' && (f as WorkspaceFolder).uri.length > 0) {
      const name = (f as WorkspaceFolder).name;
      out.push({ uri: (f as WorkspaceFolder).uri, name: typeof name === 'string' ? name : (f as WorkspaceFolder).uri });
    } else onDropped?.(f);
  }
  return out;
}
