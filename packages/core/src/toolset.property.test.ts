import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineFeature } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";
import { FeatureRegistry } from "./feature-registry.js";
import { RoleCatalog } from "./role-catalog.js";
import { defineTool } from "./tool.js";
import { ToolError, type ToolResult } from "./tool-result.js";
import { createToolset, type Toolset } from "./toolset.js";

/** Every input that reached `execute`, by tool. */
const reached: { tool: string; input: unknown }[] = [];

const schemas = {
  tasks_add: z.object({
    ticketId: z.string(),
    title: z.string().min(1),
    priority: z.number().int().min(1).max(5).default(3),
    tags: z.array(z.string()).optional(),
    owner: z.string().nullable().optional(),
  }),
  tasks_find: z.object({
    query: z.string().optional(),
    filter: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("open") }),
        z.object({ kind: z.literal("owner"), owner: z.string() }),
      ])
      .optional(),
  }),
  tasks_purge: z.object({ confirm: z.literal(true) }),
  tasks_echo: z.unknown(),
};

const tasks = defineFeature({
  id: "tasks",
  version: "1.0.0",
  description: "Tasks on tickets.",
  tools: [
    defineTool({
      name: "tasks_add",
      description: "Adds a task to a ticket.",
      capability: "write",
      scope: { ticket: "ticketId" },
      input: schemas.tasks_add,
      output: z.object({ id: z.string() }),
      execute: (input) => {
        reached.push({ tool: "tasks_add", input });
        if (input.title === "conflict") throw new ToolError("conflict", "A task with this title exists.");
        return { id: `${input.ticketId}:${input.title}` };
      },
    }),
    defineTool({
      name: "tasks_find",
      description: "Finds tasks.",
      capability: "read",
      input: schemas.tasks_find,
      output: z.object({ ids: z.array(z.string()) }),
      execute: (input) => {
        reached.push({ tool: "tasks_find", input });
        return { ids: input.query === undefined ? [] : [input.query] };
      },
    }),
    defineTool({
      name: "tasks_purge",
      description: "Deletes every task.",
      capability: "admin",
      input: schemas.tasks_purge,
      output: z.object({ deleted: z.number() }),
      execute: (input) => {
        reached.push({ tool: "tasks_purge", input });
        return { deleted: 1 };
      },
    }),
    defineTool({
      name: "tasks_echo",
      description: "Echoes anything; its output schema is strict, so odd values fail as internal.",
      capability: "read",
      input: schemas.tasks_echo,
      output: z.object({ echoed: z.string() }),
      execute: (input) => {
        reached.push({ tool: "tasks_echo", input });
        return { echoed: typeof input === "string" ? input : (input as never) };
      },
    }),
  ],
});

const granted = ["tasks_add", "tasks_find", "tasks_echo"] as const;
const denied = "tasks_purge";

async function createCoderToolset(scope?: FeatureGrant["scope"]): Promise<Toolset> {
  const registry = new FeatureRegistry();
  registry.register(tasks);
  await registry.install();
  const grant: FeatureGrant = { capabilities: ["read", "write"], ...(scope === undefined ? {} : { scope }) };
  const profile = new RoleCatalog().define({ role: "coder", features: { tasks: grant } }).resolve("coder");
  return createToolset({ registry, profile, agentId: "prop" });
}

const anyInput = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});
const modelLikeInput = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      ticketId: fc.oneof(fc.constantFrom("T-1", "T-2", "T-3"), fc.jsonValue()),
      title: fc.oneof(fc.string(), fc.constant("conflict"), fc.jsonValue()),
      priority: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constant(null)),
      tags: fc.oneof(fc.array(fc.string()), fc.constant(null)),
      owner: fc.oneof(fc.string(), fc.constant(null)),
      query: fc.oneof(fc.string(), fc.constant(null)),
      filter: fc.oneof(
        fc.constant(null),
        fc.record({
          kind: fc.constantFrom("open", "owner", "other"),
          owner: fc.oneof(fc.string(), fc.constant(null)),
        }),
      ),
    },
    { requiredKeys: [] },
  ),
);
/** Inputs for tasks_add that are mostly valid, so scope decisions are exercised often. */
const taskInput = fc.record(
  {
    ticketId: fc.constantFrom("T-1", "T-2", "T-3", "t-1", ""),
    title: fc.oneof(fc.string({ minLength: 1 }), fc.constant("")),
    priority: fc.integer({ min: 0, max: 6 }),
    tags: fc.array(fc.string(), { maxLength: 3 }),
  },
  { requiredKeys: ["ticketId", "title"] },
);
const anyName = fc.oneof(fc.constantFrom(...granted, denied, "tasks_missing"), fc.string(), fc.anything());

function isWellFormed(result: unknown): boolean {
  if (typeof result !== "object" || result === null) return false;
  const keys = Object.keys(result).sort().join();
  const value = result as ToolResult;
  if (value.ok === true) return keys === "ok,output";
  if (value.ok !== false || keys !== "error,ok") return false;
  const { error } = value;
  return (
    Object.keys(error).sort().join() === "code,message" &&
    typeof error.code === "string" &&
    typeof error.message === "string" &&
    error.message.length > 0
  );
}

function withoutName(result: ToolResult, name: string): ToolResult {
  if (result.ok) return result;
  return { ok: false, error: { ...result.error, message: result.error.message.replace(`'${name}'`, "'…'") } };
}

describe("Toolset.call, for any input", () => {
  it("never throws and always resolves to { ok, output } or { ok: false, error: { code, message } }", async () => {
    const toolset = await createCoderToolset();
    await fc.assert(
      fc.asyncProperty(
        anyName,
        fc.oneof(anyInput, modelLikeInput),
        fc.boolean(),
        async (name, input, nullsAsAbsent) => {
          const result = await toolset.call(name as string, input, { nullsAsAbsent });
          expect(isWellFormed(result)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never lets input that fails the tool's schema reach execute", async () => {
    const toolset = await createCoderToolset();
    let executions = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...granted),
        fc.oneof(modelLikeInput, anyInput),
        fc.boolean(),
        async (name, input, nullsAsAbsent) => {
          reached.length = 0;
          const result = await toolset.call(name, input, { nullsAsAbsent });
          if (reached.length > 0) {
            executions += 1;
            expect(reached).toHaveLength(1);
            expect(schemas[name].safeParse(reached[0]?.input).success).toBe(true);
          }
          if (!nullsAsAbsent && !schemas[name].safeParse(input).success) {
            expect(reached).toEqual([]);
            expect(result.ok ? "ok" : result.error.code).toBe("invalid_input");
          }
          if (!result.ok && result.error.code === "invalid_input") expect(reached).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
    // The property is only worth something if valid inputs were generated too.
    expect(executions).toBeGreaterThan(0);
  });

  it("answers a denied tool exactly like an unknown one, whatever the input", async () => {
    const toolset = await createCoderToolset();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(anyInput, modelLikeInput),
        fc
          .stringMatching(/^[a-z][a-z_]{0,20}$/)
          .filter((name) => !(tasks.tools.map((tool) => tool.name) as string[]).includes(name)),
        fc.boolean(),
        async (input, unknownName, nullsAsAbsent) => {
          reached.length = 0;
          const refused = await toolset.call(denied, input, { nullsAsAbsent });
          const unknown = await toolset.call(unknownName, input, { nullsAsAbsent });
          expect(refused.ok).toBe(false);
          expect(withoutName(refused, denied)).toEqual(withoutName(unknown, unknownName));
          expect(reached).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never runs a scoped tool on a subject outside the role's scope", async () => {
    const toolset = await createCoderToolset({ ticket: { oneOf: ["T-1", "T-2"] } });
    const outcomes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(taskInput, modelLikeInput), async (input) => {
        reached.length = 0;
        const result = await toolset.call("tasks_add", input);
        outcomes.add(result.ok ? "ok" : result.error.code);
        for (const { input: received } of reached)
          expect(["T-1", "T-2"]).toContain((received as { ticketId: string }).ticketId);
        if (!result.ok && result.error.code === "out_of_scope") expect(reached).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect([...outcomes]).toEqual(expect.arrayContaining(["ok", "out_of_scope", "invalid_input"]));
  });
});
