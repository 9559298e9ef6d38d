import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  runPodkit,
  singleJson,
  stdoutJson,
} from "./run-podkit.js";

/** The example feature package, built by `pnpm build` (vitest's globalSetup runs it). */
const EXAMPLE_PACKAGE = fileURLToPath(new URL("../../examples/custom-feature", import.meta.url));
const EXAMPLE_ENTRY = join(EXAMPLE_PACKAGE, "dist", "index.js");
const CORE_PACKAGE = fileURLToPath(new URL("../../packages/core", import.meta.url));

/** Writes `podkit.config.yaml` naming these features. */
function configure(repository: string, features: readonly string[]): void {
  const list = features.map((feature) => `  - ${JSON.stringify(feature)}`).join("\n");
  writeFileSync(
    join(repository, "podkit.config.yaml"),
    `backend:\n  kind: file\n  root: .podkit/tickets\nfeatures:\n${list === "" ? "  []" : list}\n`,
  );
}

/** Writes a feature module into the repository; it imports `@podkit/core` as a runtime's code would. */
function writeModule(repository: string, name: string, source: string): void {
  writeFileSync(join(repository, name), source);
}

const CHECK = { message: "feat(cli): load features from the configuration" };

describe("features: in podkit.config.yaml", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  beforeAll(async () => {
    repository = await makeInitializedRepository();
    // The repository resolves `@podkit/core` and the example package as an installed project would.
    mkdirSync(join(repository, "node_modules", "@podkit-examples"), { recursive: true });
    mkdirSync(join(repository, "node_modules", "@podkit"), { recursive: true });
    symlinkSync(EXAMPLE_PACKAGE, join(repository, "node_modules", "@podkit-examples", "commit-conventions"));
    symlinkSync(CORE_PACKAGE, join(repository, "node_modules", "@podkit", "core"));
  }, CLI_TIMEOUT_MS);
  afterAll(() => rmSync(repository, { recursive: true, force: true }));

  const podkit = (args: string[]) => runPodkit(args, { cwd: repository });

  describe("a feature loaded by package name", () => {
    beforeAll(() => configure(repository, ["@podkit-examples/commit-conventions"]));

    it("adds its tools to the roles its grants name, beside the ticket tools", async () => {
      const coder = stdoutJson<{ name: string }[]>(
        await podkit(["tools", "--role", "coder", "--format", "json"]),
      );
      const names = coder.map((tool) => tool.name);
      expect(names).toEqual(expect.arrayContaining(["commit_message_check", "version_next", "ticket_show"]));
      const intake = stdoutJson<{ name: string }[]>(
        await podkit(["tools", "--role", "intake", "--format", "json"]),
      );
      expect(intake.map((tool) => tool.name)).not.toContain("commit_message_check");
    });

    it("answers podkit call, and refuses a role without the grant exactly like an unknown tool", async () => {
      const ok = await podkit([
        "call",
        "--role",
        "coder",
        "--tool",
        "commit_message_check",
        "--input",
        JSON.stringify(CHECK),
      ]);
      expect(singleJson(ok)).toEqual({
        ok: true,
        output: { valid: true, type: "feat", breaking: false, problems: [] },
      });
      const bump = await podkit([
        "call",
        "--role",
        "reviewer",
        "--tool",
        "version_next",
        "--input",
        JSON.stringify({ current: "1.4.2", messages: ["fix: a", "feat!: b"] }),
      ]);
      expect(singleJson(bump)).toEqual({ ok: true, output: { next: "2.0.0", bump: "major" } });
      const refused = await podkit([
        "call",
        "--role",
        "intake",
        "--tool",
        "commit_message_check",
        "--input",
        JSON.stringify(CHECK),
      ]);
      expect(refused.code).toBe(1);
      expect(singleJson(refused).error?.code).toBe("unknown_tool");
    });

    it("serves its tools over podkit mcp to the official MCP client", async () => {
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(process.env))
        if (value !== undefined && !name.startsWith("PODKIT_")) env[name] = value;
      const client = new Client({ name: "config-features-test", version: "1.0.0" });
      await client.connect(
        new StdioClientTransport({
          command: BIN,
          args: ["mcp", "--role", "coder"],
          cwd: repository,
          env,
          stderr: "pipe",
        }),
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.map((tool) => tool.name)).toContain("version_next");
        const result = await client.callTool({
          name: "version_next",
          arguments: { current: "0.3.1", messages: ["feat: a"] },
        });
        expect(result.isError).not.toBe(true);
        expect(result.structuredContent).toEqual({ next: "0.4.0", bump: "minor" });
      } finally {
        await client.close();
      }
    });
  });

  it("loads a path relative to the configuration file, and a module's named 'features' array", async () => {
    writeModule(
      repository,
      "release-features.mjs",
      `import { defineFeature, defineTool } from "@podkit/core";
import { z } from "zod";
const ping = defineTool({ name: "release_ping", description: "Answer pong.", capability: "read",
  input: z.object({}), output: z.object({ pong: z.boolean() }), execute: () => ({ pong: true }) });
export const features = [defineFeature({ id: "release-ping", version: "1.0.0", description: "Ping.", tools: [ping],
  roles: { human: { capabilities: ["read"] } } })];
`,
    );
    symlinkSync(
      fileURLToPath(new URL("../../node_modules/zod", import.meta.url)),
      join(repository, "node_modules", "zod"),
    );
    configure(repository, ["./release-features.mjs", EXAMPLE_ENTRY]);
    const run = await podkit(["call", "--role", "human", "--tool", "release_ping", "--input", "{}"]);
    expect(singleJson(run)).toEqual({ ok: true, output: { pong: true } });
  });

  describe("fails closed with exit 2, naming the entry, what was resolved and what was found", () => {
    const expectConfigError = async (features: string[], ...patterns: RegExp[]) => {
      configure(repository, features);
      const run = await podkit(["tools", "--role", "coder", "--format", "json"]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(join(repository, "podkit.config.yaml"));
      for (const pattern of patterns) expect(run.stderr).toMatch(pattern);
      return run;
    };

    it("a path that does not exist, with the path it resolved to", async () => {
      await expectConfigError(
        ["./missing/feature.js"],
        /features\[0\]: '.\/missing\/feature\.js' not found: no file at .*\/missing\/feature\.js/,
      );
    });

    it("a package that is not installed", async () => {
      await expectConfigError(
        ["@acme/not-installed"],
        /features\[0\]: package '@acme\/not-installed' not found from /,
      );
    });

    it("a module that exports something other than a feature", async () => {
      writeModule(repository, "number.mjs", "export default 42;\n");
      writeModule(repository, "other.mjs", "export const helper = () => 1;\n");
      writeModule(repository, "shape.mjs", "export const feature = { id: 'x', tools: 'none' };\n");
      await expectConfigError(["./number.mjs"], /its 'default' export is not a feature: found a number/);
      await expectConfigError(
        ["./other.mjs"],
        /has no default, 'feature' or 'features' export \(it exports 'helper'\)/,
      );
      await expectConfigError(["./shape.mjs"], /found an object without 'version', 'description', 'tools'/);
    });

    it("a module that fails to load", async () => {
      writeModule(repository, "broken.mjs", "export default {\n");
      await expectConfigError(
        ["./broken.mjs"],
        /features\[0\]: '.\/broken\.mjs' \(.*broken\.mjs\) failed to load: /,
      );
    });

    it("a TypeScript source instead of the compiled module, with what to name instead", async () => {
      // An enum is not erasable: no Node version imports this file, with or without type stripping.
      writeModule(repository, "source.ts", "enum Mode { A }\nexport default Mode;\n");
      await expectConfigError(
        ["./source.ts"],
        /features\[0\]: '.\/source\.ts' \(.*source\.ts\) failed to load: .*; features load as Node imports them: name the compiled JavaScript \(the \.js file tsc writes\), not the TypeScript source/,
      );
    });

    it("a tool name another feature already defines", async () => {
      writeModule(
        repository,
        "clash.mjs",
        `import { defineFeature, defineTool } from "@podkit/core";
import { z } from "zod";
export default defineFeature({ id: "clash", version: "1.0.0", description: "Clashes.", tools: [
  defineTool({ name: "ticket_show", description: "Shadows the ticket tool.", capability: "read",
    input: z.object({}), output: z.object({}), execute: () => ({}) })] });
`,
      );
      await expectConfigError(
        ["./clash.mjs"],
        /features: Tool name 'ticket_show' of feature 'clash' is already defined by feature 'ticket-lifecycle'/,
      );
    });

    it("a feature that requires one that is absent", async () => {
      writeModule(
        repository,
        "needy.mjs",
        `import { defineFeature } from "@podkit/core";
export default defineFeature({ id: "needy", version: "1.0.0", description: "Needs deploys.", tools: [], requires: ["deploys"] });
`,
      );
      await expectConfigError(["./needy.mjs"], /features: .*'needy'.*'deploys'/);
    });
  });
});
