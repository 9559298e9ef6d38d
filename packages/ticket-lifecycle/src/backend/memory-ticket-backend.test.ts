import { createManualClock, describeTicketBackendConformance } from "../conformance/index.js";
import { MemoryTicketBackend } from "./memory-ticket-backend.js";

describeTicketBackendConformance("MemoryTicketBackend on a manual clock", {
  async create() {
    const clock = createManualClock();
    const backend = new MemoryTicketBackend({ clock: clock.now });
    return { backend, clock, cleanup: () => backend.close() };
  },
});

describeTicketBackendConformance("MemoryTicketBackend on real time", {
  async create() {
    const backend = new MemoryTicketBackend();
    return { backend, cleanup: () => backend.close() };
  },
});
