/** A request body read as text, or refused for its size before more than the limit is read. */
export type BodyText = { readonly ok: true; readonly text: string } | { readonly ok: false };

/**
 * Reads `request`'s body as UTF-8 text, refusing one over `maxBytes`: by its Content-Length
 * before reading anything, and while reading a body sent without one (chunked), so no more than
 * the limit is ever held. A body with a Content-Length is read in one piece, straight from the
 * socket on `@hono/node-server` (no web stream in between).
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<BodyText> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (Number(declared) > maxBytes) return { ok: false };
    const text = await request.text();
    // HTTP framing holds a body to its Content-Length; a Request built in process need not.
    return Buffer.byteLength(text) > maxBytes ? { ok: false } : { ok: true, text };
  }
  if (request.body === null) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks).toString("utf8") };
}
