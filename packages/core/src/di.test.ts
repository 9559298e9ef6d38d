import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createToken, type DependencyContainer, inject, injectable } from "./di.js";
import { defineFeature } from "./feature.js";
import { FeatureRegistry } from "./feature-registry.js";
import { RoleCatalog } from "./role-catalog.js";
import { type Actor, defineTool } from "./tool.js";
import { ACTOR, BINDINGS, createToolset, type Toolset } from "./toolset.js";

const GREETING = createToken<string>("test.greeting");

@injectable()
class Greeter {
  constructor(
    @inject(GREETING) private readonly greeting: string,
    @inject(ACTOR) private readonly actor: Actor,
    @inject(BINDINGS) private readonly bindings: Readonly<Record<string, string>>,
  ) {}

  greet(): string {
    return `${this.greeting}, ${this.actor.agentId} on ${this.bindings.ticket ?? "nothing"}`;
  }
}

const containersSeen: DependencyContainer[] = [];

function greetingFeature(greeting: string) {
  return defineFeature({
    id: "greetings",
    version: "1.0.0",
    description: "Greets the caller.",
    services: (container) => container.register(GREETING, { useValue: greeting }),
    tools: [
      defineTool({
        name: "greet",
        description: "Greets the calling agent.",
        capability: "read",
        input: z.object({}),
        output: z.object({ text: z.string() }),
        execute: (_input, context) => {
          containersSeen.push(context.container);
          return { text: context.container.resolve(Greeter).greet() };
        },
      }),
    ],
  });
}

async function toolsetsFor(registry: FeatureRegistry, ...agents: [string, string][]): Promise<Toolset[]> {
  const profile = new RoleCatalog()
    .define({ role: "coder", features: { greetings: { capabilities: ["read"] } } })
    .resolve("coder");
  return agents.map(([agentId, ticket]) =>
    createToolset({ registry, profile, agentId, bindings: { ticket } }),
  );
}

describe("dependency injection", () => {
  it("resolves feature services and the toolset's actor and bindings inside a tool", async () => {
    const registry = new FeatureRegistry().register(greetingFeature("Hello"));
    await registry.install();
    const [toolset] = await toolsetsFor(registry, ["agent-1", "T-1"]);
    expect(await toolset?.call("greet", {})).toEqual({ ok: true, output: { text: "Hello, agent-1 on T-1" } });
  });

  it("gives each toolset its own child container, so agents never see each other's actor", async () => {
    const registry = new FeatureRegistry().register(greetingFeature("Hi"));
    await registry.install();
    containersSeen.length = 0;
    const [first, second] = await toolsetsFor(registry, ["agent-1", "T-1"], ["agent-2", "T-2"]);
    expect(await first?.call("greet", {})).toEqual({ ok: true, output: { text: "Hi, agent-1 on T-1" } });
    expect(await second?.call("greet", {})).toEqual({ ok: true, output: { text: "Hi, agent-2 on T-2" } });
    expect(await first?.call("greet", {})).toEqual({ ok: true, output: { text: "Hi, agent-1 on T-1" } });
    expect(containersSeen[0]).not.toBe(containersSeen[1]);
    expect(containersSeen[2]).toBe(containersSeen[0]);
  });

  it("registers the actor and bindings on the toolset's own container too", async () => {
    const registry = new FeatureRegistry();
    const [toolset] = await toolsetsFor(registry, ["agent-1", "T-1"]);
    expect(toolset?.container.resolve(ACTOR)).toEqual({ role: "coder", agentId: "agent-1" });
    expect(toolset?.container.resolve(BINDINGS)).toEqual({ ticket: "T-1" });
  });

  it("leaks neither feature services nor toolset tokens into the registry's container", async () => {
    const registry = new FeatureRegistry().register(greetingFeature("Hello"));
    await registry.install();
    const [toolset] = await toolsetsFor(registry, ["agent-1", "T-1"]);
    await toolset?.call("greet", {});
    for (const token of [GREETING, ACTOR, BINDINGS])
      expect(registry.container.isRegistered(token, true)).toBe(false);
    expect(registry.tool("greet")?.container.isRegistered(ACTOR, true)).toBe(false);
  });

  it("builds a reinstalled feature's tools on the new install's services", async () => {
    const registry = new FeatureRegistry().register(greetingFeature("Hello"));
    await registry.install();
    const [toolset] = await toolsetsFor(registry, ["agent-1", "T-1"]);
    expect(await toolset?.call("greet", {})).toEqual({ ok: true, output: { text: "Hello, agent-1 on T-1" } });
    await registry.dispose("greetings");
    registry.register(greetingFeature("Welcome back"));
    await registry.install();
    expect(await toolset?.call("greet", {})).toEqual({
      ok: true,
      output: { text: "Welcome back, agent-1 on T-1" },
    });
  });

  it("creates tokens that are unique even with the same description", () => {
    const first = createToken<string>("same");
    const second = createToken<string>("same");
    expect(first).not.toBe(second);
    expect(first.description).toBe("same");
  });
});
