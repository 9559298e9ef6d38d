import { startNodeProcess } from "@podkit/harness";
import { describe, expect, it } from "vitest";

/** The demo bounds itself at 240 s; this only bounds a hang of the demo process itself. */
const TEST_TIMEOUT_MS = 300_000;

/** Runs `pnpm demo:agents`'s command (`examples/demo/agents-main.ts` from source) and collects its output. */
async function runAgentsDemo() {
  const demo = startNodeProcess([
    "--conditions=@podkit/source",
    "--import",
    "tsx",
    "examples/demo/agents-main.ts",
  ]);
  const exit = await demo.exited;
  return { ...exit, stdout: demo.stdout(), stderr: demo.stderr() };
}

/** The lines of one titled section of the demo's output, up to the next blank line. */
function section(stdout: string, title: string): string[] {
  const start = stdout.indexOf(`\n${title}\n${"-".repeat(title.length)}\n`);
  if (start < 0) return [];
  const body = stdout.slice(start + title.length * 2 + 3);
  return body.slice(0, body.indexOf("\n\n")).split("\n");
}

describe("pnpm demo:agents", () => {
  it(
    "exits 0 with every ticket done, its change committed on its branch, and every Pod's token usage",
    async () => {
      const demo = await runAgentsDemo();
      expect({ code: demo.code, signal: demo.signal }, `${demo.stdout}\n${demo.stderr}`).toEqual({
        code: 0,
        signal: null,
      });
      const rows = section(demo.stdout, "Board").filter((line) => /^T-\d+ /.test(line));
      expect(rows).toHaveLength(3);
      for (const row of rows) expect(row).toMatch(/^(T-\d+)\s.*\sdone\s+podkit\/\1-t\d+\s+.*approve$/);
      expect(rows[1]).toMatch(/request_changes, approve$/);

      const changes = section(demo.stdout, "Changes");
      for (const [ticket, subject] of [
        ["T-1", "T-1: Add a greeting module"],
        ["T-2", "T-2: Add a verification section to the release guide"],
        ["T-2", "T-2: Document the release process"],
        ["T-3", "T-3: Greet in the banner"],
      ] as const) {
        expect(changes.join("\n"), ticket).toMatch(new RegExp(`^ {2}[0-9a-f]{7,} ${subject}$`, "m"));
      }

      // Eight Pods: a coder and a reviewer per ticket, and a second round of both for T-2.
      const usage = section(demo.stdout, "Pod usage").slice(2);
      const pods = usage.filter((line) => /^T-\d+-t\d+-(coder|reviewer)-\d+ /.test(line));
      expect(pods).toHaveLength(8);
      for (const pod of pods)
        expect(pod).toMatch(/ scripted:(coder|reviewer)\.json +\d+ +\d+ +[\d,]+ +[\d,]+ +[\d,]+ +finished$/);
      expect(pods.filter((pod) => pod.startsWith("T-2-"))).toHaveLength(4);
      expect(usage.at(-1)).toMatch(/^all Pods +[\d,]+ +[\d,]+ +[\d,]+$/);
      expect(demo.stdout).toContain("Demo passed");
    },
    TEST_TIMEOUT_MS,
  );
});
