import { describe, expect, it } from "vitest";
import { createTicketTestbed } from "../testing/ticket-testbed.js";
import { findUnstorableCharacter, requireStorableEvent, requireStorableText } from "./storable-text.js";

describe("findUnstorableCharacter", () => {
  it("accepts Unicode text: astral characters as surrogate pairs, U+FFFD, an escaped NUL, controls", () => {
    for (const text of ["", "plain", "🎫𝕏 emoji", "\ufffd", "\\u0000", "tab\tbell\u0007", "\ud83c\udfab"]) {
      expect(findUnstorableCharacter(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("finds NUL and unpaired surrogates, counting positions in characters", () => {
    expect(findUnstorableCharacter("🎫\u0000")).toEqual({ position: 2, description: "U+0000 (NUL)" });
    expect(findUnstorableCharacter("ok \ud83c")).toEqual({
      position: 4,
      description: "an unpaired surrogate U+D83C",
    });
    expect(findUnstorableCharacter("\udfab🎫")).toEqual({
      position: 1,
      description: "an unpaired surrogate U+DFAB",
    });
    expect(findUnstorableCharacter("\ud83c\ud83c\udfab")?.position).toBe(1);
  });
});

describe("requireStorableText and requireStorableEvent", () => {
  it("names the field, nested fields and keys as the caller knows them", () => {
    expect(() => requireStorableText("T-1", "", { title: "fine", details: { path: "a\u0000b" } })).toThrow(
      "'details.path' contains U+0000 (NUL) at character 2.",
    );
    expect(() => requireStorableText(undefined, "", { details: { "k\ud800": 1 } })).toThrow(
      "A field name in 'details' contains an unpaired surrogate U+D800 at character 2.",
    );
    expect(() =>
      requireStorableText("T-1", "", { title: "fine", priority: "high", remove: true }),
    ).not.toThrow();
  });

  it("refuses an event or its actor, naming the event and the ticket", () => {
    const actor = { role: "human", agentId: "alice" };
    expect(() =>
      requireStorableEvent({ ticketId: "T-3", event: { seq: 4, kind: "comment", body: "\u0000" }, actor }),
    ).toThrow("Event 4 of ticket 'T-3' cannot be stored: 'body' contains U+0000 (NUL) at character 1.");
    expect(() =>
      requireStorableEvent({
        ticketId: undefined,
        event: { kind: "create" },
        actor: { role: "human", agentId: "\udc00" },
      }),
    ).toThrow(
      "An event of a new ticket cannot be stored: 'actor.agentId' contains an unpaired surrogate U+DC00",
    );
  });
});

describe("at the tool boundary", () => {
  it("answers text no store can keep with invalid_input naming the tool's field, writing nothing", async () => {
    const bed = await createTicketTestbed();
    const created = await bed.call("intake", "ticket_create", { title: "Fix \u0000 bytes" });
    expect(created).toMatchObject({
      ok: false,
      error: {
        code: "invalid_input",
        message: expect.stringContaining("'title' contains U+0000 (NUL) at character 5"),
      },
    });
    const { id } = await bed.ticketIn("planning");
    const before = await bed.histories();
    const commented = await bed.call("intake", "ticket_comment", { ticketId: id, body: "half \ud83c" });
    expect(commented).toMatchObject({
      ok: false,
      error: {
        code: "invalid_input",
        message: expect.stringContaining("'body' contains an unpaired surrogate"),
      },
    });
    expect(await bed.histories()).toEqual(before);
  });
});
