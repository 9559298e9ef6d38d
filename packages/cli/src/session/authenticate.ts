import type { VerifiedCredential } from "@podkit/credentials";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { ATTEMPT_BINDING, parsePodId } from "@podkit/ticket-lifecycle";
import type { CliContext } from "../cli-context.js";
import { CliError, EXIT } from "../cli-error.js";
import type { PodkitConfig } from "../config/load-config.js";
import { openCredentialStore } from "../config/open-credential-store.js";
import { type Identity, type IdentityFlags, parseLeaseToken, resolveIdentity } from "./resolve-identity.js";

/** An identity, and under `auth: required` the credential it was read from. */
export interface Authenticated {
  readonly identity: Identity;
  readonly credential?: VerifiedCredential;
}

/**
 * Who a command acts as. With `auth` off: flags, then `PODKIT_*` variables ({@link resolveIdentity}).
 * With `auth: required`: the credential in `PODKIT_TOKEN` and nothing else — no token or a dead one
 * is `unauthorized`, a `--role`, `--agent` or `--ticket` that disagrees with it is
 * `identity_mismatch`, and `PODKIT_LEASE_TOKEN` is ignored. A Pod's credential (its agent id a Pod
 * id of its ticket and role) binds the toolset to the attempt that id names, and to no other.
 */
export async function authenticate(
  context: Pick<CliContext, "env">,
  config: Pick<PodkitConfig, "auth" | "backend" | "directory" | "file">,
  flags: IdentityFlags,
  options: { readonly defaultRole?: string; readonly withLeaseToken?: boolean } = {},
): Promise<Authenticated> {
  if (config.auth !== "required") return { identity: resolveIdentity(flags, context.env, options) };
  const token = context.env[POD_ENV.token];
  if (token === undefined || token === "") {
    throw unauthorized(
      `${config.file} says 'auth: required': this command takes its identity from ${POD_ENV.token}, and none is set. Create one with 'podkit token create --role ROLE --agent ID' (the orchestrator gives each Pod its own); nothing was done.`,
    );
  }
  const store = await openCredentialStore(config, context.env);
  let verified: Awaited<ReturnType<typeof store.verify>>;
  try {
    verified = await store.verify(token);
  } finally {
    await store.close().catch(() => {});
  }
  if (!verified.ok) {
    throw unauthorized(
      `${POD_ENV.token} is not a live credential (unknown, expired or revoked); nothing was done. 'podkit token list' shows the credentials.`,
    );
  }
  const credential = verified.credential;
  disagreement(flags.role, credential.role, "--role", "role");
  disagreement(flags.agent, credential.agentId, "--agent", "agent");
  if (credential.ticketId !== undefined)
    disagreement(flags.ticket, credential.ticketId, "--ticket", "ticket");
  const ticket = credential.ticketId ?? flags.ticket;
  const pod =
    credential.ticketId === undefined
      ? undefined
      : parsePodId(credential.agentId, credential.ticketId, credential.role);
  const leaseToken =
    options.withLeaseToken !== true
      ? undefined
      : flags.leaseToken !== undefined
        ? parseLeaseToken(flags.leaseToken, false)
        : pod?.token;
  return {
    credential,
    identity: {
      role: credential.role,
      roleSource: "token",
      agentId: credential.agentId,
      ...(pod === undefined ? {} : { podId: credential.agentId }),
      bindings: {
        ...(ticket === undefined ? {} : { ticket }),
        ...(pod === undefined ? {} : { [ATTEMPT_BINDING]: String(pod.token) }),
      },
      ...(leaseToken === undefined ? {} : { leaseToken }),
    },
  };
}

function unauthorized(message: string): CliError {
  return new CliError("unauthorized", message, { exitCode: EXIT.refused });
}

function disagreement(flag: string | undefined, actual: string, option: string, what: string): void {
  if (flag === undefined || flag === actual) return;
  throw new CliError(
    "identity_mismatch",
    `${option} '${flag}' is not the ${what} of the credential in ${POD_ENV.token} ('${actual}'): under 'auth: required' the token alone says who you are; nothing was done.`,
    { exitCode: EXIT.refused },
  );
}
