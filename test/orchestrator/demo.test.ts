import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./orchestrator-repository.js";

/** The demo bounds itself at 240 s; this only bounds a hang of the demo process itself. */
const TEST_TIMEOUT_MS = 300_000;

/** Runs `pnpm demo`'s command (`examples/demo/main.ts` from source) and collects its output. */
function runDemo(): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ["--conditions=@podkit/source", "--import", "tsx", "examples/demo/main.ts"],
    {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

describe("pnpm demo", () => {
  it(
    "exits 0 with every ticket on the board done, in its own worktree branch",
    async () => {
      const demo = await runDemo();
      expect({ code: demo.code, signal: demo.signal }, `${demo.stdout}\n${demo.stderr}`).toEqual({
        code: 0,
        signal: null,
      });
      const board = demo.stdout.slice(demo.stdout.indexOf("\nBoard\n"));
      const rows = board.split("\n").filter((line) => /^T-\d+ /.test(line));
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row).toMatch(/^(T-\d+)\s.*\sdone\s+podkit\/\1-t\d+\s+.*approve$/);
      expect(demo.stdout).toContain("Demo passed");
    },
    TEST_TIMEOUT_MS,
  );
});
