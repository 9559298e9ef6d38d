import { createFileTicketBackend, type TicketBackend } from "@podkit/ticket-lifecycle";
import type { PodkitConfig } from "./load-config.js";

/** Opens the ticket store the `backend` section names (paths already absolute; a missing postgres url is `PODKIT_PG_URL`). */
export async function openTicketBackend(
  backend: PodkitConfig["backend"],
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TicketBackend> {
  switch (backend.kind) {
    case "file":
      return createFileTicketBackend({ root: backend.root, force: backend.force });
    case "postgres": {
      // Loaded here, so that `pg` is loaded only when the backend is postgres.
      const { createPostgresTicketBackend } = await import("@podkit/ticket-backend-postgres");
      return createPostgresTicketBackend({
        url: backend.url ?? env.PODKIT_PG_URL ?? "",
        ...(backend.schema === undefined ? {} : { schema: backend.schema }),
      });
    }
  }
}
