// citekey-unknown: a citekey (Pandoc `@key`, LaTeX `\\cite{key}`) that is not in the note's
// bibliography; the fixes offer the nearest keys. Runs only where the adapter gives a citation context.

import type { Check } from './types';
import { CITEKEY_UNKNOWN, citationDiagnostics } from '../citations';

export const citekeyUnknown: Check = {
  code: CITEKEY_UNKNOWN.code,
  defaultSeverity: CITEKEY_UNKNOWN.defaultSeverity,
  description: CITEKEY_UNKNOWN.description,
  run(_ctx, a, env) {
    return env.citations ? citationDiagnostics(env.citations, { text: a.text, languageId: a.languageId, uri: a.uri }) : [];
  },
};
