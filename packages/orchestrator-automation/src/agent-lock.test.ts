import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentLockedError, acquireAgentLock, agentLockFile } from "./agent-lock.js";

const AGENT = "orchestrator@build-1:/srv/repository";
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "podkit-agent-lock-"));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** A process that has exited (and been reaped): its pid names nobody now. */
async function deadPid(): Promise<number> {
  const child = spawn("true");
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid as number;
}

describe("acquireAgentLock", () => {
  it("creates orchestrator-<id>.lock holding this process's pid, and release removes it", () => {
    const lock = acquireAgentLock({ directory, agentId: AGENT });
    expect(lock.file).toBe(join(directory, `orchestrator-${encodeURIComponent(AGENT)}.lock`));
    expect(Number.parseInt(readFileSync(lock.file, "utf8"), 10)).toBe(process.pid);
    lock.release();
    expect(readdirSync(directory)).toEqual([]);
  });

  it("refuses a second holder while the first lives, naming its pid, and leaves the lock alone", () => {
    const lock = acquireAgentLock({ directory, agentId: AGENT });
    const before = readFileSync(lock.file, "utf8");
    let refusal: unknown;
    try {
      acquireAgentLock({ directory, agentId: AGENT });
    } catch (error) {
      refusal = error;
    }
    expect(AgentLockedError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: "agent_locked", holderPid: process.pid });
    expect((refusal as Error).message).toContain(
      `Another orchestrator (pid ${process.pid}) is running as '${AGENT}' (lock ${lock.file}).`,
    );
    expect(readFileSync(lock.file, "utf8")).toBe(before);
    expect(readdirSync(directory)).toEqual([`orchestrator-${encodeURIComponent(AGENT)}.lock`]);
    // Another id is another lock.
    acquireAgentLock({ directory, agentId: "orchestrator-2" }).release();
    lock.release();
  });

  it("refuses while another live process holds the lock", async () => {
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      writeFileSync(agentLockFile(directory, AGENT), `${sleeper.pid} 2026-01-01T00:00:00.000Z\n`);
      expect(() => acquireAgentLock({ directory, agentId: AGENT })).toThrow(
        `Another orchestrator (pid ${sleeper.pid}) is running as '${AGENT}'`,
      );
    } finally {
      sleeper.kill("SIGKILL");
    }
  });

  it("takes over the lock of a process that is gone, as a restart after a crash must", async () => {
    const file = agentLockFile(directory, AGENT);
    writeFileSync(file, `${await deadPid()} 2026-01-01T00:00:00.000Z\n`);
    const lock = acquireAgentLock({ directory, agentId: AGENT });
    expect(Number.parseInt(readFileSync(file, "utf8"), 10)).toBe(process.pid);
    expect(readdirSync(directory)).toEqual([`orchestrator-${encodeURIComponent(AGENT)}.lock`]);
    lock.release();
    // An unreadable lock (no pid in it) is stale too.
    writeFileSync(file, "");
    acquireAgentLock({ directory, agentId: AGENT }).release();
    expect(existsSync(file)).toBe(false);
  });

  it("does not remove a lock that another process took over meanwhile", async () => {
    const lock = acquireAgentLock({ directory, agentId: AGENT });
    writeFileSync(lock.file, `${await deadPid()} someone else's\n`);
    lock.release();
    expect(readFileSync(lock.file, "utf8")).toContain("someone else's");
  });
});
