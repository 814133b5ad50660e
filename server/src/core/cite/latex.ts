// LaTeX notes as prose: `maskLatex` blanks what is not prose (the preamble, commands, comments,
// math, verbatim, the arguments of commands that take keys, labels, paths or lengths) one
// character for one, keeping line breaks, so offsets in the masked text are offsets in the file.
// The words inside `\emph{…}`, `\section{…}`, `\footnote{…}` stay: they are prose. One pass.
// `latexCitationFlavor` tells how the document cites (biblatex, natbib, or plain `\cite`).

/** Commands whose every following argument is not prose (keys, labels, paths, sizes, code). */
const NON_PROSE_ARGS = new Set([
  'label', 'ref', 'eqref', 'pageref', 'autoref', 'cref', 'Cref', 'nameref', 'vref',
  'url', 'path', 'includegraphics', 'input', 'include', 'includeonly', 'usepackage', 'RequirePackage',
  'documentclass', 'bibliography', 'bibliographystyle', 'addbibresource', 'printbibliography',
  'newcommand', 'renewcommand', 'providecommand', 'newenvironment', 'renewenvironment', 'DeclareMathOperator',
  'setlength', 'addtolength', 'setcounter', 'addtocounter', 'vspace', 'hspace', 'vskip', 'hskip',
  'pagestyle', 'thispagestyle', 'pagenumbering', 'color', 'definecolor', 'hypersetup', 'geometry',
  'begin', 'end', 'nocite', 'linewidth', 'textwidth', 'graphicspath', 'lstinputlisting', 'bibitem',
]);

/** Commands whose first argument only is not prose (`\href{url}{text}`, `\textcolor{red}{text}`). */
const FIRST_ARG_NOT_PROSE = new Set(['href', 'textcolor', 'colorbox', 'foreignlanguage', 'hyperref']);

const MATH_ENVS = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'gather', 'gather*', 'multline', 'multline*',
  'flalign', 'flalign*', 'eqnarray', 'eqnarray*', 'math', 'displaymath',
]);
const VERBATIM_ENVS = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'tikzpicture', 'tabular', 'tabular*', 'tabularx', 'array']);

function isCiteCommand(name: string): boolean {
  return /cite/i.test(name);
}

/** Blanks the non-prose parts of a LaTeX text; same length, line breaks kept. */
export function maskLatex(text: string): string {
  const out = text.split('');
  const blank = (s: number, e: number) => {
    for (let k = Math.max(0, s); k < Math.min(e, text.length); k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const n = text.length;

  // Balanced group at i (`{…}` or `[…]`), returning its end (exclusive), or -1.
  const groupEnd = (i: number): number => {
    const open = text[i];
    const close = open === '{' ? '}' : ']';
    let depth = 0;
    for (let k = i; k < n; k++) {
      const c = text[k];
      if (c === '\\') { k++; continue; }
      if (c === open) depth++;
      else if (c === close && --depth === 0) return k + 1;
      else if (open === '[' && c === '\n' && text[k + 1] === '\n') return -1;
    }
    return -1;
  };
  // Consecutive arguments after position i (whitespace allowed between), returning the end and groups.
  const argsAfter = (i: number, max = 9): { end: number; groups: [number, number][] } => {
    const groups: [number, number][] = [];
    let k = i;
    while (groups.length < max) {
      let j = k;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] !== '{' && text[j] !== '[') break;
      const e = groupEnd(j);
      if (e < 0) break;
      groups.push([j, e]);
      k = e;
    }
    return { end: k, groups };
  };

  let i = 0;
  const docBegin = text.indexOf('\\begin{document}');
  if (docBegin >= 0) {
    blank(0, docBegin + '\\begin{document}'.length);
    i = docBegin + '\\begin{document}'.length;
  }
  const docEnd = text.indexOf('\\end{document}', i);
  const limit = docEnd >= 0 ? docEnd : n;
  if (docEnd >= 0) blank(docEnd, n);

  while (i < limit) {
    const c = text[i];
    if (c === '%') {
      const e = text.indexOf('\n', i);
      const end = e < 0 ? limit : e;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '$') {
      const dbl = text[i + 1] === '$';
      const closer = dbl ? '$$' : '$';
      let k = i + closer.length;
      let found = -1;
      while (k < limit) {
        if (text[k] === '\\') { k += 2; continue; }
        if (text.startsWith(closer, k)) { found = k; break; }
        if (text[k] === '\n' && /^\n[ \t]*\n/.test(text.slice(k, k + 40).replace(/\r/g, ''))) break;
        k++;
      }
      if (found < 0) { i++; continue; }
      blank(i, found + closer.length);
      i = found + closer.length;
      continue;
    }
    if (c === '{' || c === '}') { blank(i, i + 1); i++; continue; }
    if (c === '~') { out[i] = ' '; i++; continue; }
    if (c !== '\\') { i++; continue; }

    // A command.
    const next = text[i + 1] ?? '';
    if (next === '(' || next === '[') {
      const close = next === '(' ? '\\)' : '\\]';
      const e = text.indexOf(close, i + 2);
      const end = e < 0 ? limit : e + 2;
      blank(i, end);
      i = end;
      continue;
    }
    if (/[%&$#_{}]/.test(next)) { blank(i, i + 1); i += 2; continue; }
    if (!/[a-zA-Z@]/.test(next)) { blank(i, i + 2); i += 2; continue; }
    let j = i + 1;
    while (j < n && /[a-zA-Z@]/.test(text[j])) j++;
    const name = text.slice(i + 1, j);
    if (text[j] === '*') j++;

    if (name === 'verb') {
      const delim = text[j];
      const e = delim ? text.indexOf(delim, j + 1) : -1;
      const end = e < 0 || text.slice(j, e).includes('\n') ? j : e + 1;
      blank(i, end);
      i = end;
      continue;
    }
    if (name === 'def' || name === 'gdef' || name === 'edef') {
      // \def\name#1{body}: to the end of the body.
      const brace = text.indexOf('{', j);
      const e = brace >= 0 ? groupEnd(brace) : -1;
      const end = e < 0 ? j : e;
      blank(i, end);
      i = end;
      continue;
    }
    if (name === 'begin') {
      const a = argsAfter(j, 1);
      const env = a.groups.length ? text.slice(a.groups[0][0] + 1, a.groups[0][1] - 1).trim() : '';
      if (MATH_ENVS.has(env) || VERBATIM_ENVS.has(env)) {
        const endTag = `\\end{${env}}`;
        const e = text.indexOf(endTag, a.end);
        const end = e < 0 ? limit : e + endTag.length;
        blank(i, end);
        i = end;
        continue;
      }
      // Other environments: the name and its options are not prose; the body is.
      const more = argsAfter(a.end, 2);
      const end = more.groups.length && text[more.groups[0][0]] === '[' ? more.end : a.end;
      blank(i, end);
      i = end;
      continue;
    }
    if (NON_PROSE_ARGS.has(name) || isCiteCommand(name)) {
      const a = argsAfter(j);
      blank(i, a.end);
      i = a.end;
      continue;
    }
    if (FIRST_ARG_NOT_PROSE.has(name)) {
      const a = argsAfter(j, 2);
      // \href{url}{text}: the url (and options) blanked, the last group's text kept.
      const keep = a.groups.length >= 2 ? a.groups[a.groups.length - 1] : undefined;
      const end = keep ? keep[0] + 1 : a.end;
      blank(i, end);
      if (keep) blank(keep[1] - 1, keep[1]);
      i = keep ? keep[1] : a.end;
      continue;
    }
    // Any other command: its name is not prose, its arguments are (braces blanked as met).
    blank(i, j);
    // Optional arguments of \item[…] and the like are labels; keep their text, blank the brackets.
    i = j;
  }
  return out.join('');
}

export type LatexFlavor = 'biblatex' | 'natbib' | 'cite';

/** How a LaTeX document cites: biblatex (`\autocite`), natbib, or plain BibTeX `\cite`. */
export function latexCitationFlavor(text: string): LatexFlavor {
  const pre = text;
  if (/\\usepackage(?:\[[^\]]*\])?\{[^}]*\bbiblatex\b[^}]*\}|\\addbibresource\b|\\(?:auto|paren|text|foot|smart)cite\b|\\printbibliography\b/.test(pre)) return 'biblatex';
  if (/\\usepackage(?:\[[^\]]*\])?\{[^}]*\bnatbib\b[^}]*\}|\\cite[pt]\b/.test(pre)) return 'natbib';
  if (/\\cite\b|\\bibliography\{|\\bibliographystyle\{/.test(pre)) return 'cite';
  // Nothing written yet: biblatex is what new LaTeX documents use.
  return 'biblatex';
}
