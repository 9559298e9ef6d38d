import type { Credential, CredentialStore } from "./credential.js";

/** What a launcher mints a Pod's credential for. */
export interface MintPodCredentialOptions {
  readonly role: string;
  readonly agentId: string;
  /** The ticket the Pod works on: its toolset is bound to it. */
  readonly ticketId: string;
  /** When the credential stops working, e.g. the attempt's timeout or the lease's end. */
  readonly expiresAt: Date;
  /** For `podkit token list`, e.g. the Pod id. */
  readonly label?: string;
}

/** A Pod's credential: the token to put in its environment, and how to end it with the attempt. */
export interface PodCredential {
  readonly token: string;
  readonly credential: Credential;
  /** Revokes the credential; call it when the Pod ends, whatever happened. Safe to call twice. */
  revoke(): Promise<void>;
}

/**
 * Mints a short-lived credential for one Pod — role, agent id and one ticket, expiring with the
 * attempt — so the Pod's environment carries only that (as `PODKIT_TOKEN`), never a lease token
 * or a broader role. Expiry bounds it even if `revoke` is never reached (a crashed launcher).
 */
export async function mintPodCredential(
  store: CredentialStore,
  options: MintPodCredentialOptions,
): Promise<PodCredential> {
  const { token, credential } = await store.create({
    role: options.role,
    agentId: options.agentId,
    ticketId: options.ticketId,
    expiresAt: options.expiresAt,
    label: options.label,
  });
  return {
    token,
    credential,
    revoke: async () => {
      await store.revoke(credential.id);
    },
  };
}
