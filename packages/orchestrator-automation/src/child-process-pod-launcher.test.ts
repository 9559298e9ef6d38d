import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
    const watcher = new ChildProcessPodLauncher().attach(runDir, "T-1-t4-reviewer-1");
    expect(await watcher.exited).toEqual({ code: 0, signal: null, timedOut: false, lost: false });
    await pod.exited;
  });

  it("reports a launched Pod that left no pid or status as lost", async () => {
    const attached = launcher.attach(runDir, "never-started");
    expect((await attached.exited).lost).toBe(true);
  }, 15_000);

  it("stops the whole process group, children included", async () => {
    const pod = await launcher.launch(spec("T-1-t4-coder-1", "sleep 60 & echo $! > child.pid; wait"));
    const childPidFile = join(runDir, "child.pid");
    for (let tries = 0; !existsSync(childPidFile) && tries < 100; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const childPid = Number(readFileSync(childPidFile, "utf8"));
    expect(isAlive(childPid)).toBe(true);
    const exit = await pod.stop();
    expect(exit.code === 0).toBe(false);
    for (let tries = 0; isAlive(childPid) && tries < 100; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(isAlive(childPid)).toBe(false);
  });

  it("stops a Pod that outlives its timeout and says so", async () => {
    const pod = await launcher.launch(spec("T-1-t4-coder-1", "sleep 30", 300));
    const exit = await pod.exited;
    expect(exit.timedOut).toBe(true);
  });
});
