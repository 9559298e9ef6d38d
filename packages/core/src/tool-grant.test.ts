import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { FeatureGrant } from "./feature-grant.js";
import type { RoleProfile } from "./role-profile.js";
import { type AnyTool, defineTool } from "./tool.js";
import { checkScope, decideGrant } from "./tool-grant.js";

function tool(name: string, capability: string | string[], scope?: Record<string, string>): AnyTool {
  return defineTool({
    name,
    description: `The ${name} tool.`,
    capability,
    ...(scope === undefined ? {} : { scope }),
    input: z.object({ ticketId: z.string() }),
    output: z.object({}),
    execute: () => ({}),
  });
}

function profile(grant: FeatureGrant, featureId = "notes"): RoleProfile {
  return { role: "coder", features: { [featureId]: grant } };
}

describe("decideGrant", () => {
  const add = tool("notes_add", "write", { ticket: "ticketId" });

  it.each<[string, RoleProfile, string, boolean]>([
    [
      "no grant for the feature",
      profile({ capabilities: ["write"] }, "tickets"),
      "feature-not-granted:notes",
      false,
    ],
    ["a capability not granted", profile({ capabilities: ["read"] }), "capability-not-granted:write", false],
    ["the deny list", profile({ capabilities: ["write"], denyTools: ["notes_add"] }), "deny-list", false],
    [
      "a tool missing from the allow list",
      profile({ capabilities: ["write"], allowTools: ["notes_get"] }),
      "not-in-allow-list",
      false,
    ],
    [
      "a scope dimension the tool does not declare",
      profile({ capabilities: ["write"], scope: { repo: "bound" } }),
      "scope-undeclared:repo",
      false,
    ],
    ["a granted capability", profile({ capabilities: ["write"] }), "capability:write", true],
    [
      "the allow list",
      profile({ capabilities: ["write"], allowTools: ["notes_add"] }),
      "allow-list+capability:write",
      true,
    ],
    [
      "a scope the tool declares",
      profile({ capabilities: ["write"], scope: { ticket: "bound" } }),
      "capability:write",
      true,
    ],
  ])("decides by %s", (_case, role, rule, granted) => {
    expect(decideGrant(role, "notes", add)).toEqual({ granted, rule });
  });

  it("lets the deny list win over the allow list", () => {
    const role = profile({ capabilities: ["write"], allowTools: ["notes_add"], denyTools: ["notes_add"] });
    expect(decideGrant(role, "notes", add)).toEqual({ granted: false, rule: "deny-list" });
  });

  it("grants a tool with several capabilities by any one of them", () => {
    const edit = tool("notes_edit", ["write", "admin"]);
    expect(decideGrant(profile({ capabilities: ["admin"] }), "notes", edit)).toEqual({
      granted: true,
      rule: "capability:admin",
    });
    expect(decideGrant(profile({ capabilities: ["read"] }), "notes", edit)).toEqual({
      granted: false,
      rule: "capability-not-granted:write|admin",
    });
  });

  it("fails closed for a feature id that names an Object.prototype member", () => {
    const role: RoleProfile = { role: "coder", features: {} };
    expect(decideGrant(role, "constructor", add)).toEqual({
      granted: false,
      rule: "feature-not-granted:constructor",
    });
  });
});

describe("checkScope", () => {
  const add = tool("notes_add", "write", { ticket: "ticketId" });

  it("passes the bound subject and refuses another, naming both", () => {
    const grant: FeatureGrant = { capabilities: ["write"], scope: { ticket: "bound" } };
    const bindings = { ticket: "T-1" };
    expect(checkScope({ grant, tool: add, input: { ticketId: "T-1" }, bindings })).toBeUndefined();
    expect(checkScope({ grant, tool: add, input: { ticketId: "T-2" }, bindings })).toEqual({
      dimension: "ticket",
      message: "Ticket 'T-2' is outside this agent's scope. It may only act on ticket 'T-1'.",
    });
  });

  it("refuses a bound constraint when the toolset is bound to nothing", () => {
    const grant: FeatureGrant = { capabilities: ["write"], scope: { ticket: "bound" } };
    expect(checkScope({ grant, tool: add, input: { ticketId: "T-1" }, bindings: {} })).toEqual({
      dimension: "ticket",
      message: "This agent is not bound to any ticket, and its role may only act on its bound ticket.",
    });
  });

  it("passes a listed subject and refuses another, listing the allowed ones", () => {
    const grant: FeatureGrant = { capabilities: ["write"], scope: { ticket: { oneOf: ["T-1", "T-2"] } } };
    expect(checkScope({ grant, tool: add, input: { ticketId: "T-2" }, bindings: {} })).toBeUndefined();
    expect(checkScope({ grant, tool: add, input: { ticketId: "T-9" }, bindings: {} })).toEqual({
      dimension: "ticket",
      message: "Ticket 'T-9' is outside this agent's scope. Allowed: 'T-1', 'T-2'.",
    });
  });

  it("passes anything when the grant has no scope", () => {
    expect(
      checkScope({ grant: { capabilities: ["write"] }, tool: add, input: { ticketId: "any" }, bindings: {} }),
    ).toBeUndefined();
  });
});
