// The one way to reach the citation libraries (libs.ts): required on the first call, so that a
// server with no bibliography never loads them (the build makes libs.ts a bundle of its own).

import type * as Libs from './libs';

let libs: typeof Libs | undefined;

export function citationLibs(): typeof Libs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy require is the point
  return (libs ??= require('./libs') as typeof Libs);
}
