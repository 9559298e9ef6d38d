import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createToken, inject, injectable } from "./di.js";
import { RegistrationError } from "./errors.js";
import { PodkitEmitter, type PodkitEvents } from "./events.js";
import { type AnyFeature, defineFeature, unavailable } from "./feature.js";
import { FeatureRegistry } from "./feature-registry.js";
import type { Logger } from "./logger.js";
import { type AnyTool, defineTool } from "./tool.js";

const CLOCK = createToken<() => number>("test.clock");

@injectable()
class Stamper {
  constructor(@inject(CLOCK) private readonly clock: () => number) {}
  stamp(): number {
    return this.clock();
  }
}

const ping = defineTool({
  name: "ping",
  description: "Answers with the time.",
  capability: "read",
  input: z.object({}),
  output: z.object({ at: z.number() }),
  execute: (_input, context) => ({ at: context.container.resolve(Stamper).stamp() }),
});

function tool(name: string): AnyTool {
  return defineTool({
    name,
    description: `The ${name} tool.`,
    capability: "read",
    input: z.object({}),
    output: z.object({}),
    execute: () => ({}),
  });
}

function feature(id: string, options: Partial<Omit<AnyFeature, "id">> = {}): AnyFeature {
  return { id, version: "1.0.0", description: `The ${id} feature.`, tools: [], ...options };
}

function registrationError(action: () => unknown): RegistrationError {
  try {
    action();
  } catch (error) {
    if (RegistrationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a RegistrationError, but nothing was thrown");
}

async function rejection(promise: Promise<unknown>): Promise<RegistrationError> {
  try {
    await promise;
  } catch (error) {
    if (RegistrationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a RegistrationError, but the promise resolved");
}

function recordingLogger(): Logger & { lines: { level: string; message: string; fields: unknown }[] } {
  const lines: { level: string; message: string; fields: unknown }[] = [];
  const write = (level: string) => (message: string, fields?: unknown) => {
    lines.push({ level, message, fields });
  };
  return { lines, debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

describe("FeatureRegistry", () => {
  it("registers feature services in a child container resolved with explicit tokens", async () => {
    const registry = new FeatureRegistry();
    registry.register(
      defineFeature({
        id: "clock",
        version: "1.0.0",
        description: "A clock.",
        tools: [ping],
        services: (container) => container.register(CLOCK, { useValue: () => 42 }),
      }),
    );
    const report = await registry.install();
    expect(report.installed.map((entry) => entry.featureId)).toEqual(["clock"]);
    const installed = registry.tool("ping");
    expect(installed?.container.resolve(Stamper).stamp()).toBe(42);
    expect(registry.container.isRegistered(CLOCK)).toBe(false);
  });

  it("gives every feature install its own child of the registry container", async () => {
    const registry = new FeatureRegistry();
    const containers: unknown[] = [];
    const recordContainer = (id: string) =>
      feature(id, {
        tools: [tool(`${id}_tool`)],
        setup: (context) => void containers.push(context.container),
      });
    registry.register(recordContainer("first"), recordContainer("second"));
    await registry.install();
    expect(containers).toHaveLength(2);
    expect(containers[0]).not.toBe(containers[1]);
    expect(registry.tool("first_tool")?.container).toBe(containers[0]);
    expect(registry.tool("second_tool")?.container).toBe(containers[1]);
    expect(containers).not.toContain(registry.container);
  });

  it("installs no tools for a feature whose setup reports an unusable environment", async () => {
    const registry = new FeatureRegistry();
    registry.register(
      defineFeature({
        id: "broken",
        version: "1.0.0",
        description: "Needs a directory.",
        tools: [ping],
        setup: () => unavailable("directory '/nope' does not exist"),
      }),
    );
    const report = await registry.install();
    expect(report.installed).toEqual([]);
    expect(report.skipped).toEqual([{ featureId: "broken", reason: "directory '/nope' does not exist" }]);
    expect(registry.tool("ping")).toBeUndefined();
    expect(report.toString()).toContain("skipped broken: directory '/nope' does not exist");
  });

  describe("install", () => {
    it("sets features up in dependency order, whatever the registration order", async () => {
      const calls: string[] = [];
      const recorded = (id: string, requires?: string[]) =>
        feature(id, {
          ...(requires === undefined ? {} : { requires }),
          setup: () => void calls.push(id),
        });
      const registry = new FeatureRegistry();
      registry.register(
        recorded("app", ["tickets", "notes"]),
        recorded("tickets", ["storage"]),
        recorded("notes", ["storage"]),
        recorded("storage"),
      );
      await registry.install();
      expect(calls).toEqual(["storage", "tickets", "notes", "app"]);
    });

    it("reports installed features with their tools and skipped ones with the reason", async () => {
      const registry = new FeatureRegistry();
      registry.register(
        feature("notes", { version: "2.1.0", tools: [tool("notes_add"), tool("notes_list")] }),
        feature("tickets", { tools: [tool("tickets_list")], setup: () => unavailable("no ticket root") }),
      );
      const report = await registry.install();
      expect(report.installed).toEqual([
        { featureId: "notes", version: "2.1.0", tools: ["notes_add", "notes_list"] },
      ]);
      expect(report.skipped).toEqual([{ featureId: "tickets", reason: "no ticket root" }]);
      expect(report.toString()).toBe(
        [
          "installed notes@2.1.0: 2 tools (notes_add, notes_list)",
          "skipped tickets: no ticket root — no tools installed",
        ].join("\n"),
      );
      expect([...registry.tools()].map((installed) => installed.tool.name)).toEqual([
        "notes_add",
        "notes_list",
      ]);
      expect(registry.report().skipped).toEqual(report.skipped);
    });

    it("skips a feature whose setup throws, with the error in the reason, and logs it", async () => {
      const logger = recordingLogger();
      const registry = new FeatureRegistry({ logger });
      registry.register(
        feature("flaky", {
          tools: [tool("flaky_tool")],
          setup: () => {
            throw new Error("database is locked");
          },
        }),
      );
      const report = await registry.install();
      expect(report.skipped).toEqual([{ featureId: "flaky", reason: "setup failed: database is locked" }]);
      expect(registry.tool("flaky_tool")).toBeUndefined();
      expect(logger.lines).toContainEqual({
        level: "error",
        message: "feature setup failed",
        fields: { featureId: "flaky", error: "database is locked" },
      });
    });

    it("skips a feature whose async setup rejects", async () => {
      const registry = new FeatureRegistry();
      registry.register(feature("slow", { setup: async () => Promise.reject(new Error("timed out")) }));
      const report = await registry.install();
      expect(report.skipped).toEqual([{ featureId: "slow", reason: "setup failed: timed out" }]);
    });

    it.each([
      ["undefined", undefined, "setup failed: undefined"],
      ["a string", "no disk", "setup failed: no disk"],
      ["an object without a prototype", Object.create(null), "setup failed: (a thrown object"],
    ])("skips a feature whose setup throws %s instead of an Error", async (_case, thrown, reason) => {
      const registry = new FeatureRegistry();
      registry.register(
        feature("odd", {
          setup: () => {
            throw thrown;
          },
        }),
      );
      const report = await registry.install();
      expect(report.skipped[0]?.reason.startsWith(reason)).toBe(true);
    });

    it("skips a feature that requires a skipped one, naming it", async () => {
      const registry = new FeatureRegistry();
      registry.register(
        feature("storage", { setup: () => unavailable("disk full") }),
        feature("notes", { tools: [tool("notes_add")], requires: ["storage"] }),
        feature("app", { requires: ["notes"] }),
      );
      const report = await registry.install();
      expect(report.installed).toEqual([]);
      expect(report.skipped).toEqual([
        { featureId: "storage", reason: "disk full" },
        { featureId: "notes", reason: "it requires 'storage', which was not installed" },
        { featureId: "app", reason: "it requires 'notes', which was not installed" },
      ]);
      expect(registry.tool("notes_add")).toBeUndefined();
    });

    it("installs features registered later on a second call, after what they require", async () => {
      const registry = new FeatureRegistry();
      registry.register(feature("storage", { tools: [tool("storage_get")] }));
      await registry.install();
      registry.register(feature("notes", { requires: ["storage"], tools: [tool("notes_add")] }));
      const report = await registry.install();
      expect(report.installed.map((entry) => entry.featureId)).toEqual(["storage", "notes"]);
      expect(registry.tool("notes_add")?.featureId).toBe("notes");
    });

    it("emits feature-installed and feature-skipped, then one tools-changed that bumps the generation", async () => {
      const registry = new FeatureRegistry();
      const seen: string[] = [];
      registry.events.on(
        "feature-installed",
        ({ featureId, tools }) => void seen.push(`installed ${featureId} ${tools.join(",")}`),
      );
      registry.events.on("feature-skipped", ({ featureId }) => void seen.push(`skipped ${featureId}`));
      registry.events.on("tools-changed", ({ generation }) => void seen.push(`tools-changed ${generation}`));
      registry.register(
        feature("notes", { tools: [tool("notes_add")] }),
        feature("tickets", { setup: () => unavailable("no root") }),
      );
      const before = registry.generation;
      await registry.install();
      expect(registry.generation).toBe(before + 1);
      expect(seen).toEqual(["installed notes notes_add", "skipped tickets", `tools-changed ${before + 1}`]);
      await registry.install();
      expect(registry.generation).toBe(before + 1);
    });

    it("uses the event bus and logger it was given", async () => {
      const events = new PodkitEmitter();
      const logger = recordingLogger();
      const registry = new FeatureRegistry({ events, logger });
      const skipped: PodkitEvents["feature-skipped"][] = [];
      events.on("feature-skipped", (payload) => void skipped.push(payload));
      registry.register(feature("tickets", { setup: () => unavailable("no root") }));
      await registry.install();
      expect(registry.events).toBe(events);
      expect(skipped).toEqual([{ featureId: "tickets", reason: "no root" }]);
      expect(logger.lines).toContainEqual({
        level: "warn",
        message: "feature not installed",
        fields: { featureId: "tickets", reason: "no root" },
      });
    });
  });

  describe("startup errors", () => {
    it("rejects a feature id that is not kebab-case, naming it", () => {
      const error = registrationError(() => new FeatureRegistry().register(feature("Notes_v2")));
      expect(error.code).toBe("invalid_feature_id");
      expect(error.message).toBe(
        "Invalid feature id 'Notes_v2'. A feature id must be kebab-case: a lowercase letter, then up to 63 lowercase letters, digits or '-'.",
      );
    });

    it("rejects an invalid tool name at registration, even one built without defineTool", () => {
      const raw = { ...tool("fine"), name: "has space" };
      const error = registrationError(() =>
        new FeatureRegistry().register(feature("notes", { tools: [raw] })),
      );
      expect(error.code).toBe("invalid_tool_name");
      expect(error.message).toContain("Invalid tool name 'has space'");
    });

    it("rejects a duplicate feature id, listing the registered features", () => {
      const registry = new FeatureRegistry().register(feature("notes"), feature("tickets"));
      const error = registrationError(() => registry.register(feature("notes")));
      expect(error.code).toBe("duplicate_feature");
      expect(error.message).toBe(
        "Feature 'notes' is registered twice. Registered features: 'notes', 'tickets'.",
      );
    });

    it("rejects a duplicate feature id passed twice in one register call", () => {
      const registry = new FeatureRegistry();
      const error = registrationError(() => registry.register(feature("notes"), feature("notes")));
      expect(error.code).toBe("duplicate_feature");
      expect(error.message).toBe("Feature 'notes' is registered twice. Registered features: 'notes'.");
      expect([...registry.features()]).toEqual([]);
    });

    it("rejects a tool name defined by another feature, naming both features", () => {
      const registry = new FeatureRegistry().register(feature("notes", { tools: [tool("add")] }));
      const error = registrationError(() => registry.register(feature("tickets", { tools: [tool("add")] })));
      expect(error.code).toBe("tool_name_collision");
      expect(error.message).toBe(
        "Tool name 'add' of feature 'tickets' is already defined by feature 'notes'. Tool names must be unique across features; prefix them with the domain (e.g. 'tickets_add').",
      );
    });

    it("rejects a tool name collision between features of one register call", () => {
      const registry = new FeatureRegistry();
      const error = registrationError(() =>
        registry.register(
          feature("notes", { tools: [tool("add")] }),
          feature("ticket-lifecycle", { tools: [tool("add")] }),
        ),
      );
      expect(error.code).toBe("tool_name_collision");
      expect(error.message).toContain("Tool name 'add' of feature 'ticket-lifecycle'");
      expect(error.message).toContain("already defined by feature 'notes'");
      expect(error.message).toContain("(e.g. 'ticket_lifecycle_add')");
      expect([...registry.features()]).toEqual([]);
    });

    it("rejects a tool name used twice within one feature", () => {
      const error = registrationError(() =>
        new FeatureRegistry().register(feature("notes", { tools: [tool("add"), tool("add")] })),
      );
      expect(error.code).toBe("tool_name_collision");
      expect(error.message).toContain(
        "Tool name 'add' of feature 'notes' is already defined by feature 'notes'.",
      );
    });

    it("rejects a missing requirement at install, naming it and the registered features", async () => {
      const registry = new FeatureRegistry().register(
        feature("notes", { requires: ["storage"] }),
        feature("tickets"),
      );
      const error = await rejection(registry.install());
      expect(error.code).toBe("missing_dependency");
      expect(error.message).toBe(
        "Feature 'notes' requires feature 'storage', which is not registered. Registered features: 'notes', 'tickets'.",
      );
    });

    it("rejects a dependency cycle, spelling it out", async () => {
      const registry = new FeatureRegistry().register(
        feature("app", { requires: ["notes"] }),
        feature("notes", { requires: ["tickets"] }),
        feature("tickets", { requires: ["notes"] }),
      );
      const error = await rejection(registry.install());
      expect(error.code).toBe("dependency_cycle");
      expect(error.message).toBe(
        "Features require each other in a cycle: 'notes' -> 'tickets' -> 'notes'. Break the cycle by moving the shared part into its own feature.",
      );
    });

    it("rejects a feature that requires itself", async () => {
      const registry = new FeatureRegistry().register(feature("notes", { requires: ["notes"] }));
      const error = await rejection(registry.install());
      expect(error.code).toBe("dependency_cycle");
      expect(error.message).toContain("'notes' -> 'notes'");
    });
  });

  describe("dispose", () => {
    it("removes the feature's tools, calls its dispose, and bumps the generation", async () => {
      const disposed: string[] = [];
      const registry = new FeatureRegistry();
      registry.register(
        feature("notes", { tools: [tool("notes_add")], dispose: () => void disposed.push("notes") }),
        feature("tickets", { tools: [tool("tickets_list")] }),
      );
      await registry.install();
      const changes: number[] = [];
      registry.events.on("tools-changed", ({ generation }) => void changes.push(generation));
      const gone: string[] = [];
      registry.events.on("feature-disposed", ({ featureId }) => void gone.push(featureId));
      const before = registry.generation;

      await registry.dispose("notes");

      expect(registry.tool("notes_add")).toBeUndefined();
      expect(registry.tool("tickets_list")?.featureId).toBe("tickets");
      expect(disposed).toEqual(["notes"]);
      expect(gone).toEqual(["notes"]);
      expect(registry.generation).toBe(before + 1);
      expect(changes).toEqual([before + 1]);
      expect(registry.report().installed.map((entry) => entry.featureId)).toEqual(["tickets"]);
    });

    it("refuses while an installed feature requires it, naming the dependents", async () => {
      const registry = new FeatureRegistry();
      registry.register(
        feature("storage", { tools: [tool("storage_get")] }),
        feature("notes", { requires: ["storage"] }),
        feature("tickets", { requires: ["storage"] }),
      );
      await registry.install();
      const error = await rejection(registry.dispose("storage"));
      expect(error.code).toBe("feature_in_use");
      expect(error.message).toBe(
        "Cannot dispose feature 'storage': installed features 'notes', 'tickets' require it. Dispose them first.",
      );
      expect(registry.tool("storage_get")?.featureId).toBe("storage");
    });

    it("disposeAll disposes dependents before what they require", async () => {
      const disposed: string[] = [];
      const recorded = (id: string, requires?: string[]) =>
        feature(id, {
          ...(requires === undefined ? {} : { requires }),
          dispose: () => void disposed.push(id),
        });
      const registry = new FeatureRegistry();
      registry.register(recorded("app", ["notes"]), recorded("notes", ["storage"]), recorded("storage"));
      await registry.install();
      await registry.disposeAll();
      expect(disposed).toEqual(["app", "notes", "storage"]);
      expect([...registry.tools()]).toEqual([]);
    });

    it("lets a disposed feature be registered and installed again", async () => {
      const registry = new FeatureRegistry();
      registry.register(feature("notes", { tools: [tool("notes_add")] }));
      await registry.install();
      await registry.dispose("notes");
      registry.register(feature("notes", { version: "2.0.0", tools: [tool("notes_add")] }));
      const report = await registry.install();
      expect(report.installed).toEqual([{ featureId: "notes", version: "2.0.0", tools: ["notes_add"] }]);
    });
  });
});
