import http from "node:http";
import { Readable } from "node:stream";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";

/**
 * A `fetch` for the MCP SDK's HTTP client transport (its `fetch` option) over `node:http` with a
 * keep-alive agent, as a Node client making many small calls to one server would use: Node 20's
 * built-in `fetch` costs about a millisecond of CPU per call more on a small machine. String
 * bodies only (all the transport sends); an event stream's body streams, so the session's SSE
 * stream works, and any other body is read whole first; redirects come back as they are, like
 * `redirect: "manual"`.
 */
export function nodeHttpFetch(agent = new http.Agent({ keepAlive: true })): FetchLike {
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const body = init.body ?? undefined;
      if (body !== undefined && typeof body !== "string") {
        reject(new TypeError("nodeHttpFetch sends string bodies only"));
        return;
      }
      const headers: Record<string, string> = Object.fromEntries(new Headers(init.headers));
      if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
      const request = http.request(
        new URL(input),
        { method: init.method ?? "GET", headers, agent, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const responseHeaders = new Headers();
          const raw = response.rawHeaders;
          for (let index = 0; index + 1 < raw.length; index += 2)
            responseHeaders.append(raw[index] as string, raw[index + 1] as string);
          const answer = {
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? "",
            headers: responseHeaders,
          };
          const empty = answer.status === 204 || answer.status === 304 || init.method === "HEAD";
          if (empty) {
            response.resume();
            resolve(new Response(null, answer));
          } else if ((response.headers["content-type"] ?? "").startsWith("text/event-stream")) {
            resolve(new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, answer));
          } else {
            // A plain answer is read whole before it is handed over: no web stream in between.
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("error", reject);
            response.on("end", () => resolve(new Response(Buffer.concat(chunks), answer)));
          }
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}
