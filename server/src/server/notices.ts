// Messages for the user, at most one notification per cause. A corpus path of /etc yields
// hundreds of problems ("links outside the corpus folder", "could not be listed"); the user gets one
// line per kind of problem ("312 corpus paths: links outside the corpus folder; skipped"), and every
// file is named in the log. The caller notifies each notice once by its cause (registry.reportOnce).

export interface FileProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export interface Notice {
  /** What makes two notices the same (the kind of problem, without the file). */
  cause: string;
  level: 'error' | 'warning';
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
