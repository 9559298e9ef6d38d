import type { FeatureGrant, ResolvedRoleProfile } from "@podkit/core";
import { TICKET_FEATURE_ID } from "./ticket-feature.js";

/** A role grant that is valid but probably not meant: the role and what is wrong with it. */
export interface TicketRoleWarning {
  /** The role the grant belongs to. */
  readonly role: string;
  /** What the grant allows, why that is a risk, and how to fix it. */
  readonly message: string;
}

/** The built-in roles whose Pods work on one ticket, and must stay bound to it. */
const TICKET_BOUND_ROLES = ["coder", "reviewer"];

/**
 * Ticket grants a configuration can make but should not without knowing it: the Queue gate held by
 * a role other than `human` (its agents could queue work no person approved), and a coder or
 * reviewer (or a role built on one) whose ticket grant lost `scope: { ticket: … }` (its Pods could
 * act on every ticket). Hosts print these loudly at startup.
 */
export function ticketRoleWarnings(roles: {
  roles(): string[];
  resolve(role: string): ResolvedRoleProfile;
}): TicketRoleWarning[] {
  return roles.roles().flatMap((role) => {
    const profile = roles.resolve(role);
    const grant = Object.hasOwn(profile.features, TICKET_FEATURE_ID)
      ? profile.features[TICKET_FEATURE_ID]
      : undefined;
    if (grant === undefined) return [];
    const warnings: TicketRoleWarning[] = [];
    if (role !== "human" && grantsQueueGate(grant))
      warnings.push({
        role,
        message: `role '${role}' holds the Queue gate (capability 'gate' of '${TICKET_FEATURE_ID}'): its agents can queue tickets for work that no person approved. Only 'human' should hold it; remove 'gate' from this role's grant unless every agent in it is a person.`,
      });
    const boundRole = TICKET_BOUND_ROLES.find((name) => profile.lineage.includes(name));
    if (boundRole !== undefined && grant.capabilities.length > 0 && grant.scope?.ticket === undefined)
      warnings.push({
        role,
        message: `role '${role}' is no longer bound to its ticket: its '${TICKET_FEATURE_ID}' grant has no scope.ticket (the built-in '${boundRole}' has scope: { ticket: bound }), so its Pods can read and write every ticket. Add scope: { ticket: bound }, or extend '${boundRole}' in place (extends: ${boundRole}) instead of replacing it.`,
      });
    return warnings;
  });
}

function grantsQueueGate(grant: FeatureGrant): boolean {
  return (
    grant.capabilities.includes("gate") &&
    !(grant.denyTools ?? []).includes("ticket_queue") &&
    (grant.allowTools === undefined || grant.allowTools.includes("ticket_queue"))
  );
}
