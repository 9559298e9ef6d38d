import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { PODKIT_ATTRIBUTES, TOOLSET_CALL_SPAN } from "@podkit/core";
import { type FileSpan, readTraceFile, traceToFileEnvironment } from "@podkit/harness";
import { connectPodkitMcp, makeTicketRepository } from "@podkit/harness/mcp";
import { describe, expect, it } from "vitest";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, singleJson } from "./run-podkit.js";

/** A W3C traceparent for a made-up parent span, as the orchestrator passes one to a Pod. */
function parentSpan() {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, TRACEPARENT: `00-${traceId}-${spanId}-01` };
}

describe("Pod commands continue the trace named by TRACEPARENT", { timeout: CLI_TIMEOUT_MS }, () => {
  it("podkit call: its toolset.call span is a child of the TRACEPARENT span, in the same trace", async () => {
    const repository = await makeInitializedRepository();
    const file = join(repository, "spans.jsonl");
    const parent = parentSpan();
    const run = await runPodkit(
      ["call", "--role", "intake", "--tool", "ticket_create", "--input", JSON.stringify({ title: "Traced" })],
      { cwd: repository, env: { ...traceToFileEnvironment(file), TRACEPARENT: parent.TRACEPARENT } },
    );
    expect(singleJson(run)).toMatchObject({ ok: true });
    const calls = readTraceFile(file).filter((span) => span.name === TOOLSET_CALL_SPAN);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      traceId: parent.traceId,
      parentSpanId: parent.spanId,
      attributes: {
        [PODKIT_ATTRIBUTES.tool]: "ticket_create",
        [PODKIT_ATTRIBUTES.role]: "intake",
        [PODKIT_ATTRIBUTES.outcome]: "ok",
      },
    });
  });

  it("podkit call without TRACEPARENT starts a trace of its own", async () => {
    const repository = await makeInitializedRepository();
    const file = join(repository, "spans.jsonl");
    const run = await runPodkit(
      ["call", "--role", "human", "--tool", "ticket_show", "--input", JSON.stringify({ ticketId: "T-404" })],
      { cwd: repository, env: traceToFileEnvironment(file) },
    );
    expect(run.code).toBe(1);
    const calls = readTraceFile(file).filter((span) => span.name === TOOLSET_CALL_SPAN);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.parentSpanId).toBeNull();
    expect(calls[0]?.attributes[PODKIT_ATTRIBUTES.outcome]).toBe("not_found");
  });

  it("podkit mcp: each tool call over stdio is a child of the TRACEPARENT span", async () => {
    const repository = await makeTicketRepository();
    const file = join(repository.directory, "spans.jsonl");
    const parent = parentSpan();
    const client = await connectPodkitMcp(
      repository.directory,
      { role: "reviewer", ticket: "T-1" },
      { ...traceToFileEnvironment(file), TRACEPARENT: parent.TRACEPARENT },
    );
    let calls: FileSpan[];
    try {
      await client.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } });
      await client.callTool({ name: "ticket_show", arguments: { ticketId: "T-2" } });
      await client.close();
      calls = readTraceFile(file).filter((span) => span.name === TOOLSET_CALL_SPAN);
    } finally {
      await client.close();
      repository.remove();
    }
    expect(
      calls.map((span) => [span.traceId, span.parentSpanId, span.attributes[PODKIT_ATTRIBUTES.outcome]]),
    ).toEqual([
      [parent.traceId, parent.spanId, "ok"],
      [parent.traceId, parent.spanId, "out_of_scope"],
    ]);
  });
});
