import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { CliError } from "../../packages/cli/src/cli-error.js";
import { PodkitConfigError } from "../../packages/cli/src/index.js";
import * as core from "../../packages/core/src/index.js";
import { PodAlreadyLaunchedError, WorktreeError } from "../../packages/orchestrator-automation/src/index.js";
import { TicketError } from "../../packages/ticket-lifecycle/src/index.js";

type Core = typeof core;

const CORE_PACKAGE = fileURLToPath(new URL("../../packages/core/", import.meta.url));

/**
 * A second, separately loaded `@podkit/core`: the package's sources copied to a temp directory
 * (its dependencies linked, not copied), imported from there. Its classes are not the first
 * copy's classes, exactly as in a host that ends up with two installed copies.
 */
function loadSecondCopy(directory: string): Promise<Core> {
  const copy = join(directory, "core");
  cpSync(join(CORE_PACKAGE, "src"), join(copy, "src"), { recursive: true });
  cpSync(join(CORE_PACKAGE, "package.json"), join(copy, "package.json"));
  symlinkSync(join(CORE_PACKAGE, "node_modules"), join(copy, "node_modules"), "dir");
  return import(pathToFileURL(join(copy, "src", "index.ts")).href) as Promise<Core>;
}

/** A ticket-lifecycle-like refusal built on the given copy's `ToolError`, with a brand of its own. */
function refusalClassOn(copy: Core) {
  return class LeaseRefusal extends copy.ToolError {
    static override readonly isInstance = copy.brandGuard<LeaseRefusal>("podkit.test.lease-refusal");
  };
}

/** A feature, defined with `copy`, whose tools throw whatever `throwers` throw. */
function throwingFeature(copy: Core, throwers: Record<string, () => unknown>) {
  return copy.defineFeature({
    id: "throwing",
    version: "1.0.0",
    description: "Tools that refuse with errors made elsewhere.",
    tools: Object.entries(throwers).map(([name, thrower]) =>
      copy.defineTool({
        name,
        description: "Throws.",
        capability: "read",
        input: z.object({}),
        output: z.object({}),
        execute: () => {
          throw thrower();
        },
      }),
    ),
    roles: { coder: { capabilities: ["read"] } },
  });
}

async function codesOf(copy: Core, throwers: Record<string, () => unknown>) {
  const podkit = await copy.createPodkit({ features: [throwingFeature(copy, throwers)] });
  try {
    const toolset = podkit.toolset({ role: "coder", agentId: "coder-1" });
    const codes: Record<string, string | undefined> = {};
    for (const name of Object.keys(throwers)) {
      const result = await toolset.call(name, {});
      codes[name] = result.ok ? undefined : result.error.code;
    }
    return codes;
  } finally {
    await podkit.dispose();
  }
}

describe("two copies of @podkit/core in one process", () => {
  let directory: string;
  let second: Core;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "podkit-two-cores-"));
    second = await loadSecondCopy(directory);
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("really are two copies: their classes differ and instanceof fails across them", () => {
    expect(second.ToolError).not.toBe(core.ToolError);
    expect(new second.ToolError("conflict", "x") instanceof core.ToolError).toBe(false);
    expect(new core.ToolError("conflict", "x") instanceof second.ToolError).toBe(false);
  });

  it("agree on isInstance for every core error class, both ways", () => {
    const made = (copy: Core) => ({
      PodkitError: new copy.PodkitError("some_code", "x"),
      RegistrationError: new copy.RegistrationError("duplicate_feature", "x"),
      RoleConfigError: new copy.RoleConfigError("roles.yaml", [{ path: "roles", message: "x" }]),
      ToolError: new copy.ToolError("conflict", "x"),
      ToolRefusedError: new copy.ToolRefusedError("ticket_accept", { code: "conflict", message: "x" }),
    });
    const classes = [
      "PodkitError",
      "RegistrationError",
      "RoleConfigError",
      "ToolError",
      "ToolRefusedError",
    ] as const;
    for (const [checker, maker] of [
      [core, second],
      [second, core],
    ] as const) {
      const errors = made(maker);
      for (const checking of classes) {
        for (const thrown of classes) {
          const expected = checking === thrown || checking === "PodkitError";
          expect(checker[checking].isInstance(errors[thrown]), `${checking}.isInstance(${thrown})`).toBe(
            expected,
          );
        }
      }
    }
  });

  it("recognise the other packages' errors as podkit errors, whichever copy asks", () => {
    const errors = [
      new TicketError("lease_lost", "x"),
      new WorktreeError("x"),
      new PodAlreadyLaunchedError("x"),
      new CliError("usage", "x", { exitCode: 2 }),
      new PodkitConfigError("podkit.config.yaml", [{ path: "", message: "x" }]),
    ];
    for (const error of errors) {
      expect(second.PodkitError.isInstance(error), error.name).toBe(true);
      expect(second.ToolError.isInstance(error), error.name).toBe(error.name === "TicketError");
    }
    expect(TicketError.isInstance(new (refusalClassOn(second))("lease_lost", "x"))).toBe(false);
    expect(WorktreeError.isInstance(new PodAlreadyLaunchedError("x"))).toBe(false);
  });

  it("a toolset returns the refusal's code for the other copy's refusals, not internal", async () => {
    const SecondCopyRefusal = refusalClassOn(second);
    const FirstCopyRefusal = refusalClassOn(core);
    expect(
      await codesOf(second, {
        first_copy_tool_error: () => new core.ToolError("conflict", "Another orchestrator won."),
        ticket_error: () => new TicketError("lease_lost", "The lease moved on.", { ticketId: "T-1" }),
        first_copy_subclass: () => new FirstCopyRefusal("precondition_failed", "Not queued."),
        plain_error: () => new Error("a bug"),
      }),
    ).toEqual({
      first_copy_tool_error: "conflict",
      ticket_error: "lease_lost",
      first_copy_subclass: "precondition_failed",
      plain_error: "internal",
    });
    expect(
      await codesOf(core, {
        second_copy_tool_error: () => new second.ToolError("not_found", "No ticket 'T-9'."),
        second_copy_subclass: () => new SecondCopyRefusal("lease_lost", "Stale token."),
        second_copy_registration: () => new second.RegistrationError("invalid_tool", "Not a refusal."),
      }),
    ).toEqual({
      second_copy_tool_error: "not_found",
      second_copy_subclass: "lease_lost",
      second_copy_registration: "internal",
    });
  });
});
