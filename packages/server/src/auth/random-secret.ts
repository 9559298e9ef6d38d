import { randomBytes, timingSafeEqual } from "node:crypto";

/** 256 random bits, base64url: session ids and CSRF tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares two secrets in constant time; anything that is not a string never matches. */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}
