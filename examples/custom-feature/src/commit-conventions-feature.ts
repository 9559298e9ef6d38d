import { defineFeature, defineTool, ToolError } from "@podkit/core";
import { z } from "zod";
import { type ConventionalCommit, nextVersion, parseCommitMessage } from "./conventional-commit.js";

const commitMessageCheck = defineTool({
  name: "commit_message_check",
  description: "Check a commit message against Conventional Commits before committing; lists what to fix.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({ message: z.string().min(1).max(10_000).describe("The whole commit message.") }),
  output: z.object({
    valid: z.boolean().describe("Whether the message follows Conventional Commits."),
    type: z.string().optional().describe("The change kind, when the message is valid."),
    breaking: z.boolean().optional().describe("Whether it announces a breaking change."),
    problems: z.array(z.string()).describe("What to fix; empty when valid."),
  }),
  execute: ({ message }) => {
    const parsed = parseCommitMessage(message);
    if (!parsed.ok) return { valid: false, problems: parsed.problems };
    return { valid: true, type: parsed.commit.type, breaking: parsed.commit.breaking, problems: [] };
  },
});

const versionNext = defineTool({
  name: "version_next",
  description: "Compute the next semantic version from the current one and the commit messages since it.",
  capability: "read",
  hints: { readOnly: true, idempotent: true },
  input: z.object({
    current: z.string().describe("The current version, MAJOR.MINOR.PATCH."),
    messages: z.array(z.string().min(1)).min(1).max(500).describe("Commit messages since that version."),
  }),
  output: z.object({
    next: z.string().describe("The next version."),
    bump: z.enum(["major", "minor", "patch"]).describe("Which part changed."),
  }),
  execute: ({ current, messages }) => {
    const commits: ConventionalCommit[] = [];
    for (const [index, message] of messages.entries()) {
      const parsed = parseCommitMessage(message);
      if (!parsed.ok)
        throw new ToolError(
          "invalid_input",
          `messages[${index}] is not a Conventional Commit: ${parsed.problems.join("; ")}.`,
        );
      commits.push(parsed.commit);
    }
    if (!/^\d+\.\d+\.\d+$/.test(current))
      throw new ToolError(
        "invalid_input",
        `'${current}' is not a version of the form MAJOR.MINOR.PATCH (e.g. 1.4.2).`,
      );
    const next = nextVersion(current, commits);
    const [major, minor] = current.split(".");
    const [nextMajor, nextMinor] = next.split(".");
    const bump: "major" | "minor" | "patch" =
      nextMajor !== major ? "major" : nextMinor !== minor ? "minor" : "patch";
    return { next, bump };
  },
});

/** The feature: coders and reviewers may use both tools; other roles get nothing by default. */
export const commitConventions = defineFeature({
  id: "commit-conventions",
  version: "0.1.0",
  description: "Conventional Commits checks and semantic version bumps for coding agents.",
  tools: [commitMessageCheck, versionNext],
  roles: {
    coder: { capabilities: ["read"] },
    reviewer: { capabilities: ["read"] },
  },
});
