import { describeTicketBackendConformance } from "@podkit/ticket-lifecycle/conformance";
import { describeWithPostgres, openTestBackend } from "./testing/test-database.js";

// Database time cannot be moved, so the suite tests lease expiry with minimum-length leases and
// real waiting; every test gets a schema of its own, dropped afterwards.
describeWithPostgres("PostgresTicketBackend", () => {
  describeTicketBackendConformance("postgres", { create: () => openTestBackend() });
});
