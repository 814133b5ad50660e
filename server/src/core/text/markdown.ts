// Cards are Markdown; clients that ask for plain text (Emacs eglot, terminals) get the same card
// with the markup taken out: links become their text, emphasis and escapes disappear.

export function markdownToPlain(md: string): string {
  return md
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]<>#|])/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/^> /gm, '')
    .replace(/ {2}$/gm, '');
}
