import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createToken, inject, injectable } from "./di.js";
import { defineFeature, unavailable } from "./feature.js";
import { FeatureRegistry } from "./feature-registry.js";
import { defineTool } from "./tool.js";

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
});
