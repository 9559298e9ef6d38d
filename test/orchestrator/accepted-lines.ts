import type { RunningProcess } from "@podkit/harness";

/**
 * The tickets an orchestrator process believed it won: its `<time> <ticket> t<token>  accepted`
 * progress lines, as `ticket → token`. Written by the process itself, so it is an external
 * record of each claim, independent of the store.
 */
export function acceptedLines(run: RunningProcess): Map<string, number> {
  const claims = new Map<string, number>();
  for (const match of run.stdout().matchAll(/^\S+ (\S+) t(\d+) {2}accepted \(lease token issued\)$/gm)) {
    const [, ticketId = "", token = ""] = match;
    if (claims.has(ticketId)) throw new Error(`process ${run.pid} claimed ${ticketId} twice`);
    claims.set(ticketId, Number(token));
  }
  return claims;
}

/** Tickets an orchestrator process printed any progress line about (accepted, worktree, Pods, …). */
export function ticketsMentioned(run: RunningProcess): Set<string> {
  return new Set(
    [...run.stdout().matchAll(/^\d\d:\d\d:\d\d\.\d{3} (\S+) /gm)].map((match) => match[1] ?? ""),
  );
}
