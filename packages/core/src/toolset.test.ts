import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { PodkitEvents } from "./events.js";
import { type AnyFeature, defineFeature } from "./feature.js";
import type { FeatureGrant } from "./feature-grant.js";
import { FeatureRegistry } from "./feature-registry.js";
import type { Logger } from "./logger.js";
import { RoleCatalog } from "./role-catalog.js";
import type { RoleProfile } from "./role-profile.js";
import { defineTool, type ToolContext } from "./tool.js";
import { ToolError, type ToolResult } from "./tool-result.js";
import { createToolset, type Toolset } from "./toolset.js";

const executed: { tool: string; input: unknown; context: ToolContext }[] = [];

const notesAdd = defineTool({
  name: "notes_add",
  description: "Adds a note to a ticket.",
  capability: "write",
  hints: { idempotent: false },
  scope: { ticket: "ticketId" },
  input: z.object({
    ticketId: z.string().describe("The ticket the note belongs to."),
    title: z.string().min(1).describe("A short title."),
    tags: z.array(z.string()).default([]),
  }),
  output: z.object({ id: z.string() }),
  execute: (input, context) => {
    executed.push({ tool: "notes_add", input, context });
    return { id: `${input.ticketId}/${input.title}` };
  },
});

const notesList = defineTool({
  name: "notes_list",
  title: "List notes",
  description: "Lists the notes of every ticket.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({}),
  output: z.object({ ids: z.array(z.string()) }),
  execute: (input, context) => {
    executed.push({ tool: "notes_list", input, context });
    return { ids: ["T-1/a"] };
  },
});

const notesGet = defineTool({
  name: "notes_get",
  description: "Gets one note of a ticket.",
  capability: ["read", "write"],
  scope: { ticket: "ticketId" },
  input: z.object({ ticketId: z.string(), id: z.string() }),
  output: z.object({ id: z.string(), body: z.string() }),
  execute: (input) => {
    if (input.id === "missing") throw new ToolError("not_found", `Note '${input.id}' does not exist.`);
    if (input.id === "bad-output") return { id: input.id, body: 42 } as never;
    if (input.id === "crash") throw new Error("disk on fire");
    if (input.id === "crash-string") throw "plain string";
    if (input.id === "crash-bare") throw Object.assign(Object.create(null), { reason: "bare" });
    return { id: input.id, body: "text" };
  },
});

const notesPurge = defineTool({
  name: "notes_purge",
  description: "Deletes every note.",
  capability: "admin",
  hints: { destructive: true },
  input: z.object({}),
  output: z.object({ deleted: z.number() }),
  execute: () => ({ deleted: 3 }),
});

const notes = defineFeature({
  id: "notes",
  version: "1.0.0",
  description: "Notes on tickets.",
  tools: [notesAdd, notesList, notesGet, notesPurge],
});

const optionalShapes = defineTool({
  name: "shapes_echo",
  description: "Echoes optional and nullable fields.",
  capability: "read",
  input: z.object({
    label: z.string().optional(),
    size: z.number().default(1),
    nickname: z.string().nullable(),
    note: z.string().nullable().optional(),
    box: z.object({ width: z.number().optional(), depth: z.number().nullable() }).optional(),
    items: z.array(z.object({ name: z.string(), color: z.string().optional() })).nullable(),
    shape: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("circle"), radius: z.number().optional() }),
      z.object({ kind: z.literal("square"), side: z.number().optional() }),
    ]),
  }),
  output: z.object({ received: z.unknown() }),
  execute: (input) => ({ received: input }),
});
const shapes = defineFeature({
  id: "shapes",
  version: "1.0.0",
  description: "Shapes.",
  tools: [optionalShapes],
});

function recordingLogger(): Logger & { errors: { message: string; fields: Record<string, unknown> }[] } {
  const errors: { message: string; fields: Record<string, unknown> }[] = [];
  return {
    errors,
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => void errors.push({ message, fields: { ...fields } }),
  };
}

interface Setup {
  registry: FeatureRegistry;
  toolset: Toolset;
  logger: ReturnType<typeof recordingLogger>;
  calls: PodkitEvents["tool-call"][];
  denials: PodkitEvents["tool-denied"][];
}

async function setup(
  grants: Record<string, FeatureGrant>,
  options: { bindings?: Record<string, string>; features?: AnyFeature[] } = {},
): Promise<Setup> {
  executed.length = 0;
  const logger = recordingLogger();
  const registry = new FeatureRegistry({ logger });
  registry.register(...(options.features ?? [notes]));
  await registry.install();
  const catalog = new RoleCatalog().define({ role: "coder", features: grants });
  const toolset = createToolset({
    registry,
    profile: catalog.resolve("coder"),
    agentId: "agent-7",
    podId: "pod-3",
    ...(options.bindings === undefined ? {} : { bindings: options.bindings }),
  });
  const calls: PodkitEvents["tool-call"][] = [];
  const denials: PodkitEvents["tool-denied"][] = [];
  registry.events.on("tool-call", (payload) => void calls.push(payload));
  registry.events.on("tool-denied", (payload) => void denials.push(payload));
  return { registry, toolset, logger, calls, denials };
}

function failure(result: ToolResult): { code: string; message: string } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.output)}`);
  return result.error;
}

/** Replaces the quoted tool name so two unknown-tool answers can be compared. */
function withoutName(result: ToolResult, name: string): ToolResult {
  if (result.ok) return result;
  return { ok: false, error: { ...result.error, message: result.error.message.replace(`'${name}'`, "'…'") } };
}

describe("Toolset.list", () => {
  it("lists only the tools the role's capabilities grant, with their descriptors", async () => {
    const { toolset } = await setup({ notes: { capabilities: ["read"] } });
    expect(toolset.list().map((tool) => tool.name)).toEqual(["notes_list", "notes_get"]);
    const [list] = toolset.list();
    expect(list).toMatchObject({
      name: "notes_list",
      title: "List notes",
      description: "Lists the notes of every ticket.",
      featureId: "notes",
      capabilities: ["read"],
      hints: { readOnly: true, destructive: false, idempotent: true },
      rule: "capability:read",
      inputSchema: { type: "object" },
      outputSchema: { type: "object", required: ["ids"] },
    });
    expect(toolset.has("notes_get")).toBe(true);
    expect(toolset.has("notes_add")).toBe(false);
  });

  it("applies the allow and deny lists", async () => {
    const allow = await setup({ notes: { capabilities: ["read", "write"], allowTools: ["notes_add"] } });
    expect(allow.toolset.list().map((tool) => [tool.name, tool.rule])).toEqual([
      ["notes_add", "allow-list+capability:write"],
    ]);
    const deny = await setup({ notes: { capabilities: ["read", "write"], denyTools: ["notes_get"] } });
    expect(deny.toolset.list().map((tool) => tool.name)).toEqual(["notes_add", "notes_list"]);
  });

  it("under a scoped grant, lists only tools that declare the scope dimension", async () => {
    const { toolset } = await setup(
      { notes: { capabilities: ["read", "write"], scope: { ticket: "bound" } } },
      { bindings: { ticket: "T-1" } },
    );
    expect(toolset.list().map((tool) => tool.name)).toEqual(["notes_add", "notes_get"]);
  });

  it("follows the registry as features are installed and disposed", async () => {
    const { registry, toolset } = await setup({
      notes: { capabilities: ["read"] },
      shapes: { capabilities: ["read"] },
    });
    expect(toolset.list().map((tool) => tool.name)).toEqual(["notes_list", "notes_get"]);
    registry.register(shapes);
    await registry.install();
    expect(toolset.list().map((tool) => tool.name)).toEqual(["notes_list", "notes_get", "shapes_echo"]);
    await registry.dispose("notes");
    expect(toolset.list().map((tool) => tool.name)).toEqual(["shapes_echo"]);
  });
});

describe("Toolset.call", () => {
  it("validates, runs the tool and returns its parsed output, with defaults applied", async () => {
    const { toolset, calls } = await setup(
      { notes: { capabilities: ["write"] } },
      { bindings: { ticket: "T-1" } },
    );
    const result = await toolset.call("notes_add", { ticketId: "T-1", title: "Plan" });
    expect(result).toEqual({ ok: true, output: { id: "T-1/Plan" } });
    expect(executed.map((entry) => entry.input)).toEqual([{ ticketId: "T-1", title: "Plan", tags: [] }]);
    expect(calls).toEqual([
      {
        tool: "notes_add",
        featureId: "notes",
        role: "coder",
        agentId: "agent-7",
        ok: true,
        rule: "capability:write",
        durationMs: expect.any(Number),
      },
    ]);
  });

  it("hands execute the actor, bindings, the role's capabilities, the logger and the event bus", async () => {
    const { toolset, registry } = await setup(
      { notes: { capabilities: ["write", "read"] } },
      { bindings: { ticket: "T-1" } },
    );
    await toolset.call("notes_add", { ticketId: "T-1", title: "Plan" });
    const [{ context }] = executed as [(typeof executed)[number]];
    expect(context.actor).toEqual({ role: "coder", agentId: "agent-7", podId: "pod-3" });
    expect(context.bindings).toEqual({ ticket: "T-1" });
    expect(Object.isFrozen(context.bindings)).toBe(true);
    expect([...context.capabilities]).toEqual(["write", "read"]);
    expect(context.logger).toBe(registry.logger);
    expect(context.events).toBe(registry.events);
    expect(context.lineage).toEqual(["coder"]);
  });

  it("hands execute the lineage of the caller's profile, so policy can follow what a role extends", async () => {
    executed.length = 0;
    const registry = new FeatureRegistry();
    registry.register(notes);
    await registry.install();
    const catalog = new RoleCatalog()
      .define({ role: "base", features: { notes: { capabilities: ["read"] } } })
      .define({ role: "helper", extends: "base", features: {} });
    const toolset = createToolset({ registry, profile: catalog.resolve("helper"), agentId: "h-1" });
    await toolset.call("notes_list", {});
    const [{ context }] = executed as [(typeof executed)[number]];
    expect(context.lineage).toEqual(["helper", "base"]);
  });

  it("gives a feature's tools one context per toolset, kept across calls and registry changes", async () => {
    const { toolset, registry } = await setup(
      { notes: { capabilities: ["write", "read"] }, shapes: { capabilities: ["read"] } },
      { bindings: { ticket: "T-1" } },
    );
    await toolset.call("notes_add", { ticketId: "T-1", title: "Plan" });
    await toolset.call("notes_list", {});
    registry.register(shapes);
    await registry.install();
    await toolset.call("notes_list", {});
    const [add, list, listAgain] = executed.map((entry) => entry.context);
    expect(list).toBe(add);
    expect(listAgain).toBe(add);
    const other = createToolset({ registry, profile: toolset.profile, agentId: "agent-8" });
    await other.call("notes_list", {});
    expect(executed[3]?.context).not.toBe(add);
    expect(executed[3]?.context.actor.agentId).toBe("agent-8");
  });

  it("answers invalid input with zod's message naming the field, without running the tool", async () => {
    const { toolset, calls } = await setup({ notes: { capabilities: ["write"] } });
    const result = await toolset.call("notes_add", { ticketId: "T-1", title: 7 });
    expect(failure(result)).toEqual({
      code: "invalid_input",
      message:
        "Invalid input for tool 'notes_add':\n✖ Invalid input: expected string, received number\n  → at title",
    });
    expect(executed).toEqual([]);
    expect(calls.map((call) => [call.ok, call.code])).toEqual([[false, "invalid_input"]]);
  });

  it("lists every invalid field", async () => {
    const { toolset } = await setup({ notes: { capabilities: ["write"] } });
    const { message } = failure(await toolset.call("notes_add", { title: "" }));
    expect(message).toContain("→ at ticketId");
    expect(message).toContain("→ at title");
  });

  it("answers an unknown tool with the tools the agent may call, and reports it as not-installed", async () => {
    const { toolset, denials, calls } = await setup({ notes: { capabilities: ["read"] } });
    const result = await toolset.call("notes_fly", {});
    expect(failure(result)).toEqual({
      code: "unknown_tool",
      message: "Unknown tool 'notes_fly'. Tools available to this agent: notes_list, notes_get.",
    });
    expect(denials).toEqual([
      { tool: "notes_fly", role: "coder", agentId: "agent-7", code: "unknown_tool", rule: "not-installed" },
    ]);
    expect(calls).toEqual([]);
  });

  it("says when no tools are available at all", async () => {
    const { toolset } = await setup({});
    expect(failure(await toolset.call("notes_list", {})).message).toBe(
      "Unknown tool 'notes_list'. Tools available to this agent: (none).",
    );
  });

  it.each<[string, FeatureGrant | undefined, string, string, Record<string, string>]>([
    [
      "a capability the role lacks",
      { capabilities: ["read"] },
      "notes_purge",
      "capability-not-granted:admin",
      {},
    ],
    [
      "a tool on the deny list",
      { capabilities: ["read"], denyTools: ["notes_list"] },
      "notes_list",
      "deny-list",
      {},
    ],
    [
      "a tool off the allow list",
      { capabilities: ["read"], allowTools: ["notes_get"] },
      "notes_list",
      "not-in-allow-list",
      {},
    ],
    [
      "a tool without the grant's scope dimension",
      { capabilities: ["read"], scope: { ticket: "bound" } },
      "notes_list",
      "scope-undeclared:ticket",
      { ticket: "T-1" },
    ],
    ["a feature the role has no grant for", undefined, "notes_list", "feature-not-granted:notes", {}],
  ])(
    "answers %s exactly like an unknown tool, and names the rule in tool-denied",
    async (_case, grant, name, rule, bindings) => {
      const { toolset, denials } = await setup(grant === undefined ? {} : { notes: grant }, { bindings });
      const denied = await toolset.call(name, {});
      const unknown = await toolset.call("no_such_tool", {});
      expect(failure(denied).code).toBe("unknown_tool");
      expect(withoutName(denied, name)).toEqual(withoutName(unknown, "no_such_tool"));
      expect(denials[0]).toEqual({
        tool: name,
        role: "coder",
        agentId: "agent-7",
        code: "unknown_tool",
        rule,
      });
      expect(executed).toEqual([]);
    },
  );

  it("answers a denied tool as unknown before looking at its input", async () => {
    const { toolset } = await setup({ notes: { capabilities: ["read"] } });
    const denied = await toolset.call("notes_purge", { nonsense: true });
    const unknown = await toolset.call("notes_zap", { nonsense: true });
    expect(withoutName(denied, "notes_purge")).toEqual(withoutName(unknown, "notes_zap"));
  });

  it("re-checks the grant on every call: a tool disposed between calls becomes unknown", async () => {
    const { toolset, registry, denials } = await setup({ notes: { capabilities: ["read"] } });
    expect((await toolset.call("notes_list", {})).ok).toBe(true);
    await registry.dispose("notes");
    const result = await toolset.call("notes_list", {});
    expect(failure(result).code).toBe("unknown_tool");
    expect(denials.map((denial) => denial.rule)).toEqual(["not-installed"]);
    expect(executed).toHaveLength(1);
  });

  it("can call a tool installed after the toolset was created", async () => {
    const { toolset, registry } = await setup({ shapes: { capabilities: ["read"] } });
    expect(failure(await toolset.call("shapes_echo", {})).code).toBe("unknown_tool");
    registry.register(shapes);
    await registry.install();
    expect(failure(await toolset.call("shapes_echo", {})).code).toBe("invalid_input");
  });

  describe("scope", () => {
    it("lets a bound role act on its own subject and refuses another, naming the rule", async () => {
      const { toolset, denials, calls } = await setup(
        { notes: { capabilities: ["write"], scope: { ticket: "bound" } } },
        { bindings: { ticket: "T-1" } },
      );
      expect((await toolset.call("notes_add", { ticketId: "T-1", title: "Mine" })).ok).toBe(true);
      const refused = await toolset.call("notes_add", { ticketId: "T-2", title: "Theirs" });
      expect(failure(refused)).toEqual({
        code: "out_of_scope",
        message: "Ticket 'T-2' is outside this agent's scope. It may only act on ticket 'T-1'.",
      });
      expect(denials).toEqual([
        { tool: "notes_add", role: "coder", agentId: "agent-7", code: "out_of_scope", rule: "scope:ticket" },
      ]);
      expect(executed.map((entry) => entry.input)).toEqual([{ ticketId: "T-1", title: "Mine", tags: [] }]);
      expect(calls).toHaveLength(1);
    });

    it("refuses every subject for a bound role when the toolset is bound to nothing", async () => {
      const { toolset } = await setup({ notes: { capabilities: ["write"], scope: { ticket: "bound" } } });
      const refused = await toolset.call("notes_add", { ticketId: "T-1", title: "Plan" });
      expect(failure(refused).code).toBe("out_of_scope");
      expect(executed).toEqual([]);
    });

    it("lets a oneOf role act on the listed subjects only", async () => {
      const { toolset } = await setup({
        notes: { capabilities: ["read"], scope: { ticket: { oneOf: ["T-1", "T-2"] } } },
      });
      expect(await toolset.call("notes_get", { ticketId: "T-2", id: "n" })).toEqual({
        ok: true,
        output: { id: "n", body: "text" },
      });
      expect(failure(await toolset.call("notes_get", { ticketId: "T-3", id: "n" }))).toEqual({
        code: "out_of_scope",
        message: "Ticket 'T-3' is outside this agent's scope. Allowed: 'T-1', 'T-2'.",
      });
    });

    it("validates input before checking scope", async () => {
      const { toolset } = await setup(
        { notes: { capabilities: ["write"], scope: { ticket: "bound" } } },
        { bindings: { ticket: "T-1" } },
      );
      expect(failure(await toolset.call("notes_add", { ticketId: "T-2" })).code).toBe("invalid_input");
    });
  });

  describe("failures inside the tool", () => {
    it("passes a ToolError's code and message to the caller", async () => {
      const { toolset, calls } = await setup({ notes: { capabilities: ["read"] } });
      expect(failure(await toolset.call("notes_get", { ticketId: "T-1", id: "missing" }))).toEqual({
        code: "not_found",
        message: "Note 'missing' does not exist.",
      });
      expect(calls.map((call) => call.code)).toEqual(["not_found"]);
    });

    it.each([
      ["throws an Error", "crash", "disk on fire"],
      ["throws a string", "crash-string", "plain string"],
      ["throws an object that cannot be printed", "crash-bare", "cannot be printed"],
      ["returns output that fails its schema", "bad-output", "output failed its schema"],
    ])(
      "answers a tool that %s as internal, logs it, and does not blame the caller",
      async (_case, id, logged) => {
        const { toolset, logger, calls } = await setup({ notes: { capabilities: ["read"] } });
        const { code, message } = failure(await toolset.call("notes_get", { ticketId: "T-1", id }));
        expect(code).toBe("internal");
        expect(message).toMatch(
          /^Tool 'notes_get' failed internally \(reference [0-9a-f]{8}\); this was not caused by your input\./,
        );
        expect(logger.errors).toHaveLength(1);
        const [entry] = logger.errors;
        expect(entry?.message).toBe("tool failed internally");
        expect(entry?.fields.tool).toBe("notes_get");
        expect(String(entry?.fields.error)).toContain(logged);
        expect(message).toContain(`reference ${String(entry?.fields.reference)}`);
        expect(calls.map((call) => [call.ok, call.code])).toEqual([[false, "internal"]]);
      },
    );

    it("names the bad output field in the log", async () => {
      const { toolset, logger } = await setup({ notes: { capabilities: ["read"] } });
      await toolset.call("notes_get", { ticketId: "T-1", id: "bad-output" });
      expect(String(logger.errors[0]?.fields.error)).toContain("at body");
    });
  });

  describe("never throws", () => {
    const circular: Record<string, unknown> = { ticketId: "T-1", title: "loop" };
    circular.self = circular;
    const awkwardNames: [string, unknown][] = [
      ["a number", 42],
      ["null", null],
      ["undefined", undefined],
      ["a symbol", Symbol("notes_list")],
      ["an object", { name: "notes_list" }],
      ["an object without a prototype", Object.create(null)],
      [
        "an object whose toString throws",
        {
          toString: () => {
            throw new Error("no");
          },
        },
      ],
    ];

    it.each(awkwardNames)("answers a name that is %s as an unknown tool", async (_case, name) => {
      const { toolset } = await setup({ notes: { capabilities: ["read"] } });
      const result = await toolset.call(name as string, {});
      expect(failure(result).code).toBe("unknown_tool");
    });

    it.each<[string, unknown]>([
      ["undefined", undefined],
      ["null", null],
      ["a string", "notes"],
      ["an array", [1, 2]],
      ["a bigint", 10n],
      ["a function", () => 1],
      ["a circular object", circular],
    ])("answers input that is %s with a structured result", async (_case, input) => {
      const { toolset } = await setup({ notes: { capabilities: ["write"] } });
      for (const nullsAsAbsent of [false, true]) {
        const result = await toolset.call("notes_add", input, { nullsAsAbsent });
        expect(result.ok ? "ok" : result.error.code).toMatch(/^(ok|invalid_input)$/);
      }
    });

    it("ignores properties of a circular input that the schema does not name", async () => {
      const { toolset } = await setup({ notes: { capabilities: ["write"] } });
      expect(await toolset.call("notes_add", circular)).toEqual({ ok: true, output: { id: "T-1/loop" } });
    });
  });

  describe("nullsAsAbsent", () => {
    const valid = { nickname: "Bo", items: null, shape: { kind: "circle" } };

    it("maps nulls the schema does not allow to absent fields, so defaults and optionals apply", async () => {
      const { toolset } = await setup({ shapes: { capabilities: ["read"] } }, { features: [shapes] });
      const result = await toolset.call(
        "shapes_echo",
        {
          label: null,
          size: null,
          nickname: null,
          note: null,
          box: { width: null, depth: null },
          items: [{ name: "a", color: null }],
          shape: { kind: "square", side: null },
        },
        { nullsAsAbsent: true },
      );
      expect(result).toEqual({
        ok: true,
        output: {
          received: {
            size: 1,
            nickname: null,
            note: null,
            box: { depth: null },
            items: [{ name: "a" }],
            shape: { kind: "square" },
          },
        },
      });
    });

    it("maps a null box to absent", async () => {
      const { toolset } = await setup({ shapes: { capabilities: ["read"] } }, { features: [shapes] });
      const result = await toolset.call("shapes_echo", { ...valid, box: null }, { nullsAsAbsent: true });
      expect(result).toEqual({ ok: true, output: { received: { ...valid, size: 1 } } });
    });

    it("still refuses a null in a required field that does not allow it, naming the field", async () => {
      const { toolset } = await setup({ shapes: { capabilities: ["read"] } }, { features: [shapes] });
      const { code, message } = failure(
        await toolset.call("shapes_echo", { ...valid, shape: null }, { nullsAsAbsent: true }),
      );
      expect(code).toBe("invalid_input");
      expect(message).toContain("→ at shape");
    });

    it("is off by default: a null where the schema wants absent is invalid", async () => {
      const { toolset } = await setup({ shapes: { capabilities: ["read"] } }, { features: [shapes] });
      const { code, message } = failure(await toolset.call("shapes_echo", { ...valid, label: null }));
      expect(code).toBe("invalid_input");
      expect(message).toContain("→ at label");
    });
  });
});

describe("Toolset.render", () => {
  it("computes an export once per registry generation", async () => {
    const { toolset, registry } = await setup({
      notes: { capabilities: ["read"] },
      shapes: { capabilities: ["read"] },
    });
    const renderer = vi.fn((tools: readonly { name: string }[]) => tools.map((tool) => tool.name));
    const first = toolset.render("names", renderer);
    expect(toolset.render("names", renderer)).toBe(first);
    expect(first).toEqual(["notes_list", "notes_get"]);
    expect(renderer).toHaveBeenCalledTimes(1);

    registry.register(shapes);
    await registry.install();
    expect(toolset.render("names", renderer)).toEqual(["notes_list", "notes_get", "shapes_echo"]);
    expect(renderer).toHaveBeenCalledTimes(2);

    await registry.dispose("shapes");
    expect(toolset.render("names", renderer)).toEqual(["notes_list", "notes_get"]);
    expect(toolset.render("names", renderer)).toEqual(["notes_list", "notes_get"]);
    expect(renderer).toHaveBeenCalledTimes(3);
  });

  it("keeps exports under different keys apart", async () => {
    const { toolset } = await setup({ notes: { capabilities: ["read"] } });
    const count = vi.fn((tools: readonly unknown[]) => tools.length);
    const names = vi.fn((tools: readonly { name: string }[]) => tools.map((tool) => tool.name).join());
    expect(toolset.render("count", count)).toBe(2);
    expect(toolset.render("names", names)).toBe("notes_list,notes_get");
    expect(toolset.render("count", count)).toBe(2);
    expect(count).toHaveBeenCalledTimes(1);
    expect(names).toHaveBeenCalledTimes(1);
  });
});

describe("createToolset", () => {
  it("builds the actor from the profile's role and the agent's ids", async () => {
    const registry = new FeatureRegistry();
    const profile: RoleProfile = { role: "reviewer", features: {} };
    const toolset = createToolset({
      registry,
      profile: new RoleCatalog().define(profile).resolve("reviewer"),
      agentId: "agent-1",
    });
    expect(toolset.actor).toEqual({ role: "reviewer", agentId: "agent-1" });
    expect(toolset.bindings).toEqual({});
    expect(toolset.list()).toEqual([]);
  });
});
