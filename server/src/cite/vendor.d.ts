// Types for the two citation libraries, which ship none: only the calls Entente makes.

declare module '@citation-js/core' {
  export const plugins: {
    input: {
      /** Runs the parser registered for `type` once (no type detection, no chaining). */
      data(input: unknown, type: string): unknown;
    };
    output: {
      format(name: string, data: unknown[], options?: Record<string, unknown>): string;
    };
    config: { get(name: string): unknown };
  };
  export const logger: { level: string };
}

declare module '@citation-js/plugin-bibtex';

declare module 'citeproc' {
  interface Sys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): unknown;
  }
  interface CiteprocEngine {
    opt: { xclass?: string; [k: string]: unknown };
    setOutputFormat(format: string): void;
    updateItems(ids: string[]): void;
    makeCitationCluster(items: { id: string; locator?: string; label?: string }[]): string;
    makeBibliography(): false | [Record<string, unknown>, string[]];
  }
  const CSL: { debug: (message: string) => void; Engine: new (sys: Sys, style: string, lang?: string, forceLang?: boolean) => CiteprocEngine; Output: { Formats: Record<string, unknown> } };
  export = CSL;
}
