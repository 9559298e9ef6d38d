import { randomUUID } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brandGuard, PodkitError } from "@podkit/core";
import { isAlive } from "./child-process-pod-launcher.js";

/** Another live orchestrator process holds the agent id on this host; code `agent_locked`. */
export class AgentLockedError extends PodkitError<"agent_locked"> {
  static override readonly isInstance = brandGuard<AgentLockedError>("podkit.agent-locked-error");

  constructor(
    message: string,
    /** The process id of the orchestrator that holds the agent id. */
    readonly holderPid: number,
    options?: { cause?: unknown },
  ) {
    super("agent_locked", message, options);
  }
}

/** A held agent lock; {@link AgentLock.release} gives it up (only while it is still this process's). */
export interface AgentLock {
  readonly file: string;
  release(): void;
}

/** The lock file of an agent id in `directory`: `orchestrator-<id>.lock`, the id made safe as a file name. */
export function agentLockFile(directory: string, agentId: string): string {
  return join(directory, `orchestrator-${encodeURIComponent(agentId)}.lock`);
}

/**
 * Makes this process the only live orchestrator under `agentId` that uses `directory`: creates
 * `orchestrator-<id>.lock` holding this process's pid. A lock whose process is gone (a crash, a
 * SIGKILL) is stale and taken over, so a restart under the same id works; a lock whose process
 * lives is refused with {@link AgentLockedError}.
 */
export function acquireAgentLock(options: { directory: string; agentId: string }): AgentLock {
  mkdirSync(options.directory, { recursive: true });
  const file = agentLockFile(options.directory, options.agentId);
  const content = `${process.pid} ${new Date().toISOString()}\n`;
  // Written whole first, then linked into place: no reader ever sees a half-written lock.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  writeFileSync(temporary, content);
  try {
    for (let tries = 0; tries < 10; tries += 1) {
      try {
        linkSync(temporary, file);
        return lockHeld(file, content);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = readLock(file);
      if (holder === undefined) continue; // Released meanwhile: try again.
      if (holder.pid !== undefined && isAlive(holder.pid)) {
        throw new AgentLockedError(
          `Another orchestrator (pid ${holder.pid}) is running as '${options.agentId}' (lock ${file}). Two live processes under one id would drive the same tickets: stop that one first, or start this one with another --agent id. (If no such process is an orchestrator, remove the lock file.)`,
          holder.pid,
        );
      }
      takeOverStale(file, holder.content);
    }
    throw new Error(`Could not create the agent lock ${file}: it kept changing hands.`);
  } finally {
    unlinkQuietly(temporary);
  }
}

function lockHeld(file: string, content: string): AgentLock {
  return {
    file,
    release() {
      // Removes only this process's lock: a lock taken over meanwhile is another's.
      if (readLock(file)?.content === content) unlinkQuietly(file);
    },
  };
}

/**
 * Moves a stale lock aside. A rival may have replaced it meanwhile with its own live lock: then the
 * moved file is not the stale one, and it is put back (unless a third process got there first).
 */
function takeOverStale(file: string, staleContent: string): void {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readLock(aside);
  if (moved !== undefined && moved.content !== staleContent) {
    try {
      linkSync(aside, file);
    } catch {
      // Someone else holds it now; the next try reads who.
    }
  }
  unlinkQuietly(aside);
}

function readLock(file: string): { content: string; pid: number | undefined } | undefined {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const pid = Number.parseInt(content, 10);
  return { content, pid: Number.isSafeInteger(pid) && pid > 0 ? pid : undefined };
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}
