import { describe, expect, it } from "vitest";
import { generateToken, hashToken, tokenId, tokenMatches } from "./token-format.js";

describe("token format", () => {
  it("carries a recognisable prefix, its id and 256 random bits", () => {
    const { id, token } = generateToken();
    expect(token.startsWith(`pk_${id}_`)).toBe(true);
    expect(Buffer.from(token.slice(`pk_${id}_`.length), "base64url")).toHaveLength(32);
    expect(tokenId(token)).toBe(id);
  });

  it("reads no id from anything that is not a token", () => {
    for (const value of [
      undefined,
      1,
      "",
      "pk_",
      `pk_zz23456789abcdef_${"A".repeat(43)}`,
      ` ${generateToken().token}`,
    ])
      expect(tokenId(value)).toBeUndefined();
  });

  it("matches a token only against its own hash", () => {
    const { token } = generateToken();
    const other = generateToken().token;
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(other, hashToken(token))).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, "abc")).toBe(false);
  });
});
