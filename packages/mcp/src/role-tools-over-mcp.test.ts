import { describe } from "vitest";
import { connectInMemory } from "./fixtures/connect-client.js";
import { describeRoleScenarios } from "./fixtures/role-scenarios.js";

// The same scenarios run against `podkit mcp` over stdio in test/mcp.
describe("a role's tools over MCP, in memory", () => {
  describeRoleScenarios((target) => connectInMemory(target));
});
