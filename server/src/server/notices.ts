// Messages for the user, at most one notification per cause. A corpus path of /etc yields
// hundreds of problems ("links outside the corpus folder", "could not be listed"); the user gets one
// line per kind of problem ("312 corpus files link outside the corpus folder; skipped"), and every
// file is named in the log. Pure: the caller passes how to log and how to notify.

export type NoticeLevel = 'error' | 'warning' | 'info';

export interface FileProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Notice {
  /** What makes two notices the same (the kind of problem, without the file). */
  cause: string;
  level: NoticeLevel;
  message: string;
}

/** Up to this many problems of one kind are told one by one. */
const FEW = 3;

/**
 * Groups problems by their message: a few are named one by one, more become one notice with
 * their count and the first path. `what` names the files ("corpus").
 */
export function summarizeProblems(what: string, problems: readonly FileProblem[]): Notice[] {
  const groups = new Map<string, FileProblem[]>();
  for (const p of problems) {
    const key = `${p.severity}:${causeOf(p.message)}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out: Notice[] = [];
  for (const [key, g] of groups) {
    // A few problems of a kind (two corpus folders missing) are told one by one, by path; a flood
    // (every link under /etc) is told once, with its count.
    if (g.length <= FEW) {
      for (const p of g) out.push({ cause: `${what}:${p.severity}:${p.path}:${p.message}`, level: p.severity, message: `${what} ${p.path} ${p.message}` });
      continue;
    }
    const first = g[0];
    out.push({
      cause: `${what}:${key}`,
      level: first.severity,
      message: `${g.length.toLocaleString('en')} ${what} paths: ${first.message} (the first: ${first.path}; all of them in the Entente output).`,
    });
  }
  return out;
}

/** A message without the paths and numbers in it: "could not be read: EACCES … '/etc/x'" → one cause. */
export function causeOf(message: string): string {
  return message.replace(/'[^']*'|"[^"]*"|(?:[A-Za-z]:)?[\\/][^\s,;)]*/g, '…').replace(/\d+/g, 'N');
}

/** Notifies once per cause; logs every time. */
export class Notices {
  private readonly told = new Set<string>();

  constructor(
    private readonly log: (level: NoticeLevel, message: string) => void,
    private readonly notify: (level: NoticeLevel, message: string) => void,
  ) {}

  /** Logs the message; notifies only the first time this cause is seen. */
  report(cause: string, message: string, level: NoticeLevel): void {
    this.log(level, message);
    if (this.told.has(cause)) return;
    this.told.add(cause);
    this.notify(level, message);
  }

  /** Every problem to the log, one notification per kind of problem. */
  reportProblems(what: string, problems: readonly FileProblem[]): void {
    for (const p of problems) this.log(p.severity, `${what} ${p.path} ${p.message}`);
    for (const n of summarizeProblems(what, problems)) {
      if (this.told.has(n.cause)) continue;
      this.told.add(n.cause);
      this.notify(n.level, n.message);
    }
  }

  /** Forget what was told (a rebuild the user asked for tells again). */
  clear(): void {
    this.told.clear();
  }
}
