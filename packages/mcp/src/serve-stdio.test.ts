import { PassThrough } from "node:stream";
import { defineFeature, defineTool, type Toolset } from "@podkit/core";
import { createTestToolset } from "@podkit/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTicketPodkit } from "./fixtures/ticket-podkit.js";
import { type ServeStdioOptions, serveStdio } from "./serve-stdio.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Answer {
  readonly id?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string };
}

/** A tool that waits until the test releases it, to hold a call in flight. */
function heldToolset() {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const feature = defineFeature({
    id: "held",
    version: "1.0.0",
    description: "A call that finishes when the test says so.",
    tools: [
      defineTool({
        name: "held_wait",
        description: "Waits to be released.",
        capability: "read",
        input: z.object({}),
        output: z.object({ done: z.boolean() }),
        execute: async () => {
          markStarted();
          await released;
          return { done: true };
        },
      }),
    ],
    roles: { human: { capabilities: ["read"] } },
  });
  return { feature, started, release };
}

/** Serves `toolset` on in-memory streams and reads back every answer and log line. */
async function serve(toolset: Toolset, options: Omit<ServeStdioOptions, "stdin" | "stdout" | "log"> = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const answers: Answer[] = [];
  const logged: string[] = [];
  let buffered = "";
  stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      answers.push(JSON.parse(buffered.slice(0, end)) as Answer);
      buffered = buffered.slice(end + 1);
    }
  });
  const served = await serveStdio(toolset, { ...options, stdin, stdout, log: (line) => logged.push(line) });
  cleanups.push(() => served.close());
  const send = (message: unknown) => stdin.write(`${JSON.stringify(message)}\n`);
  const answerTo = async (id: unknown) => {
    await expect.poll(() => answers.some((answer) => answer.id === id), { timeout: 10_000 }).toBe(true);
    return answers.find((answer) => answer.id === id) as Answer;
  };
  const initialize = async () => {
    send({
      jsonrpc: "2.0",
      id: "init",
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
    });
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    expect((await answerTo("init")).result).toMatchObject({ serverInfo: { name: "podkit" } });
  };
  return { served, stdin, answers, logged, send, answerTo, initialize };
}

async function ticketToolset() {
  const podkit = await createTicketPodkit();
  cleanups.push(() => podkit.dispose());
  return podkit.toolset({ role: "coder", agentId: "coder-1", bindings: { ticket: "T-1" } });
}

describe("serveStdio", () => {
  it("answers newline-delimited JSON-RPC on its streams", async () => {
    const { send, answerTo, initialize } = await serve(await ticketToolset());
    await initialize();
    send({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(await answerTo(1)).toMatchObject({ jsonrpc: "2.0", result: { tools: expect.any(Array) } });
  });

  it("refuses every request but ping before initialize, and a second initialize", async () => {
    const { send, answerTo, initialize, logged } = await serve(await ticketToolset());
    send({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "ticket_show", arguments: {} } });
    expect((await answerTo(1)).error).toEqual({
      code: -32600,
      message:
        "Invalid Request: 'tools/call' before 'initialize'. Send 'initialize' first; only 'ping' is answered before it.",
    });
    send({ jsonrpc: "2.0", id: 2, method: "ping" });
    expect(await answerTo(2)).toMatchObject({ result: {} });
    await initialize();
    send({ jsonrpc: "2.0", id: 3, method: "initialize", params: {} });
    expect((await answerTo(3)).error?.code).toBe(-32600);
    expect(logged.filter((line) => line.startsWith("refused a message"))).toHaveLength(2);
  });

  it("answers bad params of a served request with -32602 and what was wrong", async () => {
    const { send, answerTo, initialize } = await serve(await ticketToolset());
    await initialize();
    send({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { arguments: {} } });
    expect((await answerTo(4)).error).toEqual({
      code: -32602,
      message:
        "Invalid params for 'tools/call': params.name: Invalid input: expected string, received undefined.",
    });
  });

  it("refuses a message over the size limit under its own id, logs it, and serves the next", async () => {
    const { stdin, send, answers, answerTo, initialize, logged } = await serve(await ticketToolset(), {
      maxMessageBytes: 1024,
    });
    await initialize();
    const long = JSON.stringify({
      method: "tools/call",
      params: { name: "ticket_comment", arguments: { ticketId: "T-1", body: "x".repeat(4000) } },
      jsonrpc: "2.0",
      id: 5,
    });
    stdin.write(`${long.slice(0, 1500)}`);
    stdin.write(`${long.slice(1500)}\n`);
    send({ jsonrpc: "2.0", id: 6, method: "ping" });
    expect((await answerTo(5)).error).toEqual({
      code: -32600,
      message: `Invalid Request: the message is ${long.length} bytes; the limit is 1024 bytes. Send a smaller message (e.g. smaller tool arguments).`,
    });
    expect(await answerTo(6)).toMatchObject({ result: {} });
    expect(answers.map((answer) => answer.id)).toEqual(["init", 5, 6]);
    expect(logged).toContainEqual(expect.stringMatching(/^refused a message \(answered -32600 for id 5\)/));
  });

  it("answers a call still running when stdin closes, and closes only then", async () => {
    const held = heldToolset();
    const { toolset } = await createTestToolset(held.feature, "human");
    const { served, stdin, send, answers, initialize } = await serve(toolset);
    await initialize();
    send({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "held_wait", arguments: {} } });
    await held.started;
    let closed = false;
    void served.closed.then(() => {
      closed = true;
    });
    const ended = new Promise((resolve) => stdin.once("end", resolve));
    stdin.end();
    await ended;
    expect(closed).toBe(false);
    held.release();
    await served.closed;
    expect(answers.find((answer) => answer.id === 7)?.result).toMatchObject({
      structuredContent: { done: true },
    });
    expect(served.server.transport).toBeUndefined();
  });

  it("closes after the drain timeout with the unanswered calls logged", async () => {
    const held = heldToolset();
    cleanups.push(held.release);
    const { toolset } = await createTestToolset(held.feature, "human");
    const { served, stdin, send, initialize, logged } = await serve(toolset, { drainTimeoutMs: 50 });
    await initialize();
    send({ jsonrpc: "2.0", id: 8, method: "tools/call", params: { name: "held_wait", arguments: {} } });
    await held.started;
    stdin.end();
    await served.closed;
    expect(logged).toContainEqual("input ended 50 ms ago; closing with 1 call(s) unanswered (ids 8)");
  });

  it("does not wait for a call the client cancelled", async () => {
    const held = heldToolset();
    cleanups.push(held.release);
    const { toolset } = await createTestToolset(held.feature, "human");
    const { served, stdin, send, initialize, logged } = await serve(toolset);
    await initialize();
    send({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "held_wait", arguments: {} } });
    await held.started;
    send({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 9, reason: "user" } });
    stdin.end();
    await served.closed;
    expect(logged.filter((line) => line.includes("unanswered"))).toEqual([]);
  });
});
