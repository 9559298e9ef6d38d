import { createFileTicketBackend, type TicketBackend } from "@podkit/ticket-lifecycle";
import type { PodkitConfig } from "./load-config.js";

/** Opens the ticket store the `backend` section names (paths already absolute). */
export async function openTicketBackend(backend: PodkitConfig["backend"]): Promise<TicketBackend> {
  switch (backend.kind) {
    case "file":
      return createFileTicketBackend({ root: backend.root, force: backend.force });
  }
}
