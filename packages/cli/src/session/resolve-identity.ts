import { userInfo } from "node:os";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { usageError } from "../cli-error.js";

/** Who a command acts as, and where each part came from (for messages). */
export interface Identity {
  readonly role: string;
  readonly roleSource: "flag" | "env" | "default";
  readonly agentId: string;
  /** Scope bindings for the toolset: `{ ticket }` when a ticket was given. */
  readonly bindings: Readonly<Record<string, string>>;
  /** The lease token to fill into inputs that lack one. */
  readonly leaseToken?: number;
}

export interface IdentityFlags {
  readonly role?: string | undefined;
  readonly agent?: string | undefined;
  readonly ticket?: string | undefined;
  readonly leaseToken?: string | undefined;
}

/**
 * Flags win over `PODKIT_*` variables; `defaultRole` applies when neither names a role
 * (the human commands), and without one a role is required. The lease token is read only
 * `withLeaseToken`, so a stale variable cannot break commands that never use it.
 */
export function resolveIdentity(
  flags: IdentityFlags,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly defaultRole?: string; readonly withLeaseToken?: boolean } = {},
): Identity {
  const fromEnv = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const envRole = fromEnv(POD_ENV.role);
  let role: string;
  let roleSource: Identity["roleSource"];
  if (flags.role !== undefined) [role, roleSource] = [flags.role, "flag"];
  else if (envRole !== undefined) [role, roleSource] = [envRole, "env"];
  else if (options.defaultRole !== undefined) [role, roleSource] = [options.defaultRole, "default"];
  else throw usageError(`A role is required: pass --role ROLE or set ${POD_ENV.role}.`);
  const ticket = flags.ticket ?? fromEnv(POD_ENV.ticketId);
  const token = options.withLeaseToken ? (flags.leaseToken ?? fromEnv(POD_ENV.leaseToken)) : undefined;
  return {
    role,
    roleSource,
    agentId: flags.agent ?? fromEnv(POD_ENV.agentId) ?? defaultAgentId(),
    bindings: ticket === undefined ? {} : { ticket },
    ...(token === undefined ? {} : { leaseToken: parseLeaseToken(token, flags.leaseToken === undefined) }),
  };
}

function parseLeaseToken(text: string, fromEnv: boolean): number {
  const token = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(token) || token < 1) {
    const source = fromEnv ? POD_ENV.leaseToken : "--lease-token";
    throw usageError(
      `${source} must be a positive integer (the token ticket_accept returned); got '${text}'.`,
    );
  }
  return token;
}

/** Who to record in history when nobody said: the operating-system user. */
function defaultAgentId(): string {
  try {
    return userInfo().username || "cli";
  } catch {
    return "cli";
  }
}

/** How a role was chosen, for a message: `role 'coder' (from PODKIT_ROLE)`. */
export function describeRole(identity: Pick<Identity, "role" | "roleSource">): string {
  const source = identity.roleSource === "env" ? ` (from ${POD_ENV.role})` : "";
  return `role '${identity.role}'${source}`;
}
