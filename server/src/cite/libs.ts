// The citation libraries, in one module that loads on first use (formatter.ts and bibtex.ts call
// `citationLibs()` of lazyLibs.ts): citeproc-js (about 0.7 MB) and citation-js with its BibTeX plugin, which
// registers into that same citation-js core. The build puts this module in a bundle of its own
// (dist/cite-libs.js), so a server with no bibliography never reads or compiles them.

import CSL from 'citeproc';
import { plugins, logger } from '@citation-js/core';
import '@citation-js/plugin-bibtex';

export { CSL, plugins, logger };
