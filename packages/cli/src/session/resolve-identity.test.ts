import { podEnvironment } from "@podkit/orchestrator-automation";
import { describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { resolveIdentity } from "./resolve-identity.js";

const ENV = {
  PODKIT_ROLE: "coder",
  PODKIT_AGENT_ID: "coder-7",
  PODKIT_TICKET_ID: "T-3",
  PODKIT_LEASE_TOKEN: "12",
};

describe("resolveIdentity", () => {
  it("takes role, agent, ticket and lease token from the environment", () => {
    expect(resolveIdentity({}, ENV, { withLeaseToken: true })).toEqual({
      role: "coder",
      roleSource: "env",
      agentId: "coder-7",
      bindings: { ticket: "T-3" },
      leaseToken: 12,
    });
  });

  it("reads a Pod's identity from the environment the orchestrator launches it with", () => {
    const env = podEnvironment({
      role: "reviewer",
      ticketId: "T-4",
      podId: "T-4-t9-reviewer-2",
      token: 9,
      baseBranch: "main",
    });
    expect(resolveIdentity({}, env, { withLeaseToken: true })).toEqual({
      role: "reviewer",
      roleSource: "env",
      agentId: "T-4-t9-reviewer-2",
      // The Pod's toolset is bound to the attempt it was launched for, so its review counts for it.
      podId: "T-4-t9-reviewer-2",
      bindings: { ticket: "T-4", attempt: "9" },
      leaseToken: 9,
    });
  });

  it("lets flags win over the environment", () => {
    const identity = resolveIdentity(
      { role: "reviewer", agent: "rev-1", ticket: "T-9", leaseToken: "30" },
      ENV,
      { withLeaseToken: true },
    );
    expect(identity).toEqual({
      role: "reviewer",
      roleSource: "flag",
      agentId: "rev-1",
      bindings: { ticket: "T-9" },
      leaseToken: 30,
    });
  });

  it("falls back to the command's default role, and otherwise requires one", () => {
    expect(resolveIdentity({}, {}, { defaultRole: "human" })).toMatchObject({
      role: "human",
      roleSource: "default",
      bindings: {},
    });
    expect(() => resolveIdentity({}, { PODKIT_ROLE: "" })).toThrow(expect.toSatisfy(CliError.isInstance));
    expect(() => resolveIdentity({}, {})).toThrow("pass --role ROLE or set PODKIT_ROLE.");
    expect(() => resolveIdentity({}, {}, { knownRoles: ["coder", "human"] })).toThrow(
      "A role is required: pass --role ROLE or set PODKIT_ROLE. Known roles: 'coder', 'human'.",
    );
  });

  it("binds a Pod's toolset to the attempt its launcher named: PODKIT_POD_ID with PODKIT_LEASE_TOKEN", () => {
    const pod = { ...ENV, PODKIT_POD_ID: "T-3-t12-reviewer-1" };
    expect(resolveIdentity({}, pod)).toMatchObject({
      podId: "T-3-t12-reviewer-1",
      bindings: { ticket: "T-3", attempt: "12" },
    });
    // A flag naming another ticket is not the Pod's attempt; outside a Pod there is no attempt.
    expect(resolveIdentity({ ticket: "T-9" }, pod).bindings).toEqual({ ticket: "T-9" });
    expect(resolveIdentity({}, ENV).bindings).toEqual({ ticket: "T-3" });
    expect(() => resolveIdentity({}, { ...pod, PODKIT_LEASE_TOKEN: "soon" })).toThrow(
      "PODKIT_LEASE_TOKEN must be a positive integer",
    );
  });

  it("reads the lease token only when the command uses it, and refuses one that is not a positive integer", () => {
    expect(resolveIdentity({}, { ...ENV, PODKIT_LEASE_TOKEN: "soon" })).not.toHaveProperty("leaseToken");
    expect(() =>
      resolveIdentity({}, { ...ENV, PODKIT_LEASE_TOKEN: "soon" }, { withLeaseToken: true }),
    ).toThrow("PODKIT_LEASE_TOKEN must be a positive integer");
    expect(() => resolveIdentity({ leaseToken: "0" }, ENV, { withLeaseToken: true })).toThrow(
      "--lease-token",
    );
  });
});
