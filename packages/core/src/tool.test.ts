import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RegistrationError } from "./errors.js";
import { defineTool, TOOL_NAME_PATTERN, toolCapabilities } from "./tool.js";

function toolNamed(name: string) {
  return defineTool({
    name,
    description: "Does nothing.",
    capability: "read",
    input: z.object({}),
    output: z.object({}),
    execute: () => ({}),
  });
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

describe("defineTool", () => {
  it("returns the tool it was given", () => {
    const tool = toolNamed("notes_list");
    expect(tool.name).toBe("notes_list");
    expect(tool.capability).toBe("read");
  });

  it.each([
    ["a single letter", "a"],
    ["letters, digits, '_' and '-'", "Notes_add-2"],
    ["64 characters", `a${"b".repeat(63)}`],
  ])("accepts a name of %s", (_case, name) => {
    expect(toolNamed(name).name).toBe(name);
  });

  it.each([
    ["65 characters", `a${"b".repeat(64)}`],
    ["a leading digit", "1notes"],
    ["a leading underscore", "_notes"],
    ["a space", "notes add"],
    ["a dot", "notes.add"],
    ["a non-ASCII letter", "notes_café"],
    ["an emoji", "notes_🙂"],
    ["a trailing newline", "notes\n"],
    ["no characters", ""],
  ])("rejects a name with %s, naming it and the rule", (_case, name) => {
    const error = registrationError(() => toolNamed(name));
    expect(error.code).toBe("invalid_tool_name");
    expect(error.message).toContain(`Invalid tool name '${name}'`);
    expect(error.message).toContain(String(TOOL_NAME_PATTERN));
  });

  it("rejects a tool without a description", () => {
    const error = registrationError(() =>
      defineTool({
        name: "silent",
        description: "  ",
        capability: "read",
        input: z.object({}),
        output: z.object({}),
        execute: () => ({}),
      }),
    );
    expect(error.code).toBe("invalid_tool");
    expect(error.message).toBe(
      "Tool 'silent' has no description. Give it one sentence that tells a model when to call it.",
    );
  });

  it.each([
    ["an empty capability", ""],
    ["an empty capability list", []],
    ["an empty name in the list", ["read", ""]],
  ])("rejects %s", (_case, capability) => {
    const error = registrationError(() =>
      defineTool({
        name: "vague",
        description: "Needs some authority.",
        capability: capability as string,
        input: z.object({}),
        output: z.object({}),
        execute: () => ({}),
      }),
    );
    expect(error.code).toBe("invalid_tool");
    expect(error.message).toContain("Tool 'vague' has no capability");
  });
});

describe("toolCapabilities", () => {
  it("lists one capability or several", () => {
    expect(toolCapabilities({ capability: "read" })).toEqual(["read"]);
    expect(toolCapabilities({ capability: ["read", "write"] })).toEqual(["read", "write"]);
  });
});
