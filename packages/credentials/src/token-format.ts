import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Every podkit token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = "pk_";

/** `pk_<16 hex id>_<43 base64url characters: 256 random bits>`. */
const TOKEN_PATTERN = /^pk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const ID_PATTERN = /^[0-9a-f]{16}$/;

/** A fresh token and the public id inside it. */
export interface GeneratedToken {
  readonly id: string;
  readonly token: string;
}

/**
 * A new token: a random public id (64 bits: names the stored record, so `verify` reads one
 * record, not all) and a random 256-bit secret. Both from the system's CSPRNG.
 */
export function generateToken(): GeneratedToken {
  const id = randomBytes(8).toString("hex");
  return { id, token: `${TOKEN_PREFIX}${id}_${randomBytes(32).toString("base64url")}` };
}

/** The id inside a well-formed token, or undefined for anything else. */
export function tokenId(token: unknown): string | undefined {
  if (typeof token !== "string") return undefined;
  return TOKEN_PATTERN.exec(token)?.[1];
}

/** Whether `id` can be a credential id (16 lower-case hex digits). */
export function isCredentialId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id);
}

/**
 * SHA-256 of the token, hex. A slow password hash would add nothing: the secret is 256 random
 * bits, far beyond guessing, and every request verifies a token.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A hash of nothing real: compared against when no record exists, so both paths cost the same. */
const DUMMY_HASH = hashToken(`${TOKEN_PREFIX}0000000000000000_${"A".repeat(43)}`);

/** Compares the token's hash with a stored one in constant time; `stored` undefined never matches. */
export function tokenMatches(token: string, stored: string | undefined): boolean {
  const actual = Buffer.from(hashToken(token), "hex");
  const expected = Buffer.from(stored ?? DUMMY_HASH, "hex");
  if (expected.length !== actual.length) {
    timingSafeEqual(actual, actual);
    return false;
  }
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
