import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentError } from "../agent-error.js";
import { loadModelScript, parseModelScript } from "./model-script.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "podkit-model-script-"));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** The AgentError `action` throws; fails the test when it throws anything else or nothing. */
function agentErrorOf(action: () => unknown): AgentError {
  try {
    action();
  } catch (error) {
    if (AgentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected an AgentError");
}

describe("parseModelScript", () => {
  it("reads single replies and lists of alternatives alike, with defaults filled in", () => {
    const script = parseModelScript(
      JSON.stringify({
        turns: [
          { text: "Looking.", toolCalls: [{ tool: "tally_read", input: { name: "mine" } }] },
          [
            {
              when: { code: "not_found" },
              toolCalls: [{ tool: "tally_add", input: { name: "mine", amount: 1 } }],
            },
            { text: "It exists." },
          ],
          { toolCalls: [{ tool: "tally_reset" }], usage: { inputTokens: 7, outputTokens: 3 } },
        ],
      }),
      "coder.json",
    );
    expect(script.afterLastTurn).toBe("fail");
    expect(script.turns).toEqual([
      [{ text: "Looking.", toolCalls: [{ tool: "tally_read", input: { name: "mine" } }] }],
      [
        {
          when: { code: "not_found" },
          toolCalls: [{ tool: "tally_add", input: { name: "mine", amount: 1 } }],
        },
        { text: "It exists." },
      ],
      [{ toolCalls: [{ tool: "tally_reset", input: {} }], usage: { inputTokens: 7, outputTokens: 3 } }],
    ]);
  });

  it("refuses text that is not JSON, naming the source", () => {
    const error = agentErrorOf(() => parseModelScript("{ turns: [", "coder.json"));
    expect(error.code).toBe("invalid_script");
    expect(error.message).toMatch(/^Model script 'coder\.json' is not valid JSON: /);
  });

  it("names every problem with its path inside the script", () => {
    const error = agentErrorOf(() =>
      parseModelScript(
        JSON.stringify({
          turns: [
            { text: "Fine." },
            [{ when: {}, text: "Guarded by nothing." }, {}],
            { toolCalls: [{ tool: "no spaces allowed" }], temperature: 0 },
          ],
          afterLastTurn: "loop",
        }),
        "coder.json",
      ),
    );
    expect(error.code).toBe("invalid_script");
    const lines = error.message.split("\n");
    expect(lines[0]).toBe("Invalid model script 'coder.json':");
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ {2}turns\[1\]\[0\]\.when: a condition needs at least one of 'tool', 'ok'/),
        "  turns[1][1]: a reply needs 'text', 'toolCalls' or both",
        expect.stringMatching(/^ {2}turns\[2\]\[0\]\.toolCalls\[0\]\.tool: expected a tool name/),
        "  turns[2][0]: unknown key 'temperature'. Allowed: 'when', 'text', 'toolCalls', 'usage'.",
        expect.stringMatching(/^ {2}afterLastTurn: /),
      ]),
    );
  });

  it("refuses a script without turns", () => {
    const error = agentErrorOf(() => parseModelScript(JSON.stringify({ turns: [] }), "empty.json"));
    expect(error.code).toBe("invalid_script");
    expect(error.message).toContain("turns:");
  });
});

describe("loadModelScript", () => {
  it("reads a script file", async () => {
    const file = join(directory, "reviewer.json");
    await writeFile(file, JSON.stringify({ turns: [{ text: "Approved." }] }));
    expect(loadModelScript(file).turns).toEqual([[{ text: "Approved." }]]);
  });

  it("says which file cannot be read and why", () => {
    const file = join(directory, "missing.json");
    const error = agentErrorOf(() => loadModelScript(file));
    expect(error.code).toBe("unreadable_script");
    expect(error.message).toContain(`Cannot read the model script '${file}': ENOENT`);
  });

  it("names the file of an invalid script", async () => {
    const file = join(directory, "broken.json");
    await writeFile(file, JSON.stringify({ turns: [{ text: 42 }] }));
    const error = agentErrorOf(() => loadModelScript(file));
    expect(error.code).toBe("invalid_script");
    expect(error.message).toContain(`Invalid model script '${file}':\n  turns[0][0].text:`);
  });
});
