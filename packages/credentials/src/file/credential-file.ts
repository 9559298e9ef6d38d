import type { Credential } from "../credential.js";
import { CredentialError } from "../credential-error.js";
import { isCredentialId } from "../token-format.js";

/** Bumped if the record layout changes. */
const FORMAT = 1;

/** A credential as stored: the credential without its revocation, plus the token's hash. */
export interface StoredCredential {
  readonly credential: Omit<Credential, "revokedAt">;
  readonly tokenHash: string;
}

/** `<id>.json`: one credential, written once and never changed. */
export function formatCredentialFile(stored: StoredCredential): string {
  return `${JSON.stringify({ format: FORMAT, ...stored.credential, tokenHash: stored.tokenHash }, null, 2)}\n`;
}

/** Parses `<id>.json`; throws `corrupt` naming what is wrong (never echoing the hash). */
export function parseCredentialFile(text: string, id: string): StoredCredential {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw corrupt(id, "it is not JSON");
  }
  if (typeof data !== "object" || data === null) throw corrupt(id, "it is not an object");
  const record = data as Record<string, unknown>;
  if (record.format !== FORMAT) throw corrupt(id, `format ${JSON.stringify(record.format)} is not ${FORMAT}`);
  if (record.id !== id || !isCredentialId(record.id))
    throw corrupt(id, "its id does not match its file name");
  for (const field of ["role", "agentId", "createdAt", "tokenHash"] as const)
    if (typeof record[field] !== "string") throw corrupt(id, `'${field}' is missing`);
  for (const field of ["ticketId", "label", "expiresAt"] as const)
    if (record[field] !== undefined && typeof record[field] !== "string")
      throw corrupt(id, `'${field}' is not text`);
  if (!/^[0-9a-f]{64}$/.test(record.tokenHash as string))
    throw corrupt(id, "'tokenHash' is not a SHA-256 digest");
  const optional = (field: "ticketId" | "label" | "expiresAt") =>
    record[field] === undefined ? {} : { [field]: record[field] as string };
  return {
    credential: {
      id,
      role: record.role as string,
      agentId: record.agentId as string,
      ...optional("ticketId"),
      ...optional("label"),
      createdAt: record.createdAt as string,
      ...optional("expiresAt"),
    },
    tokenHash: record.tokenHash as string,
  };
}

/** `<id>.revoked`: when the credential was revoked. */
export function formatRevocationFile(revokedAt: Date): string {
  return `${JSON.stringify({ revokedAt: revokedAt.toISOString() })}\n`;
}

/** The revocation time in `<id>.revoked`; a damaged marker still revokes (at an unknown time). */
export function parseRevocationFile(text: string): string {
  try {
    const data = JSON.parse(text) as { revokedAt?: unknown };
    if (typeof data.revokedAt === "string" && !Number.isNaN(Date.parse(data.revokedAt)))
      return data.revokedAt;
  } catch {
    // Fall through: the marker's existence is what revokes.
  }
  return new Date(0).toISOString();
}

function corrupt(id: string, why: string): CredentialError {
  return new CredentialError("corrupt", `Credential file '${id}.json' cannot be used: ${why}.`);
}
