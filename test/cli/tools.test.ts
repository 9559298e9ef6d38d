import { beforeAll, describe, expect, it } from "vitest";
import { checkOpenAiStrictSchema } from "../../packages/providers/src/index.js";
import { CLI_TIMEOUT_MS, makeInitializedRepository, runPodkit, stdoutJson } from "./run-podkit.js";

describe("podkit tools", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  beforeAll(async () => {
    repository = await makeInitializedRepository();
  }, CLI_TIMEOUT_MS);
  const tools = (args: string[], env?: Record<string, string>) =>
    runPodkit(["tools", ...args], { cwd: repository, ...(env === undefined ? {} : { env }) });

  it("prints the role's instructions and a readable table, and what both cost in tokens", async () => {
    const run = await tools(["--role", "coder"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("Instructions for role 'coder':");
    expect(run.stdout).toContain("You are the coder of a coding runtime.");
    expect(run.stdout).toContain("report on the ticket with ticket_comment");
    const header = lines.findIndex((line) => /^TOOL +CAPABILITY +HINTS +DESCRIPTION$/.test(line));
    expect(header).toBeGreaterThan(2);
    expect(lines[header - 1]).toBe("");
    expect(run.stdout).toMatch(/^ticket_show +read +read-only,idempotent +Show one ticket/m);
    expect(run.stdout).not.toContain("ticket_queue");
    expect(lines.at(-4)).toMatch(/^\d+ tools granted to role 'coder'\.$/);
    const [instructions, toolList, together] = lines.slice(-3).map((line) => line.replaceAll(",", ""));
    const count = (line: string | undefined, pattern: RegExp) => Number(pattern.exec(line ?? "")?.[1]);
    const instructionTokens = count(instructions, /^Instructions: ~(\d+) tokens \(\d+ characters\)\.$/);
    const toolTokens = count(toolList, /^Tool list: \d+ tools ~(\d+) tokens \(o200k_base tokens of /);
    expect(instructionTokens).toBeGreaterThan(50);
    expect(toolTokens).toBeGreaterThan(50);
    expect(together).toBe(`Together: ~${instructionTokens + toolTokens} tokens with every model request.`);
  });

  it("shows each role's own instructions: the orchestrator's acceptance contract", async () => {
    const run = await tools(["--role", "orchestrator"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("until ticket_accept has succeeded for it");
    expect(run.stdout).toContain("A ticket never goes back to queued");
    expect(run.stdout).not.toContain("You are the coder");
  });

  it("prints name, description and both schemas as a JSON array with --format json", async () => {
    const run = await tools(["--role", "human", "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const list = stdoutJson<Record<string, unknown>[]>(run);
    expect(list.length).toBeGreaterThan(10);
    for (const tool of list) {
      expect(Object.keys(tool)).toEqual(["name", "description", "inputSchema", "outputSchema"]);
      expect(tool.inputSchema).toMatchObject({ type: "object" });
    }
    expect(list.map((tool) => tool.name)).toContain("ticket_queue");
  });

  it("renders MCP tools with annotations", async () => {
    const run = await tools(["--role", "orchestrator", "--format", "mcp"]);
    const list = stdoutJson<{ name: string; annotations: Record<string, boolean> }[]>(run);
    const accept = list.find((tool) => tool.name === "ticket_accept");
    expect(accept?.annotations).toMatchObject({ readOnlyHint: false, idempotentHint: true });
    expect(list.map((tool) => tool.name)).not.toContain("ticket_queue");
  });

  it("renders OpenAI function tools that pass strict mode", async () => {
    const run = await tools(["--format", "openai"], { PODKIT_ROLE: "human" });
    expect(run.code, run.stderr).toBe(0);
    const list =
      stdoutJson<
        { type: string; function: { name: string; strict: boolean; parameters: Record<string, unknown> } }[]
      >(run);
    expect(list.length).toBeGreaterThan(10);
    for (const tool of list) {
      expect(tool).toMatchObject({ type: "function", function: { strict: true } });
      expect(checkOpenAiStrictSchema(tool.function.parameters), tool.function.name).toEqual([]);
    }
    // A record (ticket_report's details) is a list of {key, value} entries, not a closed empty object.
    const report = list.find((tool) => tool.function.name === "ticket_report");
    expect(report?.function.parameters).toMatchObject({
      properties: { details: { type: ["array", "null"], items: { required: ["key", "value"] } } },
    });
  });

  it("renders the same tools in the OpenAI Responses API's flat shape", async () => {
    const run = await tools(["--role", "orchestrator", "--format", "openai-responses"]);
    expect(run.code, run.stderr).toBe(0);
    const list =
      stdoutJson<{ type: string; name: string; strict: boolean; parameters: Record<string, unknown> }[]>(run);
    expect(list.map((tool) => tool.name)).toContain("ticket_accept");
    for (const tool of list) {
      expect(Object.keys(tool).sort()).toEqual(["description", "name", "parameters", "strict", "type"]);
      expect(tool).toMatchObject({ type: "function", strict: true });
      expect(checkOpenAiStrictSchema(tool.parameters), tool.name).toEqual([]);
    }
  });

  it("renders Anthropic tools", async () => {
    const run = await tools(["--role", "reviewer", "--format", "anthropic"]);
    const list = stdoutJson<{ name: string; input_schema: Record<string, unknown> }[]>(run);
    expect(list.map((tool) => tool.name)).toContain("ticket_review");
    for (const tool of list) expect(tool.input_schema).toMatchObject({ type: "object" });
  });

  it("refuses an unknown role or format, and a missing role, with exit status 2", async () => {
    const unknownRole = await tools(["--role", "janitor"]);
    expect(unknownRole.code).toBe(2);
    expect(unknownRole.stderr).toContain("Unknown role 'janitor'. Known roles: 'orchestrator'");
    const badFormat = await tools(["--role", "coder", "--format", "yaml"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain(
      "Allowed choices are table, json, mcp, openai, openai-responses, anthropic",
    );
    const noRole = await tools([]);
    expect(noRole.code).toBe(2);
    expect(noRole.stderr).toContain(
      "A role is required: pass --role ROLE or set PODKIT_ROLE. Known roles: 'orchestrator', 'intake', 'coder', 'reviewer', 'companion', 'human'.",
    );
  });
});
