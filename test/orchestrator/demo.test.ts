import { startNodeProcess } from "@podkit/harness";
import { describe, expect, it } from "vitest";

/** The demo bounds itself at 240 s; this only bounds a hang of the demo process itself. */
const TEST_TIMEOUT_MS = 300_000;

/** Runs `pnpm demo`'s command (`examples/demo/main.ts` from source) and collects its output. */
async function runDemo(): Promise<{
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}> {
  const demo = startNodeProcess(["--conditions=@podkit/source", "--import", "tsx", "examples/demo/main.ts"]);
  const exit = await demo.exited;
  return { ...exit, stdout: demo.stdout(), stderr: demo.stderr() };
}

describe("pnpm demo", () => {
  it(
    "exits 0 with every ticket on the board done, in its own worktree branch, merged into main by a recorded commit",
    async () => {
      const demo = await runDemo();
      expect({ code: demo.code, signal: demo.signal }, `${demo.stdout}\n${demo.stderr}`).toEqual({
        code: 0,
        signal: null,
      });
      const board = demo.stdout.slice(demo.stdout.indexOf("\nBoard\n"));
      const rows = board.split("\n").filter((line) => /^T-\d+ /.test(line));
      expect(rows).toHaveLength(3);
      for (const row of rows)
        expect(row).toMatch(/^(T-\d+)\s.*\sdone\s+podkit\/\1-t\d+\s+[0-9a-f]{12}\s+.*approve$/);
      expect(demo.stdout).toContain("Demo passed");
    },
    TEST_TIMEOUT_MS,
  );
});
