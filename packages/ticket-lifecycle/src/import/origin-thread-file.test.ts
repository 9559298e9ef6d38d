import { describe, expect, it } from "vitest";
import { OriginFormatError } from "./origin-format-error.js";
import { parseOriginThread } from "./origin-thread-file.js";

const block = (header: string, body: string) => `<!-- event: ${header} -->\n\n${body}\n\n---\n\n`;

function problem(text: string): { line: number | undefined; message: string } {
  try {
    parseOriginThread(text, "T-1/thread.md");
  } catch (error) {
    if (error instanceof OriginFormatError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error("expected the thread to be refused");
}

describe("parseOriginThread", () => {
  it("splits blocks with their header line, heading and body", () => {
    const text =
      block("create author: a at: 2026-01-01T00:00:00Z", "## Created\n\nCreated by tickets.sh create.") +
      block("plan author: b at: 2026-01-02T00:00:00Z", "## Plan\n\n## Step one\n\n- a\n- b\n\n\n");
    const blocks = parseOriginThread(text, "T-1/thread.md");
    expect(
      blocks.map(({ line, kind, author, at, heading, body }) => ({ line, kind, author, at, heading, body })),
    ).toEqual([
      {
        line: 1,
        kind: "create",
        author: "a",
        at: "2026-01-01T00:00:00.000Z",
        heading: "Created",
        body: "Created by tickets.sh create.",
      },
      {
        line: 9,
        kind: "plan",
        author: "b",
        at: "2026-01-02T00:00:00.000Z",
        heading: "Plan",
        body: "## Step one\n\n- a\n- b",
      },
    ]);
  });

  it("keeps '---' rules and header-like lines inside code fences in the body", () => {
    const body = [
      "## Comment",
      "",
      "```md",
      "<!-- event: comment author: x at: 2026-01-01T00:00:00Z -->",
      "",
      "## Not a block",
      "",
      "---",
      "```",
      "",
      "Between paragraphs:",
      "",
      "---",
      "",
      "~~~~",
      "---",
      "~~~",
      "## still fenced",
      "~~~~",
      "the end",
    ].join("\n");
    const blocks = parseOriginThread(
      block("comment author: a at: 2026-01-01T00:00:00Z", body),
      "T-1/thread.md",
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.body).toBe(body.slice("## Comment\n\n".length));
  });

  it("accepts a block without a heading and an empty body", () => {
    const blocks = parseOriginThread(
      "<!-- event: comment author: a at: 2026-01-01T00:00:00Z -->\n---\n",
      "f",
    );
    expect(blocks[0]).toMatchObject({ heading: undefined, body: "" });
  });

  it("reads an empty file as no blocks", () => {
    expect(parseOriginThread("", "f")).toEqual([]);
    expect(parseOriginThread("\n\n", "f")).toEqual([]);
  });

  it.each([
    [
      "text before the first header",
      `hello\n${block("comment author: a at: 2026-01-01T00:00:00Z", "x")}`,
      1,
      "Text before the first event block",
    ],
    [
      "a block without its header",
      `${block("comment author: a at: 2026-01-01T00:00:00Z", "x")}## Comment\n\nno header\n\n---\n`,
      7,
      "without an event header",
    ],
    [
      "a truncated last block",
      "<!-- event: comment author: a at: 2026-01-01T00:00:00Z -->\n\n## Comment\n\nhalf",
      1,
      "does not end with a '---'",
    ],
    [
      "an unclosed fence",
      block("comment author: a at: 2026-01-01T00:00:00Z", "```\nopen") +
        block("comment author: a at: 2026-01-01T00:00:00Z", "x"),
      3,
      "never closed",
    ],
    ["a bad time", block("comment author: a at: 2026-01-01", "x"), 1, "not an ISO 8601 time"],
    ["a missing time", block("comment author: a", "x"), 1, "not an ISO 8601 time"],
    ["a missing author", block("comment at: 2026-01-01T00:00:00Z", "x"), 1, "has no author"],
    [
      "a kind that is not a word",
      block("two words author: a at: 2026-01-01T00:00:00Z", "x"),
      1,
      "not a single word",
    ],
    ["an unreadable header", "<!-- event:comment author: a -->\n\n---\n", 1, "Cannot read the event header"],
  ])("refuses %s, naming the line", (_name, text, line, message) => {
    const found = problem(text);
    expect(found.line).toBe(line);
    expect(found.message).toContain(message);
  });

  it("names the line of a problem in a later block", () => {
    const text =
      block("comment author: a at: 2026-01-01T00:00:00Z", "ok") +
      block("comment author: a at: 2026-02-30T00:00:00Z", "x");
    expect(problem(text)).toMatchObject({
      line: 7,
      message: expect.stringContaining("'comment' event time"),
    });
  });
});
