import { userInfo } from "node:os";
import { quoteList } from "@podkit/core";
import { POD_ENV } from "@podkit/orchestrator-automation/pod-environment";
import { ATTEMPT_BINDING } from "@podkit/ticket-lifecycle";
import { usageError } from "../cli-error.js";

/** Who a command acts as, and where each part came from (for messages). */
export interface Identity {
  readonly role: string;
  readonly roleSource: "flag" | "env" | "default" | "token";
  readonly agentId: string;
  /** The Pod this process runs in, when a launcher said so (`PODKIT_POD_ID`). */
  readonly podId?: string;
  /**
   * Scope bindings for the toolset: `{ ticket }` when a ticket was given, and inside a Pod the
   * attempt (lease token) it was launched for, from the launcher's environment only.
   */
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
 * `withLeaseToken`, so a stale variable cannot break commands that never use it — except inside
 * a Pod (`PODKIT_POD_ID` set), where `PODKIT_LEASE_TOKEN` names the attempt the Pod was launched
 * for and is bound to its toolset (for the Pod's own ticket only).
 */
export function resolveIdentity(
  flags: IdentityFlags,
  env: Readonly<Record<string, string | undefined>>,
  options: {
    readonly defaultRole?: string;
    readonly withLeaseToken?: boolean;
    /** The roles the configuration knows, named in the message when no role was given. */
    readonly knownRoles?: readonly string[];
  } = {},
): Identity {
  const fromEnv = (name: string) => (env[name] === undefined || env[name] === "" ? undefined : env[name]);
  const envRole = fromEnv(POD_ENV.role);
  let role: string;
  let roleSource: Identity["roleSource"];
  if (flags.role !== undefined) [role, roleSource] = [flags.role, "flag"];
  else if (envRole !== undefined) [role, roleSource] = [envRole, "env"];
  else if (options.defaultRole !== undefined) [role, roleSource] = [options.defaultRole, "default"];
  else {
    const known = options.knownRoles === undefined ? "" : ` Known roles: ${quoteList(options.knownRoles)}.`;
    throw usageError(`A role is required: pass --role ROLE or set ${POD_ENV.role}.${known}`);
  }
  const ticket = flags.ticket ?? fromEnv(POD_ENV.ticketId);
  const token = options.withLeaseToken ? (flags.leaseToken ?? fromEnv(POD_ENV.leaseToken)) : undefined;
  const podId = fromEnv(POD_ENV.podId);
  const attemptToken =
    podId !== undefined && ticket === fromEnv(POD_ENV.ticketId) ? fromEnv(POD_ENV.leaseToken) : undefined;
  return {
    role,
    roleSource,
    agentId: flags.agent ?? fromEnv(POD_ENV.agentId) ?? defaultAgentId(),
    ...(podId === undefined ? {} : { podId }),
    bindings: {
      ...(ticket === undefined ? {} : { ticket }),
      ...(attemptToken === undefined
        ? {}
        : { [ATTEMPT_BINDING]: String(parseLeaseToken(attemptToken, true)) }),
    },
    ...(token === undefined ? {} : { leaseToken: parseLeaseToken(token, flags.leaseToken === undefined) }),
  };
}

/** A lease token from `--lease-token` (or, `fromEnv`, PODKIT_LEASE_TOKEN); a usage error unless a positive integer. */
export function parseLeaseToken(text: string, fromEnv: boolean): number {
  const token = Number(text);
  if (!/^[0-9]+$/.test(text.trim()) || !Number.isSafeInteger(token) || token < 1) {
    const source = fromEnv ? POD_ENV.leaseToken : "--lease-token";
    throw usageError(
      `${source} must be a positive integer (the token ticket_accept returned); got '${text}'.`,
    );
  }
  return token;
}

/** The identity as `podkit.toolset(…)` options: role, agent, Pod and bindings. */
export function toolsetOptions(identity: Identity): {
  role: string;
  agentId: string;
  podId?: string;
  bindings: Readonly<Record<string, string>>;
} {
  return {
    role: identity.role,
    agentId: identity.agentId,
    ...(identity.podId === undefined ? {} : { podId: identity.podId }),
    bindings: identity.bindings,
  };
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
  const source =
    identity.roleSource === "env"
      ? ` (from ${POD_ENV.role})`
      : identity.roleSource === "token"
        ? ` (from ${POD_ENV.token})`
        : "";
  return `role '${identity.role}'${source}`;
}
