import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { TicketEvent } from "../../domain/ticket-event.js";
import { formatEventFile, parseEventFile, validateEvent } from "./event-file-format.js";
import { FileFormatError } from "./front-matter.js";

const base: TicketEvent = {
  seq: 2,
  kind: "state_changed",
  actor: { role: "human", agentId: "alice" },
  at: "2026-03-01T09:30:00.000Z",
  from: "ready",
  to: "queued",
};

const AWKWARD_BODY = [
  "---",
  "seq: 99",
  'kind: "close"',
  "---",
  "## Ünïcödé, emoji 🎫🧵👩‍💻 and 𝕏",
  "  trailing spaces   ",
  "a tab\there and CRLF\r\nline",
  "",
  "---",
].join("\n");

describe("event files", () => {
  it("round-trip every field, with UTF-8, emoji and a body full of '---' lines", () => {
    const event: TicketEvent = {
      ...base,
      kind: "acceptance",
      from: "queued",
      to: "inprogress",
      reason: "takeover: 'lease' of \"o-1\" expired\nsecond line",
      token: 5,
      body: AWKWARD_BODY,
      data: {
        holder: "orchestrator-2",
        requestId: "req-🎫",
        expiresAt: "2026-03-01T09:31:00.000Z",
        relation: { type: "depends_on", target: "T-3", removed: true },
        details: { worktree: "/tmp/wt", exitCode: 1, ok: false, note: null },
      },
    };
    expect(parseEventFile(formatEventFile(event))).toEqual(event);
  });

  it("writes the layout people read in diffs: front matter lines, then the body", () => {
    const text = formatEventFile({ ...base, reason: "go", body: "Line one\n" });
    expect(text).toBe(
      [
        "---",
        "seq: 2",
        'kind: "state_changed"',
        'actor: {"role":"human","agentId":"alice"}',
        'at: "2026-03-01T09:30:00.000Z"',
        'from: "ready"',
        'to: "queued"',
        'reason: "go"',
        "---",
        "Line one",
        "",
      ].join("\n"),
    );
  });

  it("keeps an absent body and an empty body apart", () => {
    const absent = parseEventFile(formatEventFile(base));
    const empty = parseEventFile(formatEventFile({ ...base, kind: "edit", body: "" }));
    expect("body" in absent).toBe(false);
    expect(empty.body).toBe("");
  });

  it("has front matter that is valid YAML with the same values", () => {
    const event: TicketEvent = { ...base, reason: "a: b # c", data: { details: { k: "v: w" } }, body: "x" };
    const frontMatter = formatEventFile(event).split("\n---\n")[0]?.slice(4) ?? "";
    expect(parseYaml(frontMatter)).toEqual({ ...event, body: undefined, actor: { ...event.actor } });
  });

  it("round-trips any text in bodies and reasons (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 200 }),
        fc.string({ unit: "grapheme", maxLength: 50 }),
        (body, reason) => {
          const event: TicketEvent = { ...base, body, reason };
          expect(parseEventFile(formatEventFile(event))).toEqual(event);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ["an unknown key (a hand-edited name)", "kidn", /Unrecognized key.*kidn/],
    ["a kind that does not exist", "kind", /kind:/],
    ["a state that does not exist", "to", /to:/],
    ["a seq that is not a number", "seq", /seq:/],
  ])("refuses %s", (_name, key, message) => {
    const replacements: Record<string, [RegExp, string]> = {
      kidn: [/^kind: /m, "kidn: "],
      kind: [/^kind: .*$/m, 'kind: "approved"'],
      to: [/^to: .*$/m, 'to: "queud"'],
      seq: [/^seq: .*$/m, 'seq: "two"'],
    };
    const [pattern, replacement] = replacements[key] as [RegExp, string];
    const edited = formatEventFile(base).replace(pattern, replacement);
    expect(() => parseEventFile(edited)).toThrow(FileFormatError);
    expect(() => parseEventFile(edited)).toThrow(message);
  });

  it("refuses data of the wrong type and a body given twice", () => {
    const wrongData = formatEventFile({ ...base, data: { title: "x" } }).replace('"title":"x"', '"title":5');
    expect(() => parseEventFile(wrongData)).toThrow(/data\.title/);
    const twice = `${formatEventFile({ ...base, body: "" })}and more`;
    expect(() => parseEventFile(twice)).toThrow(/body is given twice/);
  });

  it("validates events before they are written", () => {
    expect(() => validateEvent(base)).not.toThrow();
    expect(() => validateEvent({ ...base, at: "yesterday" })).toThrow(/at:/);
    expect(() => validateEvent({ ...base, actor: { role: "", agentId: "a" } })).toThrow(/actor\.role/);
  });
});
