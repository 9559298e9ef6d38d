import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PODKIT_BIN } from "@podkit/harness";
import type { Benchmark } from "./bench-context.js";
import { median } from "./measure.js";

const RUNS = 15;

/** Wall time of one process run, in milliseconds; a non-zero exit fails the benchmark. */
function timeRun(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(process.execPath, [...args], { cwd, env }, (error, _stdout, stderr) => {
      if (error !== null) reject(new Error(`${args.join(" ")} failed: ${stderr || error.message}`));
      else resolve(performance.now() - started);
    });
  });
}

/**
 * Start-up of the installed `podkit` bin against Node's own: `node -e 0`, `podkit --version`,
 * `podkit tools --role coder --format json` and a `podkit call` of `ticket_show`, in an
 * initialised repository (`auth: required`, as `podkit init` writes it): the call is a Pod's, a
 * coder bound to the ticket by its `PODKIT_TOKEN`, so it pays for checking the credential. The four run in turn, round after round, so load hits them alike;
 * each metric is the median of {@link RUNS} runs, and the ratios are the targets.
 */
export const cliBench: Benchmark = async (context) => {
  const repository = realpathSync(mkdtempSync(join(tmpdir(), "podkit-bench-cli-")));
  try {
    execFileSync("git", ["init", "--quiet", repository]);
    execFileSync(process.execPath, [PODKIT_BIN, "init"], { cwd: repository, stdio: "ignore" });
    execFileSync(process.execPath, [PODKIT_BIN, "ticket", "create", "Measure start-up"], {
      cwd: repository,
      stdio: "ignore",
    });
    const token = execFileSync(
      process.execPath,
      [PODKIT_BIN, "token", "create", "--role", "coder", "--agent", "coder-1", "--ticket", "T-1"],
      { cwd: repository, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    ).trim();
    const env = { ...process.env, PODKIT_TOKEN: token };
    const variants = {
      node: ["-e", "0"],
      version: [PODKIT_BIN, "--version"],
      tools: [PODKIT_BIN, "tools", "--role", "coder", "--format", "json"],
      call: [PODKIT_BIN, "call", "--tool", "ticket_show", "--input", '{"ticketId":"T-1"}'],
    } as const;
    const samples: Record<keyof typeof variants, number[]> = { node: [], version: [], tools: [], call: [] };
    for (const args of Object.values(variants)) await timeRun(args, repository, env); // warm the disk cache
    for (let round = 0; round < RUNS; round += 1) {
      for (const [name, args] of Object.entries(variants) as [keyof typeof variants, readonly string[]][])
        samples[name].push(await timeRun(args, repository, env));
    }
    const node = median(samples.node);
    const version = median(samples.version);
    const call = median(samples.call);
    context.metric("node_ms", node, "ms");
    context.metric("version_ms", version, "ms");
    context.metric("tools_ms", median(samples.tools), "ms");
    context.metric("call_ms", call, "ms");
    context.metric("version_over_node", version / node, "ratio");
    context.metric("call_over_node", call / node, "ratio");
    context.target("version_over_node_le_1_5", version / node <= 1.5);
    context.target("call_over_node_le_3", call / node <= 3);
  } finally {
    rmSync(repository, { recursive: true, force: true });
  }
};
