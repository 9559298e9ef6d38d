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
    const { blocks, notes } = parseOriginThread(text, "T-1/thread.md");
    expect(notes).toEqual([]);
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
    const { blocks } = parseOriginThread(
      block("comment author: a at: 2026-01-01T00:00:00Z", body),
      "T-1/thread.md",
    );
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.body).toBe(body.slice("## Comment\n\n".length));
  });

  it("accepts a block without a heading and an empty body", () => {
    const { blocks } = parseOriginThread(
      "<!-- event: comment author: a at: 2026-01-01T00:00:00Z -->\n---\n",
      "f",
    );
    expect(blocks[0]).toMatchObject({ heading: undefined, body: "" });
  });

  it("reads an empty file as no blocks", () => {
    expect(parseOriginThread("", "f")).toEqual({ blocks: [], notes: [] });
    expect(parseOriginThread("\n\n", "f")).toEqual({ blocks: [], notes: [] });
  });

  it.each([
    [
      "text before the first header",
      `hello\n${block("comment author: a at: 2026-01-01T00:00:00Z", "x")}`,
      1,
      "Text before the first event block",
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

describe("parseOriginThread: shapes the origin left behind, read with a note", () => {
  const notesOf = (text: string) =>
    parseOriginThread(text, "T-1/thread.md").notes.map(({ kind, line }) => ({ kind, line }));

  it("keeps a '---' followed by a '## ' heading without an event header in the body of the block before", () => {
    const text = `${block("comment author: a at: 2026-01-01T00:00:00Z", "## Comment\n\nfirst")}## Comment\n\nno header\n\n---\n`;
    const { blocks, notes } = parseOriginThread(text, "T-1/thread.md");
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.body).toBe("first\n\n---\n\n## Comment\n\nno header");
    expect(notes).toEqual([
      expect.objectContaining({
        kind: "embedded-document",
        file: "T-1/thread.md",
        line: 7,
        message: expect.stringContaining("'comment' event by a"),
      }),
    ]);
  });

  it("keeps a migrated legacy document with YAML front matter inside a body as one embedded document", () => {
    const legacy = [
      "## Migrated from the legacy tracker",
      "",
      "---",
      "id: OLD-12",
      "title: 旧チケット",
      "status: open",
      "---",
      "",
      "## Summary",
      "",
      "Migrated text.",
    ].join("\n");
    const text =
      block("comment author: a at: 2026-01-01T00:00:00Z", legacy) +
      block("comment author: b at: 2026-01-02T00:00:00Z", "next");
    const { blocks, notes } = parseOriginThread(text, "T-1/thread.md");
    expect(blocks.map((parsed) => parsed.author)).toEqual(["a", "b"]);
    expect(blocks[0]?.body).toBe(legacy.slice("## Migrated from the legacy tracker\n\n".length));
    expect(notes.map(({ kind, line }) => ({ kind, line }))).toEqual([{ kind: "embedded-document", line: 5 }]);
  });

  it("reads a last block without its closing '---' as it is, and a middle one as ending at the next header", () => {
    const cut = "<!-- event: comment author: a at: 2026-01-01T00:00:00Z -->\n\n## Comment\n\nhalf";
    expect(parseOriginThread(cut, "T-1/thread.md").blocks[0]?.body).toBe("half");
    expect(notesOf(cut)).toEqual([{ kind: "missing-separator", line: 1 }]);
    const middle = `<!-- event: comment author: a at: 2026-01-01T00:00:00Z -->\n\nno rule\n\n${block("comment author: b at: 2026-01-02T00:00:00Z", "x")}`;
    expect(parseOriginThread(middle, "T-1/thread.md").blocks.map((parsed) => parsed.body)).toEqual([
      "no rule",
      "x",
    ]);
    expect(notesOf(middle)).toEqual([{ kind: "missing-separator", line: 1 }]);
  });

  it("ends a code fence that is never closed before the next event header instead of hiding it", () => {
    const text =
      block("comment author: a at: 2026-01-01T00:00:00Z", "```\nopen") +
      block("comment author: b at: 2026-01-02T00:00:00Z", "plain text") +
      block("comment author: c at: 2026-01-03T00:00:00Z", "x");
    const { blocks } = parseOriginThread(text, "T-1/thread.md");
    expect(blocks.map((parsed) => parsed.author)).toEqual(["a", "b", "c"]);
    expect(blocks[0]?.body).toBe("```\nopen");
    expect(notesOf(text)).toEqual([{ kind: "unclosed-fence", line: 3 }]);
  });

  it("keeps extra header fields apart from the ones podkit reads", () => {
    const { blocks } = parseOriginThread(
      block("review author: r at: 2026-01-01T00:00:00Z status: approve result: approve model: gpt-x", "ok"),
      "T-1/thread.md",
    );
    expect(blocks[0]).toMatchObject({
      header: { status: "approve" },
      extra: { result: "approve", model: "gpt-x" },
    });
  });
});
