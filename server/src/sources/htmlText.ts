// HTML (Readability's article, mammoth's conversion of a Word document) → plain text with one
// paragraph per block, blank lines between blocks, list items and table cells on lines of their
// own. Scripts, styles and other non-text elements are dropped; nothing is executed.

const BLOCK = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'BLOCKQUOTE', 'PRE', 'FIGURE', 'FIGCAPTION',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'DL', 'DT', 'DD', 'TABLE', 'TR', 'CAPTION', 'ADDRESS', 'HR', 'FORM',
]);
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'BUTTON', 'SELECT', 'TEXTAREA', 'HEAD']);

export interface NodeLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<NodeLike>;
}

/** The part of a DOM element the readers use (linkedom's, typed without the DOM library). */
export interface ElementLike extends NodeLike {
  getAttribute(name: string): string | null;
  remove(): void;
}

export interface DocumentLike {
  body: ElementLike | null;
  querySelector(selector: string): ElementLike | null;
  querySelectorAll(selector: string): Iterable<ElementLike> & ArrayLike<ElementLike>;
}

/** The text of a DOM subtree, blocks as paragraphs (at most `maxChars` characters). */
export function domToText(root: NodeLike, maxChars = 64 * 1024 * 1024): string {
  const blocks: string[] = [];
  let current = '';
  let total = 0;
  const flush = () => {
    const t = current.replace(/[ \t\f\v\u00a0\r\n]+/g, ' ').trim();
    if (t) {
      blocks.push(t);
      total += t.length + 2;
    }
    current = '';
  };
  // Iterative walk: a hostile page may nest elements far deeper than the call stack allows.
  const stack: { node: NodeLike; exit?: boolean }[] = [{ node: root }];
  while (stack.length && total < maxChars) {
    const { node, exit } = stack.pop()!;
    const name = node.nodeName.toUpperCase();
    if (exit) {
      flush();
      continue;
    }
    if (node.nodeType === 3) {
      current += node.textContent ?? '';
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    if (SKIP.has(name)) continue;
    if (name === 'BR') {
      current += ' ';
      continue;
    }
    const block = BLOCK.has(name) || name === 'TD' || name === 'TH';
    if (block) {
      flush();
      stack.push({ node, exit: true });
    }
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] });
  }
  flush();
  return blocks.join('\n\n');
}
