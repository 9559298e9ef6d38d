import type { CredentialStore } from "@podkit/credentials";
import { createFileCredentialStore } from "@podkit/credentials";
import { credentialDirectory } from "./credential-directory.js";
import type { PodkitConfig } from "./load-config.js";

/**
 * The credential store that goes with the configured ticket backend: files under `.podkit/credentials`
 * beside the configuration for the file backend, the `credentials` table of the schema for PostgreSQL.
 */
export async function openCredentialStore(
  config: Pick<PodkitConfig, "backend" | "directory">,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CredentialStore> {
  switch (config.backend.kind) {
    case "file":
      return createFileCredentialStore({ directory: credentialDirectory(config.directory) });
    case "postgres": {
      // Loaded here, so that `pg` is loaded only when the backend is postgres.
      const { createPostgresCredentialStore } = await import("@podkit/credentials/postgres");
      return createPostgresCredentialStore({
        url: config.backend.url ?? env.PODKIT_PG_URL ?? "",
        ...(config.backend.schema === undefined ? {} : { schema: config.backend.schema }),
      });
    }
  }
}
