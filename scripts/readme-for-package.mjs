// The README as the Extensions view shows it: VS Code renders an extension's page with a content
// security policy that loads images only from https: or data: URIs, so relative links to the
// screenshots show as broken images, and https links need the network. This writes
// dist/README.md, the README with each relative PNG image inlined as a data: URI, which
// `vsce package --readme-path dist/README.md` ships as the package's README. README.md itself
// keeps its relative links (for the repository).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
let inlined = 0;
const out = source.replace(/!\[([^\]\n]*)\]\(([^)\s]+\.png)\)/g, (whole, alt, href) => {
  if (/^[a-z]+:/i.test(href)) return whole; // absolute: left as it is
  const file = path.join(root, href);
  if (!fs.existsSync(file)) {
    console.warn(`warning: README.md links to ${href}, which does not exist (npm run e2e:docs takes it)`);
    return whole;
  }
  inlined++;
  return `![${alt}](data:image/png;base64,${fs.readFileSync(file).toString('base64')})`;
});
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, 'dist', 'README.md'), out);
console.log(`dist/README.md: ${inlined} image(s) inlined, ${Math.round(out.length / 1024)} KB`);
