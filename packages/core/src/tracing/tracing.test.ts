import { context, SpanStatusCode, trace } from "@opentelemetry/api";
import { recordSpans } from "@podkit/harness/tracing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "../feature.js";
import type { RoleProfile } from "../role-profile.js";
import { createTestToolset } from "../testing/create-test-toolset.js";
import { defineTool } from "../tool.js";
import { ToolRefusedError } from "../tool-refused-error.js";
import { inSpan } from "./in-span.js";
import { PODKIT_ATTRIBUTES } from "./podkit-attributes.js";
import { TOOLSET_CALL_SPAN } from "./toolset-call-span.js";
import { contextFromTraceEnvironment, TRACE_ENV, traceEnvironment } from "./trace-environment.js";

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes on tickets.",
  tools: [
    defineTool({
      name: "notes_add",
      description: "Adds a note to a ticket.",
      capability: "write",
      scope: { ticket: "ticketId" },
      input: z.object({ ticketId: z.string(), text: z.string().min(1) }),
      output: z.object({ id: z.string() }),
      execute: (input) => ({ id: `${input.ticketId}/1` }),
    }),
  ],
});

const writer: RoleProfile = {
  role: "writer",
  features: { notes: { capabilities: ["write"], scope: { ticket: "bound" } } },
};

let recorded: ReturnType<typeof recordSpans>;
beforeAll(() => {
  recorded = recordSpans();
});
afterAll(() => recorded.stop());
beforeEach(() => recorded.reset());

describe("toolset.call spans", () => {
  it("records the tool, role, agent, bound ticket and outcome ok", async () => {
    const { toolset } = await createTestToolset(notes, writer, {
      agentId: "a-1",
      bindings: { ticket: "T-1" },
    });
    const result = await toolset.call("notes_add", { ticketId: "T-1", text: "hello" });
    expect(result.ok).toBe(true);
    const [span, ...others] = recorded.named(TOOLSET_CALL_SPAN);
    expect(others).toEqual([]);
    expect(span?.attributes).toEqual({
      [PODKIT_ATTRIBUTES.tool]: "notes_add",
      [PODKIT_ATTRIBUTES.role]: "writer",
      [PODKIT_ATTRIBUTES.agentId]: "a-1",
      [PODKIT_ATTRIBUTES.ticketId]: "T-1",
      [PODKIT_ATTRIBUTES.outcome]: "ok",
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("records a refusal's code as the outcome and error.type, with status ERROR", async () => {
    const { toolset } = await createTestToolset(notes, writer, { bindings: { ticket: "T-1" } });
    const outOfScope = await toolset.call("notes_add", { ticketId: "T-2", text: "hello" });
    const invalid = await toolset.call("notes_add", { ticketId: "T-1", text: "" });
    const unknown = await toolset.call("notes_delete", {});
    expect([outOfScope, invalid, unknown].map((result) => (result.ok ? "ok" : result.error.code))).toEqual([
      "out_of_scope",
      "invalid_input",
      "unknown_tool",
    ]);
    const spans = recorded.named(TOOLSET_CALL_SPAN);
    expect(spans.map((span) => span.attributes[PODKIT_ATTRIBUTES.outcome])).toEqual([
      "out_of_scope",
      "invalid_input",
      "unknown_tool",
    ]);
    expect(spans.map((span) => span.attributes["error.type"])).toEqual([
      "out_of_scope",
      "invalid_input",
      "unknown_tool",
    ]);
    expect(spans.map((span) => span.status.code)).toEqual([
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
      SpanStatusCode.ERROR,
    ]);
    expect(spans[2]?.attributes[PODKIT_ATTRIBUTES.tool]).toBe("notes_delete");
  });

  it("is a child of the span active at the call", async () => {
    const { toolset } = await createTestToolset(notes, writer, { bindings: { ticket: "T-1" } });
    await inSpan("outer", {}, () => toolset.call("notes_add", { ticketId: "T-1", text: "x" }));
    const [call] = recorded.named(TOOLSET_CALL_SPAN);
    const [outer] = recorded.named("outer");
    expect(call?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(call?.spanContext().traceId).toBe(outer?.spanContext().traceId);
  });

  it("is the parent of the spans a tool makes, whether it answers at once or later", async () => {
    const inner = (name: string, execute: () => unknown) =>
      defineTool({
        name,
        description: `The ${name} tool.`,
        capability: "read",
        input: z.object({}),
        output: z.object({ done: z.boolean() }),
        execute: execute as never,
      });
    const feature = defineFeature({
      id: "work",
      version: "1.0.0",
      description: "Work.",
      tools: [
        inner("work_now", () => {
          trace.getTracer("test").startSpan("work.step").end();
          return { done: true };
        }),
        inner("work_later", async () => {
          await inSpan("work.step", {}, () => new Promise((resolve) => setImmediate(resolve)));
          return { done: true };
        }),
      ],
    });
    const { toolset } = await createTestToolset(feature, {
      role: "reader",
      features: { work: { capabilities: ["read"] } },
    });
    expect(await toolset.call("work_now", {})).toEqual({ ok: true, output: { done: true } });
    expect(await toolset.call("work_later", {})).toEqual({ ok: true, output: { done: true } });
    const calls = recorded.named(TOOLSET_CALL_SPAN);
    const steps = recorded.named("work.step");
    expect(steps).toHaveLength(2);
    for (const [index, step] of steps.entries()) {
      const call = calls[index];
      expect(step.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
      expect(call?.attributes[PODKIT_ATTRIBUTES.outcome]).toBe("ok");
    }
  });
});

describe("inSpan", () => {
  it("ends the span with the error's podkit code when the work throws, and throws it on", async () => {
    const refused = new ToolRefusedError("ticket_accept", {
      code: "lease_lost",
      message: "The lease is gone.",
    });
    await expect(
      inSpan("failing", { [PODKIT_ATTRIBUTES.ticketId]: "T-9" }, () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    const [span] = recorded.named("failing");
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: "lease_lost: The lease is gone." });
    expect(span?.attributes).toMatchObject({
      [PODKIT_ATTRIBUTES.ticketId]: "T-9",
      [PODKIT_ATTRIBUTES.errorCode]: "lease_lost",
      "error.type": "lease_lost",
    });
    expect(span?.events.map((event) => event.name)).toEqual(["exception"]);
  });
});

describe("trace environment", () => {
  it("carries the active span to a child process as TRACEPARENT, and continues it from there", async () => {
    await inSpan("parent", {}, () => {
      const env = traceEnvironment();
      const parent = trace.getActiveSpan()?.spanContext();
      expect(Object.keys(env)).toEqual([TRACE_ENV.traceparent]);
      expect(env[TRACE_ENV.traceparent]).toBe(`00-${parent?.traceId}-${parent?.spanId}-01`);
      const continued = trace.getSpanContext(contextFromTraceEnvironment(env));
      expect(continued).toMatchObject({ traceId: parent?.traceId, spanId: parent?.spanId, isRemote: true });
    });
  });

  it("is empty with no active span, and continues nothing from an environment without one", () => {
    expect(traceEnvironment(context.active())).toEqual({});
    expect(trace.getSpanContext(contextFromTraceEnvironment({ PATH: "/bin" }))).toBeUndefined();
  });
});
