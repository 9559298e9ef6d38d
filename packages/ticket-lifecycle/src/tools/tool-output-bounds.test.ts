import { beforeEach, describe, expect, it } from "vitest";
import { createTicketTestbed, type TicketTestbed } from "../testing/ticket-testbed.js";
import { truncateText } from "./ticket-views.js";

const TICKET = "🎫";
/** A UTF-16 code unit that is half of a surrogate pair with its other half missing. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let bed: TicketTestbed;

beforeEach(async () => {
  bed = await createTicketTestbed();
});

async function createTickets(count: number, title = (index: number) => `Ticket ${index + 1}`) {
  for (let index = 0; index < count; index += 1)
    await bed.ok("intake", "ticket_create", { title: title(index) });
}

describe("ticket_list bounds", () => {
  it("pages with limit and offset and reports count, returned and truncated", async () => {
    await createTickets(11);
    const ids = (output: { tickets: { id: string }[] }) => output.tickets.map((ticket) => ticket.id);
    const first = await bed.ok("human", "ticket_list", { limit: 4 });
    expect(ids(first)).toEqual(["T-1", "T-2", "T-3", "T-4"]);
    expect(first).toMatchObject({ count: 11, returned: 4, truncated: true, unreadable: 0 });
    const middle = await bed.ok("human", "ticket_list", { limit: 4, offset: 8 });
    expect(ids(middle)).toEqual(["T-9", "T-10", "T-11"]);
    expect(middle).toMatchObject({ count: 11, returned: 3, truncated: false });
    const beyond = await bed.ok("human", "ticket_list", { offset: 20 });
    expect(beyond).toMatchObject({ tickets: [], count: 11, returned: 0, truncated: false });
  });

  it("returns at most 50 by default", async () => {
    await createTickets(52);
    const listed = await bed.ok("human", "ticket_list", {});
    expect(listed).toMatchObject({ count: 52, returned: 50, truncated: true });
    expect(listed.tickets.at(-1).id).toBe("T-50");
  });

  it("counts only tickets that match the states and the text", async () => {
    await createTickets(5, (index) => (index % 2 === 0 ? `Retry fetch ${index}` : `Other ${index}`));
    await bed.ok("intake", "ticket_mark_ready", { ticketId: "T-1", summary: "S." });
    const byText = await bed.ok("human", "ticket_list", { text: "RETRY", limit: 1 });
    expect(byText).toMatchObject({ count: 3, returned: 1, truncated: true });
    const byState = await bed.ok("human", "ticket_list", { states: ["planning"], text: "retry" });
    expect(byState.tickets.map((ticket: { id: string }) => ticket.id)).toEqual(["T-3", "T-5"]);
    expect(byState).toMatchObject({ count: 2, returned: 2, truncated: false });
  });

  it("lists summaries without bodies", async () => {
    await bed.ok("intake", "ticket_create", { title: "Big", body: "x".repeat(50_000) });
    const listed = await bed.ok("human", "ticket_list", {});
    expect(Object.keys(listed.tickets[0]).sort()).toEqual(
      ["assignee", "dependsOn", "id", "lease", "priority", "seq", "state", "title", "updatedAt"].sort(),
    );
  });
});

describe("ticket_show bounds", () => {
  it("returns the latest historyLimit events, oldest first, with the full count", async () => {
    const { id } = await bed.ticketIn("planning");
    for (let index = 1; index <= 5; index += 1)
      await bed.ok("intake", "ticket_comment", { ticketId: id, body: `Comment ${index}` });
    const shown = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 2 });
    expect(shown.history.events.map((event: { seq: number }) => event.seq)).toEqual([5, 6]);
    expect(shown.history).toMatchObject({ count: 6, returned: 2, truncated: true });
    const none = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 0 });
    expect(none.history).toMatchObject({ events: [], count: 6, returned: 0, truncated: true });
    const all = await bed.ok("human", "ticket_show", { ticketId: id });
    expect(all.history).toMatchObject({ count: 6, returned: 6, truncated: false, nextBefore: null });
  });

  it("pages back through the whole history with historyBefore, each page saying where the older one starts", async () => {
    const { id } = await bed.ticketIn("planning");
    for (let index = 1; index <= 5; index += 1)
      await bed.ok("intake", "ticket_comment", { ticketId: id, body: `Comment ${index}` });
    const seqs = (page: { history: { events: { seq: number }[] } }) =>
      page.history.events.map((event) => event.seq);
    const latest = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 4 });
    expect(seqs(latest)).toEqual([3, 4, 5, 6]);
    expect(latest.history).toMatchObject({ count: 6, returned: 4, truncated: true, nextBefore: 3 });
    const older = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 4, historyBefore: 3 });
    expect(seqs(older)).toEqual([1, 2]);
    expect(older.history).toMatchObject({ count: 6, returned: 2, truncated: false, nextBefore: null });
    const middle = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 2, historyBefore: 5 });
    expect(seqs(middle)).toEqual([3, 4]);
    expect(middle.history).toMatchObject({ truncated: true, nextBefore: 3 });
    const none = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 0, historyBefore: 4 });
    expect(none.history).toMatchObject({ events: [], truncated: true, nextBefore: 4 });
    const beyond = await bed.ok("human", "ticket_show", { ticketId: id, historyBefore: 100 });
    expect(seqs(beyond)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(beyond.history.nextBefore).toBeNull();
  });

  it("truncates the body on a code point boundary and marks the cut", async () => {
    const body = `x${TICKET.repeat(150)}`;
    const { ticket } = await bed.ok("intake", "ticket_create", { title: "Emoji", body });
    const shown = await bed.ok("human", "ticket_show", { ticketId: ticket.id, bodyLimit: 100 });
    expect(shown.ticket.body).toBe(`x${TICKET.repeat(99)}\n… [truncated 51 characters]`);
    expect(shown.ticket.bodyTruncated).toBe(true);
    expect(shown.ticket.body).not.toMatch(LONE_SURROGATE);
    const whole = await bed.ok("human", "ticket_show", { ticketId: ticket.id, bodyLimit: 151 });
    expect(whole.ticket).toMatchObject({ body, bodyTruncated: false });
  });

  it("bounds event bodies in the history by bodyLimit and by 4,000 characters", async () => {
    const { id } = await bed.ticketIn("planning");
    await bed.ok("intake", "ticket_comment", { ticketId: id, body: `${TICKET}x`.repeat(2_500) });
    const small = await bed.ok("human", "ticket_show", { ticketId: id, bodyLimit: 101, historyLimit: 1 });
    const [cut] = small.history.events;
    expect(cut.body).toBe(`${`${TICKET}x`.repeat(50)}${TICKET}\n… [truncated 4899 characters]`);
    expect(cut.body).not.toMatch(LONE_SURROGATE);
    const large = await bed.ok("human", "ticket_show", { ticketId: id, historyLimit: 1 });
    expect([...large.history.events[0].body.split("\n")[0]]).toHaveLength(4_000);
  });

  it("bounds review bodies like history bodies", async () => {
    const { id } = await bed.ticketIn("inprogress");
    await bed.ok("human", "ticket_review", {
      ticketId: id,
      verdict: "request_changes",
      body: TICKET.repeat(5_000),
    });
    const shown = await bed.ok("human", "ticket_show", { ticketId: id });
    expect(shown.ticket.reviews[0].body).toBe(`${TICKET.repeat(4_000)}\n… [truncated 1000 characters]`);
    const small = await bed.ok("human", "ticket_show", { ticketId: id, bodyLimit: 100 });
    expect(small.ticket.reviews[0].body).toBe(`${TICKET.repeat(100)}\n… [truncated 4900 characters]`);
  });

  it("refuses an unknown ticket with not_found", async () => {
    expect(await bed.call("human", "ticket_show", { ticketId: "T-99" })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});

describe("truncateText", () => {
  it("leaves text within the bound alone", () => {
    expect(truncateText(TICKET.repeat(3), 3)).toEqual({ text: TICKET.repeat(3), truncated: false });
  });

  it("never splits a surrogate pair, whatever the bound", () => {
    const text = `a${TICKET}b𝕏${TICKET}${TICKET}c`;
    for (let max = 0; max < [...text].length; max += 1) {
      const { text: cut, truncated } = truncateText(text, max);
      expect(truncated).toBe(true);
      expect(cut).not.toMatch(LONE_SURROGATE);
      expect(cut.startsWith([...text].slice(0, max).join(""))).toBe(true);
      expect(cut.endsWith(`\n… [truncated ${[...text].length - max} characters]`)).toBe(true);
    }
  });
});
