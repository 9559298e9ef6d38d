import { type AnyFeature, defineFeature, type RoleProfile } from "@podkit/core";
import { createAddTool } from "./add-tool.js";

/** Capabilities cycle per tool: 8 read, 8 write, 4 admin out of every 20. */
const CAPABILITIES = ["read", "read", "write", "write", "admin"] as const;

/** `featureCount` features of `toolsPerFeature` tools each, every tool with its own schema objects. */
export function createManyFeatures(featureCount: number, toolsPerFeature: number): AnyFeature[] {
  return Array.from({ length: featureCount }, (_, featureIndex) =>
    defineFeature({
      id: `feature-${featureIndex}`,
      version: "1.0.0",
      description: `Benchmark feature ${featureIndex}.`,
      tools: Array.from({ length: toolsPerFeature }, (_, toolIndex) =>
        createAddTool(
          `f${featureIndex}_tool_${toolIndex}`,
          CAPABILITIES[toolIndex % CAPABILITIES.length] ?? "read",
        ),
      ),
    }),
  );
}

/** A role granted read and write (not admin) on every feature: 80% of the tools. */
export function createWorkerProfile(features: readonly AnyFeature[]): RoleProfile {
  return {
    role: "worker",
    features: Object.fromEntries(
      features.map((feature) => [feature.id, { capabilities: ["read", "write"] }]),
    ),
  };
}
