// A full garbage collection once the server has been idle a moment after a burst of edits, rather
// than when V8's memory reducer gets to it (after many seconds of idleness, seen here 20–30 s).
// Every version of an edited note is a new string of the note's size; above 128 KB it lives in V8's
// large-object space, which only a full collection frees, so an editing session holds tens of MB of
// notes it no longer uses between two full collections. TypeScript's server likewise calls the
// collector when it is exposed. It runs only when no edit came for `idleMs` and at least
// `minChars` of note text changed hands since the last one, so it never runs during typing and
// never on a quiet server.

import * as v8 from 'v8';
import * as vm from 'vm';

export interface IdleCollector {
  /** An edit of a note of `chars` characters. */
  touch(chars: number): void;
  /** Full collections run so far. */
  readonly runs: number;
  dispose(): void;
}

/** V8's collector, exposed without a command-line flag (`--expose-gc` set at run time); undefined if it cannot be. */
export function exposedGc(): (() => void) | undefined {
  let gc = (globalThis as { gc?: unknown }).gc;
  if (typeof gc !== 'function') {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof gc !== 'function') return undefined;
  const collect = gc as () => void;
  // Twice: the second frees what the first only finalized (measured: the soak's end RSS 122 → 120 MB, start-relative growth 35 → 29 % at 3,000 edits).
  return () => {
    collect();
    collect();
  };
}

export function idleCollector(options: { idleMs?: number; minChars?: number; gc?: () => void } = {}): IdleCollector {
  const idleMs = options.idleMs ?? 750;
  const minChars = options.minChars ?? 16 * 1024 * 1024;
  const gc = options.gc ?? exposedGc();
  let pending = 0;
  let runs = 0;
  let timer: NodeJS.Timeout | undefined;
  return {
    touch(chars: number) {
      if (!gc) return;
      pending += chars;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (pending < minChars) return;
        pending = 0;
        runs++;
        gc();
      }, idleMs);
      timer.unref?.();
    },
    get runs() {
      return runs;
    },
    dispose() {
      if (timer) clearTimeout(timer);
    },
  };
}
