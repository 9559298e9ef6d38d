import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChildProcessPodLauncher, isAlive } from "./child-process-pod-launcher.js";
import { PodAlreadyLaunchedError, type PodSpec, podFiles } from "./pod-launcher.js";

let runDir: string;
const launcher = new ChildProcessPodLauncher();

beforeEach(() => {
  runDir = mkdtempSync(join(tmpdir(), "podkit-pods-"));
});
afterEach(() => rmSync(runDir, { recursive: true, force: true }));

function spec(podId: string, script: string, timeoutMs = 30_000): PodSpec {
  return {
    podId,
    role: "coder",
    cwd: runDir,
    command: ["/bin/sh", "-c", script],
    env: { POD_MESSAGE: "hello" },
    runDir,
    timeoutMs,
  };
}

describe("ChildProcessPodLauncher", () => {
  it("runs the command in its directory with its environment, capturing output and exit status to files", async () => {
    const pod = await launcher.launch(spec("T-1-t4-coder-1", 'echo "$POD_MESSAGE from $(pwd)"; exit 3'));
    const exit = await pod.exited;
    expect(exit).toEqual({ code: 3, signal: null, timedOut: false, lost: false });
    const files = podFiles(runDir, "T-1-t4-coder-1");
    expect(readFileSync(files.log, "utf8").trim()).toBe(`hello from ${runDir}`);
    expect(readFileSync(files.status, "utf8")).toBe("3");
    expect(Number(readFileSync(files.pid, "utf8"))).toBe(pod.pid);
  });

  it("never launches the same Pod id twice", async () => {
    await (await launcher.launch(spec("T-1-t4-coder-1", "true"))).exited;
    await expect(launcher.launch(spec("T-1-t4-coder-1", "true"))).rejects.toSatisfy(
      PodAlreadyLaunchedError.isInstance,
    );
    expect(launcher.wasLaunched(runDir, "T-1-t4-coder-1")).toBe(true);
    expect(launcher.wasLaunched(runDir, "T-1-t4-coder-2")).toBe(false);
  });

  it("lets a later watcher learn how a Pod ended from its files", async () => {
    const pod = await launcher.launch(spec("T-1-t4-reviewer-1", "sleep 0.3; exit 0"));
    const watcher = new ChildProcessPodLauncher().attach(runDir, "T-1-t4-reviewer-1", { timeoutMs: 30_000 });
    expect(await watcher.exited).toEqual({ code: 0, signal: null, timedOut: false, lost: false });
    await pod.exited;
  });

  it("reports a launched Pod that left no pid or status as lost", async () => {
    const attached = launcher.attach(runDir, "never-started", { timeoutMs: 30_000 });
    expect((await attached.exited).lost).toBe(true);
  }, 15_000);

  it("stops the whole process group, children included", async () => {
    const pod = await launcher.launch(spec("T-1-t4-coder-1", "sleep 600 & echo $! > child.pid; wait"));
    const childPidFile = join(runDir, "child.pid");
    // Generous ceilings: on a loaded machine the shell may take seconds to start its child.
    const childPid = await waitUntil(
      "the Pod's child to write its pid",
      () => {
        const text = existsSync(childPidFile) ? readFileSync(childPidFile, "utf8").trim() : "";
        return /^\d+$/.test(text) ? Number(text) : undefined;
      },
      { timeoutMs: 60_000, backstopMs: 20 },
    );
    expect(isAlive(childPid)).toBe(true);
    const exit = await pod.stop();
    expect(exit.code === 0).toBe(false);
    await waitUntil("the Pod's child to end", () => (isAlive(childPid) ? undefined : true), {
      timeoutMs: 60_000,
      backstopMs: 20,
    });
  });

  it("stops a Pod that outlives its timeout and says so", async () => {
    const pod = await launcher.launch(spec("T-1-t4-coder-1", "sleep 30", 300));
    const exit = await pod.exited;
    expect(exit.timedOut).toBe(true);
  });

  it("stops an attached Pod once its timeout has passed, as the launching process would have", async () => {
    // The launching process's own timer is far off (it stands for a process that died).
    const pod = await launcher.launch(spec("T-1-t4-coder-1", "sleep 30", 600_000));
    const attached = new ChildProcessPodLauncher().attach(runDir, "T-1-t4-coder-1", { timeoutMs: 300 });
    expect(await attached.exited).toMatchObject({ timedOut: true });
    await pod.exited;
    expect(isAlive(pod.pid as number)).toBe(false);
  });

  it("counts an attached Pod's timeout from its launch, not from the attach", async () => {
    // A Pod launched an hour ago by an orchestrator that has since died: its files, written by hand.
    const files = podFiles(runDir, "T-2-t3-coder-1");
    const sleeper = spawn("sleep", ["30"], { detached: true, stdio: "ignore" });
    sleeper.unref();
    const gone = new Promise((resolve) => sleeper.once("exit", resolve));
    writeFileSync(files.marker, `${new Date(Date.now() - 3_600_000).toISOString()} 1\n`);
    writeFileSync(files.pid, String(sleeper.pid));
    const attached = launcher.attach(runDir, "T-2-t3-coder-1", { timeoutMs: 60_000 });
    expect(await attached.exited).toMatchObject({ timedOut: true });
    await gone;
    expect(isAlive(sleeper.pid as number)).toBe(false);
  });
});
