import { describe, expect, it } from "vitest";
import { PodkitError } from "./errors.js";
import type { AnyFeature } from "./feature.js";
import { RoleCatalog } from "./role-catalog.js";
import { BUILT_IN_ROLES } from "./role-profile.js";

function feature(id: string, roles: AnyFeature["roles"]): AnyFeature {
  return { id, version: "1.0.0", description: `The ${id} feature.`, tools: [], ...(roles ? { roles } : {}) };
}

function podkitError(action: () => unknown): PodkitError {
  try {
    action();
  } catch (error) {
    if (PodkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a PodkitError, but nothing was thrown");
}

const notes = feature("notes", {
  coder: { capabilities: ["read", "write"], scope: { ticket: "bound" } },
  reviewer: { capabilities: ["read"] },
});
const tickets = feature("tickets", {
  orchestrator: { capabilities: ["read", "orchestrate"] },
  coder: { capabilities: ["read"], denyTools: ["tickets_delete"] },
});

describe("RoleCatalog.fromFeatures", () => {
  it("defines every built-in role, granting what each feature ships for it", () => {
    const catalog = RoleCatalog.fromFeatures([notes, tickets]);
    expect(catalog.roles()).toEqual([...BUILT_IN_ROLES]);
    expect(catalog.resolve("coder").features).toEqual({
      notes: { capabilities: ["read", "write"], scope: { ticket: "bound" } },
      tickets: { capabilities: ["read"], denyTools: ["tickets_delete"] },
    });
    expect(catalog.resolve("orchestrator").features).toEqual({
      tickets: { capabilities: ["read", "orchestrate"] },
    });
    expect(catalog.resolve("human").features).toEqual({});
  });
});

describe("RoleCatalog.resolve", () => {
  it("merges extends: capabilities and deny lists add up, allow lists and scope entries override", () => {
    const catalog = new RoleCatalog()
      .define({
        role: "base",
        features: {
          notes: {
            capabilities: ["read"],
            allowTools: ["notes_list", "notes_get"],
            denyTools: ["notes_purge"],
            scope: { ticket: "bound", repo: { oneOf: ["web"] } },
          },
          tickets: { capabilities: ["read"] },
        },
      })
      .define({
        role: "child",
        extends: "base",
        description: "The child role.",
        features: {
          notes: {
            capabilities: ["write", "read"],
            allowTools: ["notes_add"],
            denyTools: ["notes_delete"],
            scope: { repo: { oneOf: ["api"] } },
          },
          docs: { capabilities: ["read"] },
        },
      });
    const resolved = catalog.resolve("child");
    expect(resolved.role).toBe("child");
    expect(resolved.description).toBe("The child role.");
    expect(resolved.lineage).toEqual(["child", "base"]);
    expect(resolved.features).toEqual({
      notes: {
        capabilities: ["read", "write"],
        allowTools: ["notes_add"],
        denyTools: ["notes_purge", "notes_delete"],
        scope: { ticket: "bound", repo: { oneOf: ["api"] } },
      },
      tickets: { capabilities: ["read"] },
      docs: { capabilities: ["read"] },
    });
  });

  it("keeps the parent's allow list when the child names none", () => {
    const catalog = new RoleCatalog()
      .define({ role: "base", features: { notes: { capabilities: ["read"], allowTools: ["notes_list"] } } })
      .define({ role: "child", extends: "base", features: { notes: { capabilities: ["write"] } } });
    expect(catalog.resolve("child").features.notes?.allowTools).toEqual(["notes_list"]);
  });

  it("resolves a chain of extends through every ancestor", () => {
    const catalog = new RoleCatalog()
      .define({ role: "a", features: { notes: { capabilities: ["read"] } } })
      .define({ role: "b", extends: "a", features: { notes: { capabilities: ["write"] } } })
      .define({ role: "c", extends: "b", features: { notes: { capabilities: ["delete"] } } });
    const resolved = catalog.resolve("c");
    expect(resolved.lineage).toEqual(["c", "b", "a"]);
    expect(resolved.features.notes?.capabilities).toEqual(["read", "write", "delete"]);
  });

  it("builds a profile that extends its own name on the one it replaces", () => {
    const catalog = RoleCatalog.fromFeatures([notes]);
    catalog.define({
      role: "coder",
      extends: "coder",
      features: { notes: { capabilities: ["delete"], denyTools: ["notes_purge"] } },
    });
    const resolved = catalog.resolve("coder");
    expect(resolved.features.notes).toEqual({
      capabilities: ["read", "write", "delete"],
      denyTools: ["notes_purge"],
      scope: { ticket: "bound" },
    });
    expect(resolved.lineage).toEqual(["coder"]);
    expect(catalog.roles().filter((role) => role === "coder")).toEqual(["coder"]);
  });

  it("extends its own name again on top of an earlier in-place extension", () => {
    const catalog = new RoleCatalog()
      .define({ role: "coder", features: { notes: { capabilities: ["read"] } } })
      .define({ role: "coder", extends: "coder", features: { notes: { capabilities: ["write"] } } })
      .define({ role: "coder", extends: "coder", features: { notes: { capabilities: ["delete"] } } });
    expect(catalog.resolve("coder").features.notes?.capabilities).toEqual(["read", "write", "delete"]);
    expect(catalog.roles()).toEqual(["coder"]);
  });

  it("replaces a profile of the same name that does not extend itself", () => {
    const catalog = RoleCatalog.fromFeatures([notes]);
    catalog.define({ role: "coder", features: { notes: { capabilities: ["read"] } } });
    expect(catalog.resolve("coder").features).toEqual({ notes: { capabilities: ["read"] } });
  });

  it("reports an unknown role with the known roles", () => {
    const catalog = new RoleCatalog().define({ role: "coder", features: {} }).define({
      role: "reviewer",
      features: {},
    });
    const error = podkitError(() => catalog.resolve("janitor"));
    expect(error.code).toBe("unknown_role");
    expect(error.message).toBe("Unknown role 'janitor'. Known roles: 'coder', 'reviewer'.");
  });

  it("reports an unknown parent with the role that extends it", () => {
    const catalog = new RoleCatalog().define({ role: "coder", extends: "ghost", features: {} });
    const error = podkitError(() => catalog.resolve("coder"));
    expect(error.code).toBe("unknown_role");
    expect(error.message).toBe("Unknown role 'ghost' (extended by 'coder'). Known roles: 'coder'.");
  });

  it("reports a cycle of extends, spelling it out", () => {
    const catalog = new RoleCatalog()
      .define({ role: "a", extends: "b", features: {} })
      .define({ role: "b", extends: "c", features: {} })
      .define({ role: "c", extends: "a", features: {} });
    const error = podkitError(() => catalog.resolve("a"));
    expect(error.code).toBe("invalid_role_profile");
    expect(error.message).toBe("Role profiles extend each other in a cycle: 'a' -> 'b' -> 'c' -> 'a'.");
  });

  it("reports a new profile that extends its own name as a cycle", () => {
    const catalog = new RoleCatalog().define({ role: "solo", extends: "solo", features: {} });
    const error = podkitError(() => catalog.resolve("solo"));
    expect(error.code).toBe("invalid_role_profile");
    expect(error.message).toContain("'solo' -> 'solo'");
  });

  it("refuses a role or feature named after an Object.prototype member rather than inheriting it", () => {
    const catalog = new RoleCatalog().define({ role: "base", features: {} });
    for (const name of ["constructor", "prototype", "__proto__"]) {
      expect(() =>
        catalog.define({ role: "child", extends: "base", features: { [name]: { capabilities: ["read"] } } }),
      ).toThrow(`'${name}' is a reserved name`);
      expect(() => catalog.define({ role: name, features: {} })).toThrow(`'${name}' is a reserved name`);
    }
    expect(catalog.has("child")).toBe(false);
  });

  it("keeps raw profiles as defined", () => {
    const profile = { role: "coder", extends: "base", features: {} };
    const catalog = new RoleCatalog().define(profile);
    expect(catalog.raw("coder")).toBe(profile);
    expect(catalog.has("coder")).toBe(true);
    expect(catalog.has("janitor")).toBe(false);
  });
});
