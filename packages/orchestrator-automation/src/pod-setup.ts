/** What the orchestrator's host gives it to prepare each Pod: instructions, the MCP server, credentials. */
export interface PodSetup {
  /** The role's instructions, put before the ticket in the Pod's prompt file (`toolset.instructions()`). */
  instructions?(role: string): string;
  /**
   * How to start `podkit mcp` (argv without the identity flags, which are appended per Pod:
   * `--role`, `--agent`, `--ticket`). Without it no MCP configuration file is written.
   */
  readonly mcpServer?: { readonly command: string; readonly args: readonly string[] };
  /**
   * Mints the Pod's short-lived credential (`auth: required`): the Pod's environment then carries
   * it as `PODKIT_TOKEN` instead of the lease token. Without it (auth off) no credential is made.
   */
  mintCredential?(request: PodCredentialRequest): Promise<MintedPodCredential>;
}

/** The credential a Pod needs: its role, its Pod id as agent, its ticket, until its attempt times out. */
export interface PodCredentialRequest {
  readonly role: string;
  /** The Pod id, which names the attempt (`<ticketId>-t<token>-<role>-<attempt>`). */
  readonly agentId: string;
  readonly ticketId: string;
  readonly expiresAt: Date;
  readonly label: string;
}

/** A minted Pod credential: the token for the Pod's environment, and how to end it. */
export interface MintedPodCredential {
  readonly token: string;
  /** Revokes it; called when the Pod ends. */
  revoke(): Promise<void>;
}

/** How long a Pod credential outlives its attempt's timeout, so a Pod that ends just in time is not cut off. */
export const POD_CREDENTIAL_SLACK_MS = 10_000;
