import { describe, expect, it } from "vitest";
import { isEventHeaderLine, parseEventHeader } from "./origin-event-header.js";

describe("parseEventHeader", () => {
  it("reads every key, with quoted and unquoted values that hold spaces", () => {
    expect(
      parseEventHeader(
        '<!-- event: state_changed author: yoi ticket at: 2026-06-20T04:52:58Z from: ready to: queued reason: "queued: by the panel" field: state -->',
      ),
    ).toEqual({
      header: {
        event: "state_changed",
        author: "yoi ticket",
        at: "2026-06-20T04:52:58Z",
        from: "ready",
        to: "queued",
        reason: "queued: by the panel",
        field: "state",
      },
      extra: {},
    });
  });

  it("keeps colons inside an unquoted value that are not known keys", () => {
    const header = parseEventHeader(
      "<!-- event: review author: r1 at: 2026-01-01T00:00:00Z status: request_changes -->",
    );
    expect(header).toMatchObject({ header: { status: "request_changes" } });
    expect(
      parseEventHeader("<!-- event: comment author: a at: 2026-01-01T00:00:00Z reason: see: the log -->"),
    ).toMatchObject({
      header: { reason: "see: the log" },
      extra: {},
    });
  });

  it("decodes JSON escapes and keeps non-ASCII text as written", () => {
    expect(
      parseEventHeader('<!-- event: comment author: "Zoë \\"Z\\" 山田" at: 2026-01-01T00:00:00Z -->'),
    ).toMatchObject({
      header: { author: 'Zoë "Z" 山田' },
    });
  });

  it("keeps fields it does not know, wherever they stand, apart from the known ones", () => {
    expect(
      parseEventHeader(
        '<!-- event: review result: approve author: 山田 太郎 at: 2026-01-01T00:00:00+09:00 status: approve model: "gpt 5" run_id: 42 -->',
      ),
    ).toEqual({
      header: { event: "review", author: "山田 太郎", at: "2026-01-01T00:00:00+09:00", status: "approve" },
      extra: { result: "approve", model: "gpt 5", run_id: "42" },
    });
  });

  it("reads an unknown key after an unquoted reason as part of the reason, losing nothing", () => {
    expect(
      parseEventHeader("<!-- event: comment author: a at: 2026-01-01T00:00:00Z reason: blocked by: T-12 -->"),
    ).toEqual({
      header: { event: "comment", author: "a", at: "2026-01-01T00:00:00Z", reason: "blocked by: T-12" },
      extra: {},
    });
  });

  it.each([
    ["<!-- event: comment author: a at: 2026-01-01T00:00:00Z result: a result: b -->", "'result' twice"],
    ["<!-- event: comment author: a at: 2026-01-01T00:00:00Z", "does not end with '-->'"],
    ["<!-- event: comment author: a author: b at: 2026-01-01T00:00:00Z -->", "'author' twice"],
    ['<!-- event: comment author: "open at: 2026-01-01T00:00:00Z -->', "never closed"],
    ['<!-- event: comment author: "a"b at: 2026-01-01T00:00:00Z -->', "without a space"],
    ['<!-- event: comment author: "\\q" at: 2026-01-01T00:00:00Z -->', "invalid escape"],
  ])("refuses %s", (line, message) => {
    expect(parseEventHeader(line)).toContain(message);
  });

  it("recognises header lines only at the start of a line", () => {
    expect(isEventHeaderLine("<!-- event: comment author: a at: x -->")).toBe(true);
    expect(isEventHeaderLine("<!--event: comment -->")).toBe(true);
    expect(isEventHeaderLine("  <!-- event: comment -->")).toBe(false);
    expect(isEventHeaderLine("<!-- note: not an event -->")).toBe(false);
  });
});
