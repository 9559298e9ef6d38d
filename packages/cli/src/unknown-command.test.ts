import { describe, expect, it } from "vitest";
import type { CliContext } from "./cli-context.js";
import { COMMANDS } from "./command-table.js";
import { unknownCommandMessage } from "./unknown-command.js";

const context: CliContext = {
  cwd: ".",
  env: {},
  stdin: process.stdin,
  stdout: { write: () => true },
  stderr: { write: () => true },
  exitCode: 0,
};

describe("unknownCommandMessage", () => {
  it("names the command one level down and lists every top-level command", () => {
    expect(unknownCommandMessage("doctor")).toBe(
      "error: unknown command 'doctor'. Did you mean 'podkit ticket doctor'? Commands: init, ticket, tools, mcp, call, agent, serve, token, orchestrate, worktrees.",
    );
    expect(unknownCommandMessage("create")).toContain(
      "Did you mean 'podkit ticket create' or 'podkit token create'?",
    );
    expect(unknownCommandMessage("teleport")).toBe(
      "error: unknown command 'teleport'. Commands: init, ticket, tools, mcp, call, agent, serve, token, orchestrate, worktrees.",
    );
  });

  // Loads every command's module from source: seconds on a busy machine; the ceiling only bounds a hang.
  it("knows each command's own commands exactly as the loaded commands define them", {
    timeout: 120_000,
  }, async () => {
    for (const entry of COMMANDS) {
      const command = (await entry.load())(context);
      expect(entry.subcommands ?? [], entry.name).toEqual(command.commands.map((child) => child.name()));
    }
  });
});
