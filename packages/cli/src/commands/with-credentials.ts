import { CredentialError, type CredentialStore } from "@podkit/credentials";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { openCredentialStore } from "../config/open-credential-store.js";
import { resolveConfig } from "../session/resolve-config.js";

/**
 * Opens the configured credential store for one command and closes it afterwards. Credential
 * errors become CLI errors: bad input and a missing credential are the caller's (exit 2 and 1),
 * a store that cannot be used is a configuration problem (exit 2).
 */
export async function withCredentials<T>(
  context: CliContext,
  options: { readonly config?: string | undefined },
  work: (store: CredentialStore, config: PodkitConfig) => Promise<T>,
): Promise<T> {
  const config = resolveConfig({ config: options.config, cwd: context.cwd, env: context.env });
  let store: CredentialStore;
  try {
    store = await openCredentialStore(config, context.env);
  } catch (error) {
    throw asCliError(error);
  }
  try {
    return await work(store, config);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await store.close().catch(() => {});
  }
}

/** A credential error as the CLI reports it; anything else unchanged. */
export function asCliError(error: unknown): unknown {
  if (!CredentialError.isInstance(error)) return error;
  switch (error.code) {
    case "invalid_input":
      return new CliError("usage", error.message, { exitCode: EXIT.usage, cause: error });
    case "not_found":
      return new CliError("not_found", error.message, { exitCode: EXIT.refused, cause: error });
    default:
      return new CliError("invalid_config", error.message, { exitCode: EXIT.usage, cause: error });
  }
}
