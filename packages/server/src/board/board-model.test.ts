import { PodkitEmitter } from "@podkit/core";
import { MemoryTicketBackend, type TicketBackend } from "@podkit/ticket-lifecycle";
import { describe, expect, it } from "vitest";
import { BoardModel } from "./board-model.js";

describe("BoardModel", () => {
  it("survives a store that cannot be read at first: the next ready() reads it again", async () => {
    const backend = new MemoryTicketBackend();
    await backend.create({
      event: { kind: "create", to: "planning", data: { title: "First" } },
      actor: { role: "intake", agentId: "i" },
    });
    // The first load and the retry of the first ready() fail; the next ready() reads it.
    let failures = 2;
    const flaky: TicketBackend = Object.assign(Object.create(backend) as TicketBackend, {
      list: async () => {
        if (failures-- > 0) throw new Error("store down");
        return backend.list();
      },
    });
    const events = new PodkitEmitter();
    const model = new BoardModel({ backend: flaky, events });
    await expect(model.ready()).rejects.toThrow("store down");
    // A change arriving meanwhile must not crash the process with an unhandled rejection.
    events.emit("ticket-changed", { ticketId: "T-1", seq: 1 });
    await model.ready();
    expect(model.columns(10).find((column) => column.state === "planning")?.count).toBe(1);
    model.close();
  });
});
