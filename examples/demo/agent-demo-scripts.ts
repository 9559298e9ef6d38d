import type { DemoTickets } from "./run-demo.js";

/** One scripted reply: what the model says and the tools it calls (see `@podkit/agent`'s scripted models). */
interface Reply {
  readonly when?: Readonly<Record<string, string | boolean>>;
  readonly text?: string;
  readonly toolCalls?: readonly {
    readonly tool: string;
    readonly input: Readonly<Record<string, unknown>>;
  }[];
}

/** A turn: one reply, or alternatives of which the first whose `when` holds is played. */
type Turn = Reply | readonly Reply[];

/** One line of work the model does when the task contains `taskContains`, turn by turn. */
interface Path {
  readonly taskContains: string;
  readonly turns: readonly Turn[];
}

const call = (tool: string, input: Readonly<Record<string, unknown>> = {}) => ({ tool, input });
const TESTS_PASSED = { tool: "workspace_run", contains: '"exitCode":0' };

/**
 * Paths merged into one script: turn N offers each path's Nth turn, guarded by its `taskContains`
 * (a path's own conditions are kept), in the order given — so a more specific path goes first.
 */
function mergePaths(paths: readonly Path[]): { turns: Reply[][]; afterLastTurn: "fail" } {
  const length = Math.max(...paths.map((path) => path.turns.length));
  const turns: Reply[][] = [];
  for (let index = 0; index < length; index += 1) {
    turns.push(
      paths.flatMap((path) => {
        const turn = path.turns[index];
        if (turn === undefined) return [];
        const replies: readonly Reply[] = Array.isArray(turn) ? turn : [turn as Reply];
        return replies.map((reply) => ({
          ...reply,
          when: { taskContains: path.taskContains, ...reply.when },
        }));
      }),
    );
  }
  return { turns, afterLastTurn: "fail" };
}

/** Commits when the last test run passed; otherwise says so and stops without committing. */
function commitIfGreen(message: string): Turn {
  return [
    {
      when: TESTS_PASSED,
      text: "The tests pass; committing.",
      toolCalls: [call("workspace_commit", { message })],
    },
    { text: "The tests fail, so I am not committing; the ticket needs another look." },
  ];
}

/** The module the coder writes: JavaScript source, so its `${name}` is meant literally. */
const GREETING_MODULE = ["export function greet(name) {", "  return `Hello, $" + "{name}!`;", "}", ""].join(
  "\n",
);

const RELEASE_GUIDE = [
  "# Releasing",
  "",
  "1. Make sure `main` is green: `node --test`.",
  "2. Bump the version in `package.json`.",
  "3. Tag the commit: `git tag v<version>`.",
  "4. Push the tag: `git push --tags`.",
  "",
].join("\n");

const VERIFICATION = [
  "",
  "## Verification",
  "",
  "After pushing, check out the tag in a fresh clone and run `node --test`: it must pass.",
  "",
].join("\n");

/**
 * The coder: for each ticket it looks around with the workspace tools, changes files, runs the
 * tests, commits only when they pass, and reports on the ticket. On the docs ticket's second
 * round (its task holds the review to answer) it reads the guide and adds what the review asked.
 */
export function coderScript(ids: DemoTickets<string>) {
  const report = (ticketId: string, body: string): Turn => ({
    toolCalls: [call("ticket_comment", { ticketId, body })],
  });
  return mergePaths([
    {
      taskContains: "## Review to answer",
      turns: [
        {
          text: "The review asks for a verification section; reading the guide.",
          toolCalls: [call("workspace_read", { path: "docs/RELEASING.md" })],
        },
        {
          toolCalls: [
            call("workspace_edit", {
              path: "docs/RELEASING.md",
              oldString: "4. Push the tag: `git push --tags`.\n",
              newString: `4. Push the tag: \`git push --tags\`.\n${VERIFICATION}`,
            }),
          ],
        },
        { toolCalls: [call("workspace_run", { command: "test" })] },
        commitIfGreen(`${ids.docs}: Add a verification section to the release guide`),
        report(
          ids.docs,
          "Answered the review: docs/RELEASING.md now has a Verification section (check out the tag in a fresh clone, run the tests). Tests pass; committed.",
        ),
        { text: "Done: the review is answered." },
      ],
    },
    {
      taskContains: `# ${ids.base}:`,
      turns: [
        { text: "Looking at the source layout first.", toolCalls: [call("workspace_list", { path: "src" })] },
        { toolCalls: [call("workspace_read", { path: "src/banner.js" })] },
        {
          text: "Adding the module and its test in the same style.",
          toolCalls: [
            call("workspace_write", {
              path: "src/greeting.js",
              content: GREETING_MODULE,
            }),
            call("workspace_write", {
              path: "test/greeting.test.js",
              content:
                'import assert from "node:assert/strict";\nimport { test } from "node:test";\nimport { greet } from "../src/greeting.js";\n\ntest("greet greets by name", () => {\n  assert.equal(greet("Ada"), "Hello, Ada!");\n});\n',
            }),
          ],
        },
        { toolCalls: [call("workspace_run", { command: "test" })] },
        commitIfGreen(`${ids.base}: Add a greeting module`),
        report(
          ids.base,
          "Implementation report: added src/greeting.js (greet(name) returns 'Hello, <name>!') and test/greeting.test.js. `node --test` passes; committed on this ticket's branch.",
        ),
        { text: "Done: committed and reported." },
      ],
    },
    {
      taskContains: `# ${ids.docs}:`,
      turns: [
        { text: "Checking what documentation exists.", toolCalls: [call("workspace_list", { path: "." })] },
        { toolCalls: [call("workspace_write", { path: "docs/RELEASING.md", content: RELEASE_GUIDE })] },
        { toolCalls: [call("workspace_run", { command: "test" })] },
        commitIfGreen(`${ids.docs}: Document the release process`),
        report(
          ids.docs,
          "Implementation report: added docs/RELEASING.md with the four steps of a release. Tests pass; committed.",
        ),
        { text: "Done: committed and reported." },
      ],
    },
    {
      taskContains: `# ${ids.dependent}:`,
      turns: [
        {
          text: "Finding where the banner text lives.",
          toolCalls: [call("workspace_search", { pattern: "demo service" })],
        },
        { toolCalls: [call("workspace_read", { path: "src/banner.js" })] },
        {
          toolCalls: [
            call("workspace_edit", {
              path: "src/banner.js",
              oldString: 'return "demo service";',
              newString: 'return "Hello from demo service";',
            }),
            call("workspace_edit", {
              path: "test/banner.test.js",
              oldString: "/demo service/",
              newString: "/^Hello from demo service$/",
            }),
          ],
        },
        { toolCalls: [call("workspace_run", { command: "test" })] },
        commitIfGreen(`${ids.dependent}: Greet in the banner`),
        report(
          ids.dependent,
          "Implementation report: the banner now reads 'Hello from demo service', and its test says so. Tests pass; committed.",
        ),
        { text: "Done: committed and reported." },
      ],
    },
  ]);
}

/**
 * The reviewer: reads the ticket's diff against its base and approves when it holds what the
 * ticket asks for. The docs ticket's first round has no verification section, so it asks once.
 */
export function reviewerScript(ids: DemoTickets<string>) {
  const verdict = (ticketId: string, approve: boolean, body: string) => ({
    toolCalls: [call("ticket_review", { ticketId, verdict: approve ? "approve" : "request_changes", body })],
  });
  const review = (ticketId: string, wanted: string, approval: string, request: string): Path => ({
    taskContains: `# ${ticketId}:`,
    turns: [
      { text: "Reading the change against its base.", toolCalls: [call("workspace_diff")] },
      [
        { when: { tool: "workspace_diff", contains: wanted }, ...verdict(ticketId, true, approval) },
        verdict(ticketId, false, request),
      ],
      { text: "Verdict recorded." },
    ],
  });
  return mergePaths([
    review(
      ids.base,
      "src/greeting.js",
      "greet() and its test are in place; approved.",
      "Add src/greeting.js with greet(name) and a test.",
    ),
    review(
      ids.docs,
      "## Verification",
      "The guide says how to verify a release; approved.",
      "Please add a Verification section saying how to check a release.",
    ),
    review(
      ids.dependent,
      "Hello from demo service",
      "The banner greets and the test pins it; approved.",
      "The banner should greet: 'Hello from demo service'.",
    ),
  ]);
}
