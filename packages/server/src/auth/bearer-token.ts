/** The token of an `Authorization: Bearer <token>` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

/** The header every 401 carries, as RFC 6750 asks. */
export const WWW_AUTHENTICATE = 'Bearer realm="podkit"';
