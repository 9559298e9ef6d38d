import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PODKIT_ATTRIBUTES, TOOLSET_CALL_SPAN } from "@podkit/core";
import { type FileSpan, PODKIT_BIN, REPO_ROOT, readTraceFile, traceToFileEnvironment } from "@podkit/harness";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PIPELINE_SPANS } from "../../packages/orchestrator-automation/src/pipeline-spans.js";
import { runPodkit, singleJson } from "../cli/run-podkit.js";
import { initPodkitRepository } from "./orchestrator-repository.js";

/** Real processes on a busy machine: this bounds a hang, it asserts nothing about speed. */
const TIMEOUT_MS = 300_000;
const REVIEWER_POD = join(REPO_ROOT, "test/orchestrator/fixtures/reviewer-pod.sh");

/**
 * A coder Pod that keeps the trace context it was given, comments through `podkit call` (which
 * continues that trace) and commits. Usage: SCRIPT TRACEPARENT_FILE NODE PODKIT_BIN
 */
const CODER_POD = `#!/bin/sh
set -e
printf '%s' "$TRACEPARENT" > "$1"
"$2" "$3" call --config "$PODKIT_CONFIG" --role coder --tool ticket_comment \\
  --input "{\\"ticketId\\":\\"$PODKIT_TICKET_ID\\",\\"body\\":\\"Implemented.\\"}" > /dev/null
printf 'done\\n' > "work-$PODKIT_TICKET_ID.txt"
git add "work-$PODKIT_TICKET_ID.txt"
git -c user.name=coder -c user.email=coder@podkit.invalid commit -q -m "feat: work on $PODKIT_TICKET_ID"
`;

describe("one ticket is one trace across podkit orchestrate and its Pods", { timeout: TIMEOUT_MS }, () => {
  let base: string;
  let repository: string;
  const podkit = (args: string[], env?: Record<string, string>) =>
    runPodkit(args, { cwd: repository, ...(env === undefined ? {} : { env }) });

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), "podkit-orchestrator-trace-")));
    repository = join(base, "repository");
    initPodkitRepository(repository);
    mkdirSync(join(base, "logs"));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("the orchestrator's step spans and the spans of each Pod's podkit call share the ticket's trace id", async () => {
    const logs = join(base, "logs");
    const coder = join(logs, "coder-pod.sh");
    const received = join(logs, "coder-traceparent");
    writeFileSync(coder, CODER_POD);
    const config = {
      backend: { kind: "file", root: ".podkit/tickets" },
      orchestrator: {
        concurrency: 1,
        leaseMs: 30_000,
        baseBranch: "main",
        reconcileIntervalMs: 500,
        maxReviewRounds: 1,
        podRetries: 0,
        pods: {
          coder: { command: ["/bin/sh", coder, received, process.execPath, PODKIT_BIN], timeoutMs: 120_000 },
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
    expect((await podkit(["ticket", "create", "Trace me"])).code).toBe(0);
    const ready = await podkit([
      "call",
      "--role",
      "intake",
      "--tool",
      "ticket_mark_ready",
      "--input",
      JSON.stringify({ ticketId: "T-1", summary: "Comment, then commit." }),
    ]);
    expect(singleJson(ready).ok).toBe(true);
    expect((await podkit(["ticket", "queue", "T-1"])).code).toBe(0);

    // Only the orchestrator is started with an SDK; its Pods inherit the preload with its environment.
    const file = join(logs, "spans.jsonl");
    const run = await podkit(
      ["orchestrate", "--once", "--agent", "orchestrator-trace-test"],
      traceToFileEnvironment(file),
    );
    expect(run.code, run.stderr).toBe(0);
    const spans = readTraceFile(file);

    const tickets = spans.filter((span) => span.name === PIPELINE_SPANS.ticket);
    expect(tickets.map((span) => [span.parentSpanId, span.attributes[PODKIT_ATTRIBUTES.outcome]])).toEqual([
      [null, "done"],
    ]);
    const root = tickets[0] as FileSpan;
    const trace = spans.filter((span) => span.traceId === root.traceId);
    const named = (name: string) => trace.filter((span) => span.name === name);
    for (const step of [PIPELINE_SPANS.accept, PIPELINE_SPANS.worktree, PIPELINE_SPANS.complete])
      expect(
        named(step).map((span) => span.parentSpanId),
        step,
      ).toEqual([root.spanId]);
    const launches = named(PIPELINE_SPANS.launchPod);
    expect(launches.map((span) => span.attributes[PODKIT_ATTRIBUTES.role])).toEqual(["coder", "reviewer"]);
    expect(named(PIPELINE_SPANS.waitPod).map((span) => span.attributes[PODKIT_ATTRIBUTES.outcome])).toEqual([
      "ok",
      "ok",
    ]);

    // The coder Pod was handed its launch span as TRACEPARENT…
    const [coderLaunch, reviewerLaunch] = launches;
    expect(readFileSync(received, "utf8")).toBe(`00-${root.traceId}-${coderLaunch?.spanId}-01`);
    // …and each Pod's `podkit call`, another process, recorded its toolset call under its launch span.
    const podCalls = trace.filter((span) => span.name === TOOLSET_CALL_SPAN && span.pid !== root.pid);
    expect(
      podCalls.map((span) => [
        span.attributes[PODKIT_ATTRIBUTES.role],
        span.attributes[PODKIT_ATTRIBUTES.tool],
        span.attributes[PODKIT_ATTRIBUTES.outcome],
        span.parentSpanId,
      ]),
    ).toEqual([
      ["coder", "ticket_comment", "ok", coderLaunch?.spanId],
      ["reviewer", "ticket_review", "ok", reviewerLaunch?.spanId],
    ]);
    expect(new Set(trace.map((span) => span.pid)).size).toBe(3);
  });
});
