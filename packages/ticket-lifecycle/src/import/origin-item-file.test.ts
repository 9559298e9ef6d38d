import { describe, expect, it } from "vitest";
import { OriginFormatError } from "./origin-format-error.js";
import { parseOriginItem } from "./origin-item-file.js";

const item = (frontMatter: string, body = "Body.") => `---\n${frontMatter}\n---\n\n${body}\n`;

function problem(text: string): { line: number | undefined; message: string } {
  try {
    parseOriginItem(text, "T-1/item.md");
  } catch (error) {
    if (error instanceof OriginFormatError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error("expected item.md to be refused");
}

describe("parseOriginItem", () => {
  it("reads YAML front matter, keeping every scalar as written", () => {
    const parsed = parseOriginItem(
      item(
        [
          "id: 00042",
          "title: 'Docs: refresh'",
          "workflow_state: queued",
          "priority: P0",
          "assignee: coder-1",
          "author: hare",
          "created_at: 2026-06-01T09:00:00+02:00",
          "labels: [docs, 日本語]",
          "readiness: true",
          "depends_on: [T-1, T-2, T-1]",
          "blocks: T-9",
          "split_from:",
          "  - T-0",
          "related: null",
          "resolution: ''",
        ].join("\n"),
        "## Body\n\n---\n\ntext  ",
      ),
      "T-1/item.md",
    );
    expect(parsed).toEqual({
      id: "00042",
      title: "Docs: refresh",
      state: "queued",
      priority: "urgent",
      originPriority: "P0",
      assignee: "coder-1",
      relations: { depends_on: ["T-1", "T-2"], blocks: ["T-9"], related: [], split_from: ["T-0"] },
      resolution: undefined,
      created: "2026-06-01T07:00:00.000Z",
      author: "hare",
      body: "## Body\n\n---\n\ntext  ",
      extra: { labels: '["docs","日本語"]', readiness: "true" },
    });
  });

  it("falls back to the origin's key: value lines when the front matter is not YAML", () => {
    const parsed = parseOriginItem(
      item(
        "title: Docs: refresh the \"stale\" ones\nstate: ready\npriority: low\nlabels: [a, \"b, c\"]\ndepends_on:\n  - T-3\nowner: 'O''Brien'",
      ),
      "f",
    );
    expect(parsed).toMatchObject({
      title: 'Docs: refresh the "stale" ones',
      state: "ready",
      priority: "low",
      originPriority: undefined,
      relations: { depends_on: ["T-3"] },
      extra: { labels: '["a","b, c"]', owner: "O'Brien" },
    });
  });

  it("reads the legacy 'status' when no workflow state is given, and defaults the priority", () => {
    expect(parseOriginItem(item("title: t\nstatus: closed"), "f")).toMatchObject({
      state: "closed",
      priority: "normal",
      assignee: undefined,
      extra: { status: "closed" },
    });
  });

  it("keeps the body byte for byte apart from the blank lines around it", () => {
    const body = "e\u0301 👩\u200d💻 漢字\n\n```\n---\n```";
    expect(parseOriginItem(`---\ntitle: t\nstate: ready\n---\n\n\n${body}\n\n\n`, "f").body).toBe(body);
    expect(parseOriginItem("---\ntitle: t\nstate: ready\n---\n", "f").body).toBe("");
  });

  it.each([
    ["no front matter", "title: t\n", 1, "does not start with a '---'"],
    ["no closing line", "---\ntitle: t\n", 1, "no closing '---'"],
    ["neither YAML nor lines", item('id: T-1\ntitle: "open\nstate: ready'), 3, "line 3 cannot be read"],
    ["a front matter list", item("- a\n- b"), 2, "not a key: value map"],
    ["no title", item("state: ready"), undefined, "no 'title'"],
    ["a list as the title", item("title: [a, b]\nstate: ready"), 2, "single value"],
    ["no state", item("title: t"), undefined, "no 'workflow_state'"],
    ["an unknown state", item("title: t\nworkflow_state: doing"), 3, "Unknown state 'doing'"],
    ["an unknown legacy status", item("title: t\nstatus: open"), 3, "Unknown state 'open' in 'status'"],
    [
      "two different states",
      item("title: t\nstate: ready\nworkflow_state: queued"),
      3,
      "which one holds is unclear",
    ],
    ["an unknown priority", item("title: t\nstate: ready\npriority: P7"), 4, "Unknown priority 'P7'"],
    [
      "a bad creation time",
      item("title: t\nstate: ready\ncreated: 2026-06-31T00:00:00Z"),
      4,
      "not an ISO 8601 time",
    ],
    ["a relation that is not an id", item("title: t\nstate: ready\ndepends_on: [T-1, ../x]"), 4, '"../x"'],
    ["a relation map", item("title: t\nstate: ready\nblocks: {a: b}"), 4, "a list of ticket ids"],
    [
      "an unterminated flow list",
      item("title: x: y\nstate: ready\nlabels: [a, b"),
      4,
      "neither YAML (line 2: Nested mappings",
    ],
    [
      "a flow list with a dangling comma",
      item("title: x: y\nstate: ready\nlabels: [a,]"),
      4,
      "line 4 cannot be read",
    ],
    ["a duplicate key", item("title: t\ntitle: u\nstate: ready"), 3, "Map keys must be unique"],
    ["a title over the limit", item(`title: ${"x".repeat(201)}\nstate: ready`), 2, "at most 200"],
  ])("refuses %s, naming the line", (_name, text, line, message) => {
    const found = problem(text);
    expect(found.message).toContain(message);
    expect(found.line).toBe(line);
  });
});
