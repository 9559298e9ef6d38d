import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PODKIT_BIN, REPO_ROOT } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runPodkit, singleJson } from "../cli/run-podkit.js";
import { initPodkitRepository } from "./orchestrator-repository.js";

/** Real processes on a busy machine: this bounds a hang, it asserts nothing about speed. */
const TIMEOUT_MS = 300_000;
const EXAMPLE_FEATURE = join(REPO_ROOT, "examples/custom-feature/dist/index.js");
const REVIEWER_POD = join(REPO_ROOT, "test/orchestrator/fixtures/reviewer-pod.sh");

/**
 * A coder Pod that uses a configured feature's tool through `podkit call` (as an agent's shell
 * would), keeps the answer as evidence, and commits. Usage: SCRIPT EVIDENCE NODE PODKIT_BIN
 */
const CODER_POD = `#!/bin/sh
set -e
"$2" "$3" call --config "$PODKIT_CONFIG" --role coder --tool commit_message_check \\
  --input '{"message":"feat: work on the ticket"}' > "$1"
printf 'done\\n' > "work-$PODKIT_TICKET_ID.txt"
git add "work-$PODKIT_TICKET_ID.txt"
git -c user.name=coder -c user.email=coder@podkit.invalid commit -q -m "feat: work on $PODKIT_TICKET_ID"
`;

describe("podkit orchestrate with features: in its configuration", { timeout: TIMEOUT_MS }, () => {
  let base: string;
  let repository: string;
  let evidence: string;
  const podkit = (args: string[]) => runPodkit(args, { cwd: repository });

  const configure = (features: readonly string[]) => {
    const logs = join(base, "logs");
    const coder = join(logs, "coder-pod.sh");
    writeFileSync(coder, CODER_POD);
    const config = {
      backend: { kind: "file", root: ".podkit/tickets" },
      features,
      orchestrator: {
        concurrency: 1,
        leaseMs: 30_000,
        baseBranch: "main",
        reconcileIntervalMs: 500,
        maxReviewRounds: 1,
        podRetries: 0,
        pods: {
          coder: { command: ["/bin/sh", coder, evidence, process.execPath, PODKIT_BIN], timeoutMs: 120_000 },
          reviewer: {
            command: [
              "/bin/sh",
              REVIEWER_POD,
              join(logs, "launches"),
              join(logs, "finished"),
              process.execPath,
              PODKIT_BIN,
            ],
            timeoutMs: 120_000,
          },
        },
      },
    };
    writeFileSync(join(repository, "podkit.config.yaml"), `${JSON.stringify(config, null, 2)}\n`);
  };

  const queueTicket = async () => {
    expect((await podkit(["ticket", "create", "Use a configured feature"])).code).toBe(0);
    const ready = await podkit([
      "call",
      "--role",
      "intake",
      "--tool",
      "ticket_mark_ready",
      "--input",
      JSON.stringify({
        ticketId: "T-1",
        summary: "Check the commit message with the configured feature, then commit.",
      }),
    ]);
    expect(singleJson(ready).ok).toBe(true);
    expect((await podkit(["ticket", "queue", "T-1"])).code).toBe(0);
  };

  const ticketState = async () =>
    (
      singleJson(
        await podkit(["call", "--role", "human", "--tool", "ticket_show", "--input", '{"ticketId":"T-1"}']),
      ).output as { ticket: { state: string } }
    ).ticket.state;

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), "podkit-orchestrator-feature-")));
    repository = join(base, "repository");
    evidence = join(base, "logs", "feature-call.json");
    initPodkitRepository(repository);
    mkdirSync(join(base, "logs"));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("serves the feature's tools to the Pods it launches; the ticket ends done", async () => {
    configure([EXAMPLE_FEATURE]);
    await queueTicket();
    const run = await podkit(["orchestrate", "--once", "--agent", "orchestrator-feature-test"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(evidence, "utf8"))).toEqual({
      ok: true,
      output: { valid: true, type: "feat", breaking: false, problems: [] },
    });
    expect(await ticketState()).toBe("done");
  });

  it("refuses to start with a feature that cannot be loaded: exit 2, the queued ticket untouched", async () => {
    configure([]);
    await queueTicket();
    configure(["./missing-feature.js"]);
    const run = await podkit(["orchestrate", "--once", "--agent", "orchestrator-feature-test"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /features\[0\]: '\.\/missing-feature\.js' not found: no file at .*missing-feature\.js/,
    );
    configure([]);
    expect(await ticketState()).toBe("queued");
  });
});
