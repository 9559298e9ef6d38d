import { type CredentialStore, credentialRefusal, type VerifiedCredential } from "@podkit/credentials";
import type { PodkitConfig } from "../config/load-config.js";
import { openCredentialStore } from "../config/open-credential-store.js";

/** How often a long-running command re-reads its credential, behind the store's revocation notices. */
const RECHECK_MS = 2_000;

/** A watch on one credential; `stop` ends it and closes its store. */
export interface CredentialWatch {
  stop(): Promise<void>;
}

/**
 * Calls `onEnd` once, as soon as the credential a long-running command acts under is revoked (the
 * store's notice, or a re-read every two seconds) or expires (a timer at its expiry).
 */
export async function watchCredential(
  config: Pick<PodkitConfig, "backend" | "directory">,
  env: Readonly<Record<string, string | undefined>>,
  credential: VerifiedCredential,
  onEnd: (reason: "revoked" | "expired") => void,
): Promise<CredentialWatch> {
  const store: CredentialStore = await openCredentialStore(config, env);
  let ended = false;
  const end = (reason: "revoked" | "expired") => {
    if (ended) return;
    ended = true;
    onEnd(reason);
  };
  const unwatch = store.watch?.((change) => {
    if (change.id === credential.id && change.kind === "revoked") end("revoked");
  });
  const timers: NodeJS.Timeout[] = [];
  if (credential.expiresAt !== undefined) {
    const delay = Math.max(0, Date.parse(credential.expiresAt) - Date.now());
    // setTimeout holds 2^31-1 ms at most; the re-read below covers a longer life.
    if (delay < 2 ** 31 - 1) timers.push(setTimeout(() => end("expired"), delay));
  }
  const recheck = setInterval(() => {
    void store
      .get(credential.id)
      .then((stored) => {
        const refusal = stored === undefined ? "revoked" : credentialRefusal(stored, new Date());
        if (refusal !== undefined) end(refusal === "expired" ? "expired" : "revoked");
      })
      .catch(() => {
        // A store that cannot be read now is read again on the next tick.
      });
  }, RECHECK_MS);
  timers.push(recheck);
  for (const timer of timers) timer.unref();
  return {
    stop: async () => {
      ended = true;
      unwatch?.();
      for (const timer of timers) clearTimeout(timer);
      await store.close().catch(() => {});
    },
  };
}
