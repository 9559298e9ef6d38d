import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createTicketPodkit } from "./fixtures/ticket-podkit.js";
import { serveStdio } from "./serve-stdio.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function serve() {
  const podkit = await createTicketPodkit();
  cleanups.push(() => podkit.dispose());
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: unknown[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      lines.push(JSON.parse(buffered.slice(0, end)));
      buffered = buffered.slice(end + 1);
    }
  });
  const toolset = podkit.toolset({ role: "coder", agentId: "coder-1", bindings: { ticket: "T-1" } });
  const served = await serveStdio(toolset, { stdin, stdout, events: podkit.registry.events });
  return { served, stdin, lines };
}

describe("serveStdio", () => {
  it("answers newline-delimited JSON-RPC on its streams", async () => {
    const { stdin, lines, served } = await serve();
    cleanups.push(() => served.close());
    stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" })}\n`);
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({ jsonrpc: "2.0", id: 1, result: { tools: expect.any(Array) } });
  });

  it("closes when the client closes stdin, so the host can dispose and exit", async () => {
    const { stdin, served } = await serve();
    let closed = false;
    void served.closed.then(() => {
      closed = true;
    });
    expect(closed).toBe(false);
    stdin.end();
    await served.closed;
    expect(closed).toBe(true);
    expect(served.server.transport).toBeUndefined();
  });
});
