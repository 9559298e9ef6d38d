import { describeTicketBackendConformance } from "@podkit/ticket-lifecycle/conformance";
import { afterAll } from "vitest";
import { createPostgresTicketBackend } from "./create-postgres-ticket-backend.js";
import {
  describeWithPostgres,
  dropSchema,
  openEmptiedBackend,
  TEST_PG_URL,
  uniqueSchema,
} from "./testing/test-database.js";

// Database time cannot be moved, so the suite tests lease expiry with minimum-length leases and
// real waiting. The run has a schema of its own, emptied before each test and dropped at the end.
describeWithPostgres("PostgresTicketBackend", () => {
  const schema = uniqueSchema();
  afterAll(() => dropSchema(schema));
  describeTicketBackendConformance("postgres", {
    create: async () => ({
      ...(await openEmptiedBackend(schema)),
      openPeer: () => createPostgresTicketBackend({ url: TEST_PG_URL, schema }),
    }),
    shared: true,
  });
});
