import { BUILT_IN_ROLES, type Podkit } from "@podkit/core";
import { TICKET_TOOLS } from "@podkit/ticket-lifecycle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toAiSdkTools } from "./ai-sdk-tools.js";
import { toAnthropicTools } from "./anthropic-tools.js";
import { createTicketPodkit, roleToolset } from "./fixtures/ticket-toolsets.js";
import { checkOpenAiStrictSchema } from "./openai-strict-check.js";
import { toOpenAiTools } from "./openai-tools.js";

/** The tool name rule OpenAI, Anthropic and MCP clients all accept. */
const PROVIDER_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

let podkit: Podkit;
beforeAll(async () => {
  podkit = await createTicketPodkit();
});
afterAll(() => podkit.dispose());

describe.each(BUILT_IN_ROLES)("the exported tools of built-in role '%s'", (role) => {
  const toolset = () => roleToolset(podkit, role);

  it("have names every provider accepts", () => {
    const names = [
      ...toOpenAiTools(toolset()).map((tool) => tool.function.name),
      ...toAnthropicTools(toolset()).map((tool) => tool.name),
      ...Object.keys(toAiSdkTools(toolset())),
    ];
    expect(names.length).toBe(3 * toolset().list().length);
    expect(names.filter((name) => !PROVIDER_NAME.test(name))).toEqual([]);
  });

  it("pass OpenAI's strict-mode rules", () => {
    const tools = toOpenAiTools(toolset());
    expect(tools.length).toBeGreaterThan(0);
    const problems = tools.flatMap((tool) =>
      checkOpenAiStrictSchema(tool.function.parameters).map((problem) => `${tool.function.name}: ${problem}`),
    );
    expect(problems).toEqual([]);
    expect(tools.every((tool) => tool.function.strict === true)).toBe(true);
  });

  it("give Anthropic an object input_schema without a dialect URI", () => {
    for (const tool of toAnthropicTools(toolset())) {
      expect(tool.input_schema.type, tool.name).toBe("object");
      expect(tool.input_schema.$schema, tool.name).toBeUndefined();
      expect(tool.description.length, tool.name).toBeGreaterThan(0);
    }
  });
});

it("lists every ticket tool but the orchestrators' store locks to the human, and a strict subset to each agent role", async () => {
  const human = roleToolset(podkit, "human").list();
  expect(human.map((tool) => tool.name).sort()).toEqual(
    TICKET_TOOLS.map((tool) => tool.name)
      .filter((name) => !name.startsWith("ticket_lock_"))
      .sort(),
  );
  for (const role of BUILT_IN_ROLES.filter((name) => name !== "human"))
    expect(roleToolset(podkit, role).list().length, role).toBeLessThan(human.length);
});
