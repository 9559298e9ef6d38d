import { describe, expect, it } from "vitest";
import type { TicketCommand } from "../domain/ticket-command.js";
import { ACTORS, type ConformanceContext } from "./conformance-context.js";
import { importedHistory } from "./import-conformance.js";

const NUL = "before\u0000after";
const LONE_HIGH = "emoji cut in half: \ud83c";
const LONE_LOW = "\udfab at the start";
/** Well-formed text that looks close to the refused kinds: astral characters, U+FFFD, an escaped NUL. */
const WELL_FORMED = "🎫 \ufffd \\u0000 tab\tand\r\nCRLF 𝕏";

/**
 * One rule for every backend: ticket text is Unicode text without U+0000 and without unpaired
 * surrogates. The domain refuses it with `invalid_input` naming the field, and each backend
 * refuses it again on raw writes and imports — never as `storage_unavailable` — writing nothing.
 */
export function describeTextConformance(context: () => ConformanceContext): void {
  describe("text every backend can store", () => {
    it("refuses NUL or an unpaired surrogate in any text a command takes, naming the field", async () => {
      const test = context();
      const { ticketId, token = 0 } = await test.driveTo("inprogress");
      const cases: readonly [TicketCommand, string, string][] = [
        [
          { type: "comment", kind: "comment", body: NUL },
          "'body' contains U+0000 (NUL) at character 7",
          "orchestrator",
        ],
        [
          { type: "edit", title: LONE_HIGH },
          "'title' contains an unpaired surrogate U+D83C at character 20",
          "intake",
        ],
        [
          { type: "edit", assignee: LONE_LOW },
          "'assignee' contains an unpaired surrogate U+DFAB at character 1",
          "intake",
        ],
        [
          { type: "report", token, kind: "progress", body: "ok", details: { note: NUL } },
          "'details.note' contains U+0000 (NUL)",
          "orchestrator",
        ],
        [
          { type: "report", token, kind: "progress", body: "ok", details: { [NUL]: 1 } },
          "A field name in 'details' contains U+0000 (NUL)",
          "orchestrator",
        ],
        [{ type: "block", token, reason: NUL }, "'reason' contains U+0000 (NUL)", "orchestrator"],
      ];
      for (const [command, message, role] of cases) {
        const actor = role === "intake" ? ACTORS.intake : ACTORS.orchestrator;
        const refusal = await test.refuses(ticketId, "invalid_input", () =>
          test.execute(actor, ticketId, command),
        );
        expect(refusal.message).toContain(message);
        expect(refusal.message).toContain("without NUL characters or unpaired surrogates");
      }
    });

    it("refuses such text in a new ticket, writing nothing", async () => {
      const test = context();
      for (const [input, field] of [
        [{ title: NUL }, "'title'"],
        [{ title: "Fine", body: LONE_HIGH }, "'body'"],
      ] as const) {
        const error = await test.service.create(ACTORS.intake, input).catch((thrown: unknown) => thrown);
        expect(error).toMatchObject({ code: "invalid_input", message: expect.stringContaining(field) });
      }
      expect((await test.backend.list()).tickets).toEqual([]);
    });

    it("keeps well-formed text that resembles it exactly", async () => {
      const test = context();
      const created = await test.service.create(ACTORS.intake, { title: WELL_FORMED, body: WELL_FORMED });
      const ticketId = created.ticket.id;
      await test.execute(ACTORS.reviewer, ticketId, { type: "comment", kind: "comment", body: WELL_FORMED });
      const record = await test.backend.read(ticketId);
      expect(record?.ticket).toMatchObject({ title: WELL_FORMED, body: WELL_FORMED });
      expect(record?.events.at(-1)?.body).toBe(WELL_FORMED);
    });

    it("refuses it on a raw append or create as well, naming the field, never as storage_unavailable", async () => {
      const test = context();
      const { ticketId } = await test.driveTo("planning");
      await test.refuses(ticketId, "invalid_input", async () =>
        test.backend.append(ticketId, {
          expectedSeq: await test.seqOf(ticketId),
          event: { kind: "comment", body: NUL },
          actor: ACTORS.reviewer,
        }),
      );
      await test.refuses(ticketId, "invalid_input", async () =>
        test.backend.append(ticketId, {
          expectedSeq: await test.seqOf(ticketId),
          event: { kind: "comment", body: "fine" },
          actor: { role: "reviewer", agentId: LONE_LOW },
        }),
      );
      const error = await test.backend
        .create({
          event: { kind: "create", to: "planning", body: "", data: { title: LONE_HIGH, priority: "normal" } },
          actor: ACTORS.intake,
        })
        .catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({
        code: "invalid_input",
        message: expect.stringContaining("'data.title'"),
      });
      expect((await test.backend.list()).tickets.map((ticket) => ticket.id)).toEqual([ticketId]);
    });

    it("refuses to import a history holding such text, naming the event, and imports nothing of it", async () => {
      const test = context();
      const [first, second, ...rest] = importedHistory();
      if (first === undefined || second === undefined) throw new Error("the imported history is too short");
      const damaged = [first, { ...second, body: NUL }, ...rest];
      const error = await test.backend.importHistory("T-7", damaged).catch((thrown: unknown) => thrown);
      expect(error).toMatchObject({
        code: "invalid_input",
        message: expect.stringContaining("Event 2 of ticket 'T-7' cannot be stored: 'body' contains U+0000"),
      });
      expect(await test.backend.read("T-7")).toBeUndefined();
    });
  });
}
