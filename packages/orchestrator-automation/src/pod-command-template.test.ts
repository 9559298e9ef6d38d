import { describe, expect, it } from "vitest";
import {
  describeTemplateProblem,
  expandPodCommand,
  PodCommandTemplateError,
  unknownPlaceholders,
} from "./pod-command-template.js";

const VALUES = {
  promptFile: "/run/T-1-t3-coder-1.prompt.md",
  mcpConfig: "/run/T-1-t3-coder-1.mcp.json",
  ticketId: "T-1",
  worktree: "/wt/T-1-t3",
  branch: "podkit/T-1-t3",
  role: "coder",
};

describe("Pod command templates", () => {
  it("fills every placeholder inside argv elements, each element staying one argument", () => {
    expect(
      expandPodCommand(
        [
          "agent",
          "--prompt-file",
          "{promptFile}",
          "--mcp-config={mcpConfig}",
          "{role} on {ticketId}",
          "{worktree}",
          "{branch}",
        ],
        VALUES,
      ),
    ).toEqual([
      "agent",
      "--prompt-file",
      VALUES.promptFile,
      `--mcp-config=${VALUES.mcpConfig}`,
      "coder on T-1",
      VALUES.worktree,
      VALUES.branch,
    ]);
    // A value with spaces or shell syntax is data: no splitting, no substitution.
    expect(expandPodCommand(["x", "{worktree}"], { ...VALUES, worktree: "/a b/$(rm -rf ~)" })).toEqual([
      "x",
      "/a b/$(rm -rf ~)",
    ]);
  });

  it("leaves braces that are not placeholders alone and names the unknown ones", () => {
    expect(unknownPlaceholders(["sh", "-c", "echo {} { ticketId }"])).toEqual([]);
    expect(unknownPlaceholders(["a", "{prompt}", "{prompt}", "{Ticket}"])).toEqual(["prompt", "Ticket"]);
    expect(describeTemplateProblem(["a", "{ticketId}"])).toBeUndefined();
    expect(describeTemplateProblem(["a", "{prompt}"])).toBe(
      "unknown placeholder {prompt}; a Pod command may use {promptFile}, {mcpConfig}, {ticketId}, {worktree}, {branch}, {role}",
    );
    expect(() => expandPodCommand(["a", "{prompt}"], VALUES)).toThrow(
      expect.toSatisfy(
        (error) => PodCommandTemplateError.isInstance(error) && error.code === "invalid_pod_command",
      ),
    );
  });
});
