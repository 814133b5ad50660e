// Bundles the client, the server and the CLI with esbuild so that the .vsix and `npx entente`
// run with no node_modules beside them.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');

// A hash of the sources that decide what an index holds (the core, the source readers): persisted
// indexes and extractions are keyed on it, so a new build never reads back what an older one wrote.
import crypto from 'node:crypto';
function sourcesHash(dirs) {
  const h = crypto.createHash('sha256');
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) h.update(p).update(fs.readFileSync(p));
    }
  };
  dirs.forEach(walk);
  return h.digest('hex').slice(0, 12);
}
const buildHash = sourcesHash(['server/src/core', 'server/src/sources']);

const common = {
  define: { __ENTENTE_BUILD__: JSON.stringify(buildHash) },
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Prefer ES module builds: some packages (jsonc-parser) ship a UMD main that bundlers cannot follow.
  mainFields: ['module', 'main'],
  minify: process.argv.includes('--minify'),
};
// Modules the server and the CLI load on first use, each in a bundle of its own beside them, so
// that starting reads and compiles only what the first request needs: the in-thread source
// readers (PDF.js, mammoth, Readability: about 4 MB) and the citation libraries (citeproc-js,
// citation-js: about 1 MB); and for the extension, vscode-languageclient (0.8 MB), needed only
// once the first note starts the server. Their importers load them lazily (`import()` or a
// `require` inside a function); a static import would load them at start again.
const LAZY = {
  'server/src/sources/extract': 'sources-extract.js',
  'server/src/cite/libs': 'cite-libs.js',
  'client/src/languageClient': 'client-lsp.js',
};
const lazyChunks = {
  name: 'lazy-chunks',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const target = path.relative(process.cwd(), path.resolve(args.resolveDir, args.path)).replace(/\\/g, '/').replace(/\.(js|ts)$/, '');
      const chunk = LAZY[target];
      return chunk ? { path: `./${chunk}`, external: true } : undefined;
    });
  },
};
const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'], plugins: [lazyChunks] },
  { entryPoints: ['server/src/server/main.ts'], outfile: 'dist/server.js', plugins: [lazyChunks] },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [lazyChunks] },
  ...Object.entries(LAZY).map(([src, out]) => ({ entryPoints: [`${src}.ts`], outfile: `dist/${out}`, external: ['vscode'] })),
  // The worker thread that extracts PDF, Word and HTML sources (server/src/sources/pool.ts finds it
  // beside the bundle that starts it). It loads the readers from dist/sources-extract.js, where
  // PDF.js's own worker code is bundled too and runs in that thread, so nothing is loaded from
  // node_modules at run time.
  { entryPoints: ['server/src/sources/worker.ts'], outfile: 'dist/sources-worker.js', plugins: [lazyChunks] },
];

// The PDF viewer's webview (client/src/pdfViewer.ts): its script, for the browser, and PDF.js
// beside it in dist/media/, which the .vsix carries (it has no node_modules).
const webview = {
  entryPoints: ['client/media/pdfViewer.ts'], outfile: 'dist/media/pdfViewer.js',
  platform: 'browser', format: 'esm', target: 'es2022', external: [],
};
builds.push(webview);
const pdfjsBuild = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'legacy', 'build');
fs.mkdirSync('dist/media', { recursive: true });
for (const f of ['pdf.min.mjs', 'pdf.worker.min.mjs']) fs.copyFileSync(path.join(pdfjsBuild, f), path.join('dist/media', f));
fs.copyFileSync('client/media/pdfViewer.css', 'dist/media/pdfViewer.css');

// Not shipped: the build step that writes the bundled corpus's index (below).
builds.push({ entryPoints: ['server/src/node/writeBundledIndex.ts'], outfile: 'dist/build-index.js' });

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  // The bundled corpus's index, prebuilt with the engine just bundled and shipped beside it
  // (dist/bundled-index.json): a user's first start restores it instead of indexing the book.
  // Keyed on the engine build, the catalog and the book, so it is used only when all three match.
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, ['dist/build-index.js', 'dist/bundled-index.json'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
