import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { isAlive, podFiles } from "../../packages/orchestrator-automation/src/index.js";

/** One line a Pod appended to an external log: who it was, its pid and when (epoch ms). */
export interface PodLogLine {
  readonly podId: string;
  readonly pid: number;
  readonly at: number;
}

/** The complete lines of a Pod log (a line cut short by a kill is not a claim). */
export function readPodLog(file: string): PodLogLine[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  return complete
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [podId = "", pid = "", at = ""] = line.split(" ");
      return { podId, pid: Number(pid), at: Number(at) };
    });
}

/** Pod ids that occur on more than one line. */
export function duplicatePodIds(lines: readonly PodLogLine[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const { podId } of lines) (seen.has(podId) ? duplicates : seen).add(podId);
  return [...duplicates];
}

/** The worktrees git knows besides the main one, as paths relative to `worktreeRoot`. */
export function listWorktrees(repository: string, worktreeRoot: string): string[] {
  const output = execFileSync("git", ["worktree", "list", "--porcelain"], {
    cwd: repository,
    encoding: "utf8",
  });
  return output
    .split("\n")
    .filter((line) => line.startsWith("worktree "))
    .map((line) => line.slice("worktree ".length))
    .filter((path) => path !== repository)
    .map((path) => relative(worktreeRoot, path));
}

/** The `podkit/*` branches of the repository. */
export function listPodkitBranches(repository: string): string[] {
  const output = execFileSync("git", ["branch", "--list", "podkit/*", "--format=%(refname:short)"], {
    cwd: repository,
    encoding: "utf8",
  });
  return output.split("\n").filter((line) => line !== "");
}

/** Kills the process groups of Pods that still run, from their pid files (cleanup after a failed test). */
export function killPods(runDir: string, lines: readonly PodLogLine[]): void {
  for (const { podId } of lines) {
    const file = podFiles(runDir, podId).pid;
    const pid = existsSync(file) ? Number.parseInt(readFileSync(file, "utf8"), 10) : Number.NaN;
    if (Number.isNaN(pid) || !isAlive(pid)) continue;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

/**
 * The pids of a Pod's processes that still run — every process whose environment names it
 * (`PODKIT_POD_ID`, inherited by whatever the Pod starts), read from /proc. Zombies are left
 * out: a container's init may never reap them. Works even for a Pod killed before it wrote its pid file.
 */
export function livePodProcesses(podId: string): number[] {
  const needle = `\0PODKIT_POD_ID=${podId}\0`;
  const live: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    let environ: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
      environ = `\0${readFileSync(`/proc/${name}/environ`, "utf8")}`;
    } catch {
      continue; // Exited while listing, or not ours to read.
    }
    // "pid (comm) state …": comm may hold spaces and parentheses, so read after the last ')'.
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state !== "Z" && state !== "X" && environ.includes(needle)) live.push(Number(name));
  }
  return live;
}
