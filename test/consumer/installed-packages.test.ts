import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PackedPackage, packAll, REPOSITORY, run } from "./packed-packages.js";

/** Installing from the registry on a busy machine can take a few minutes; this bounds a hang. */
const INSTALL_TIMEOUT_MS = 600_000;
const STEP_TIMEOUT_MS = 240_000;

/** The README's "In 20 lines" example, exactly as a newcomer would copy it. */
function readmeExample(): string {
  const readme = readFileSync(join(REPOSITORY, "README.md"), "utf8");
  const section = readme.indexOf("## In 20 lines");
  const start = readme.indexOf("```ts\n", section);
  const end = readme.indexOf("```", start + 6);
  if (section < 0 || start < 0 || end < 0) throw new Error("README.md has no '## In 20 lines' ts block");
  return readme.slice(start + 6, end);
}

/** The CLI README's quick start (the second `sh` block under its "## Install"), exactly as written. */
function cliQuickStart(): string {
  const readme = readFileSync(join(REPOSITORY, "packages", "cli", "README.md"), "utf8");
  const section = readme.indexOf("## Install");
  const start = readme.indexOf("```sh\n", readme.indexOf("```sh\n", section) + 1);
  const end = readme.indexOf("```", start + 6);
  if (section < 0 || start < 0 || end < 0)
    throw new Error("packages/cli/README.md has no quick start sh block");
  return readme.slice(start + 6, end);
}

/**
 * What the package READMEs' code blocks take as given rather than import: a `Podkit`, a log
 * stream, a model provider's client and call, the MCP SDK's HTTP transport.
 */
const README_GIVENS = `declare const podkit: import("@podkit/core").Podkit;
declare const log: NodeJS.WritableStream;
declare const openai: any, model: any, messages: any[], input: any, stopWhen: any, toolUseBlock: any;
declare const generateText: any;
declare const StreamableHTTPClientTransport: typeof import("@modelcontextprotocol/sdk/client/streamableHttp.js").StreamableHTTPClientTransport;
`;

/** Each \`\`\`ts block of an installed package's README as its own module, for TypeScript. */
function readmeBlocks(project: string, name: string): { file: string; code: string }[] {
  const readme = readFileSync(join(project, "node_modules", name, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
    file: `readme-blocks/${name.replace(/^@podkit\//, "")}-${index}.ts`,
    code: `export {};\n${match[1]}`,
  }));
}

/** Environment for the installed bin: no PODKIT_* of the test runner's own. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !name.startsWith("PODKIT_") && !name.startsWith("npm_")) env[name] = value;
  return env;
}

/**
 * podkit as a user outside this monorepo gets it: every package built, packed with pnpm and
 * installed with npm from the tarballs into a fresh project (third-party packages from the
 * registry), then used with plain Node, TypeScript 5, the installed bin and the MCP SDK client.
 */
describe("podkit installed from its packed tarballs", { timeout: STEP_TIMEOUT_MS }, () => {
  let project: string;
  let packed: PackedPackage[];
  const podkit = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [join(project, "node_modules", "podkit", "bin", "podkit.js"), ...args], {
      cwd: project,
      env: { ...cleanEnv(), ...env },
    });
  /** A credential from the installed bin: `podkit init` writes `auth: required`, so agents need one. */
  const createToken = async (args: string[]) => (await podkit(["token", "create", ...args])).stdout.trim();

  beforeAll(async () => {
    project = realpathSync(mkdtempSync(join(tmpdir(), "podkit-consumer-")));
    const tarballs = join(project, "tarballs");
    mkdirSync(tarballs);
    packed = await packAll(tarballs);
    const files = Object.fromEntries(packed.map(({ name, tarball }) => [name, `file:${tarball}`]));
    const manifest = {
      name: "podkit-consumer",
      private: true,
      type: "module",
      dependencies: { ...files, zod: "4.6.7" },
      devDependencies: {
        typescript: "5.9.3",
        "@types/node": "20.19.43",
        publint: "0.3.25",
        "@arethetypeswrong/cli": "0.18.5",
      },
      // The tarballs depend on each other by version; these make npm take them from the tarballs.
      overrides: files,
    };
    writeFileSync(join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: project,
      env: cleanEnv(),
    });
    await run("git", ["init", "--quiet", project], { cwd: project });
  }, INSTALL_TIMEOUT_MS);

  afterAll(() => {
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  }, STEP_TIMEOUT_MS);

  it("ships dist/, README, LICENSE and package.json only", async () => {
    for (const { name, tarball } of packed) {
      const { stdout } = await run("tar", ["tzf", tarball], { cwd: project });
      const entries = stdout.trim().split("\n");
      const outside = entries.filter(
        (entry) => !/^package\/(dist\/|bin\/|README\.md$|LICENSE$|package\.json$)/.test(entry),
      );
      expect(outside, name).toEqual([]);
      expect(entries, name).toEqual(expect.arrayContaining(["package/LICENSE", "package/README.md"]));
      expect(
        entries.filter((entry) => /\.test\.|fixtures\/|\.tsbuildinfo$/.test(entry)),
        name,
      ).toEqual([]);
    }
  });

  it("runs the README's 'In 20 lines' example with plain node", async () => {
    writeFileSync(join(project, "example.mjs"), readmeExample());
    const { stdout } = await run(process.execPath, ["example.mjs"], { cwd: project, env: cleanEnv() });
    expect(stdout).toContain("{ ok: true, output: { text: 'Hello, Ada!' } }");
    expect(stdout).toContain("code: 'invalid_input'");
    expect(stdout).toMatch(/type: 'function',\s+function: \{\s+name: 'greet'/);
  });

  it("type-checks the example, every package README's ts blocks and every entry point with TypeScript 5 (strict, skipLibCheck false)", async () => {
    writeFileSync(join(project, "example.ts"), readmeExample());
    mkdirSync(join(project, "readme-blocks"), { recursive: true });
    writeFileSync(join(project, "readme-blocks", "givens.d.ts"), README_GIVENS);
    const blocks = packed.flatMap(({ name }) => readmeBlocks(project, name));
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    for (const { file, code } of blocks) writeFileSync(join(project, file), code);
    const entries = packed.flatMap(({ name }) => {
      const manifest = JSON.parse(
        readFileSync(join(project, "node_modules", name, "package.json"), "utf8"),
      ) as { exports: Record<string, unknown> };
      return Object.keys(manifest.exports)
        .filter((subpath) => subpath !== "./package.json")
        .map((subpath) => `${name}${subpath.slice(1)}`);
    });
    writeFileSync(
      join(project, "entry-points.ts"),
      entries.map((entry, index) => `export type * as Entry${index} from "${entry}";`).join("\n"),
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          types: ["node"],
        },
        files: [
          "example.ts",
          "entry-points.ts",
          "readme-blocks/givens.d.ts",
          ...blocks.map(({ file }) => file),
        ],
      }),
    );
    const tsc = join(project, "node_modules", "typescript", "bin", "tsc");
    const { stdout } = await run(process.execPath, [tsc, "--version"], { cwd: project });
    expect(stdout).toMatch(/^Version 5\./);
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project });
  });

  it("runs the installed bin: --version, init, tools --role coder", async () => {
    const version = (await podkit(["--version"])).stdout.trim();
    expect(version).toBe(
      (JSON.parse(readFileSync(join(REPOSITORY, "packages/cli/package.json"), "utf8")) as { version: string })
        .version,
    );
    expect((await podkit(["init"])).stdout).toContain("Created podkit.config.yaml");
    const tools = (await podkit(["tools", "--role", "coder"])).stdout;
    expect(tools).toMatch(/^ticket_show +read/m);
    expect(tools).not.toContain("ticket_queue");
  });

  it("runs the CLI README's quick start literally with npx, under the auth: required that init writes", async () => {
    const repository = join(project, "quick-start");
    mkdirSync(repository);
    await run("git", ["init", "--quiet"], { cwd: repository });
    const { stdout } = await run("bash", ["-e", "-c", cliQuickStart()], { cwd: repository, env: cleanEnv() });
    expect(readFileSync(join(repository, "podkit.config.yaml"), "utf8")).toMatch(/^auth: required$/m);
    // Run through npx, init's next steps say npx too: they can be copied as they are.
    expect(stdout).toContain('Next: npx podkit ticket create "Your first ticket"');
    expect(stdout).toContain(
      '{"ok":true,"output":{"ticket":{"id":"T-1","title":"Add retries","state":"ready"',
    );
    expect(stdout).toMatch(/^ {2}state +queued$/m);
    expect(stdout).toMatch(/intake\/intake-1 +intake_summary +planning → ready/);
    expect(stdout).toMatch(/"name": "ticket_show"/);
  });

  it("serves podkit mcp --role coder to the official MCP client, as the ticket-bound coder its token names", async () => {
    await podkit(["ticket", "create", "Installed from tarballs"]);
    const token = await createToken(["--role", "coder", "--agent", "coder-1", "--ticket", "T-1"]);
    const client = new Client({ name: "consumer-test", version: "1.0.0" });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [join(project, "node_modules", "podkit", "bin", "podkit.js"), "mcp", "--role", "coder"],
        cwd: project,
        env: { ...cleanEnv(), PODKIT_TOKEN: token } as Record<string, string>,
        stderr: "pipe",
      }),
    );
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain("ticket_show");
      expect(names).not.toContain("ticket_queue");
      const result = await client.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } });
      expect(result.isError, JSON.stringify(result.content)).not.toBe(true);
      expect(result.structuredContent).toMatchObject({
        ticket: { id: "T-1", title: "Installed from tarballs" },
      });
    } finally {
      await client.close();
    }
  });

  it("loads the project's own feature through features: and calls it with podkit call", async () => {
    mkdirSync(join(project, "podkit"), { recursive: true });
    writeFileSync(
      join(project, "podkit", "greetings.js"),
      `import { defineFeature, defineTool } from "@podkit/core";
import { z } from "zod";

const greet = defineTool({
  name: "greet",
  description: "Greet someone by name.",
  capability: "read",
  input: z.object({ name: z.string().describe("Who to greet.") }),
  output: z.object({ text: z.string() }),
  execute: ({ name }) => ({ text: \`Hello, \${name}!\` }),
});

export default defineFeature({ id: "greetings", version: "1.0.0", description: "Greetings.", tools: [greet],
  roles: { coder: { capabilities: ["read"] } } });
`,
    );
    const config = readFileSync(join(project, "podkit.config.yaml"), "utf8");
    writeFileSync(
      join(project, "podkit.config.yaml"),
      config.replace(/^features: \[\]$/m, "features: [./podkit/greetings.js]"),
    );
    const token = await createToken(["--role", "coder", "--agent", "coder-2"]);
    const { stdout } = await podkit(["call", "--tool", "greet", "--input", '{"name":"Ada"}'], {
      PODKIT_TOKEN: token,
    });
    expect(JSON.parse(stdout)).toEqual({ ok: true, output: { text: "Hello, Ada!" } });
  });

  it("passes publint and arethetypeswrong (ESM only) for every package", async () => {
    const bin = (name: string) => join(project, "node_modules", ".bin", name);
    const check = async ({ name, tarball }: PackedPackage) => {
      const unpacked = join(project, "unpacked", name);
      mkdirSync(unpacked, { recursive: true });
      await run("tar", ["xzf", tarball, "-C", unpacked], { cwd: project });
      const lint = await run(bin("publint"), ["--strict", join(unpacked, "package")], { cwd: project });
      expect(lint.stdout, name).toContain("All good!");
      // Exits non-zero on any problem the ESM-only profile does not ignore.
      await run(bin("attw"), [tarball, "--profile", "esm-only"], { cwd: project });
    };
    // Two at a time: each is mostly waiting on npm pack and TypeScript's start-up.
    for (let index = 0; index < packed.length; index += 2)
      await Promise.all(packed.slice(index, index + 2).map(check));
  });
});
