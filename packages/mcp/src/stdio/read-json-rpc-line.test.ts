import { describe, expect, it } from "vitest";
import { readJsonRpcLine } from "./read-json-rpc-line.js";

describe("readJsonRpcLine", () => {
  it("reads requests, notifications and responses", () => {
    for (const message of [
      { jsonrpc: "2.0", id: 1, method: "ping" },
      { jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "x" } },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      { jsonrpc: "2.0", id: 4, result: {} },
    ])
      expect(readJsonRpcLine(JSON.stringify(message))).toEqual({ kind: "message", message });
  });

  it("skips blank lines", () => {
    expect(readJsonRpcLine("  \t")).toEqual({ kind: "blank" });
  });

  it("answers text that is not JSON with a parse error under a null id", () => {
    const read = readJsonRpcLine('{"jsonrpc":"2.0","id":1');
    expect(read).toMatchObject({
      kind: "refused",
      response: { jsonrpc: "2.0", id: null, error: { code: -32700 } },
    });
    expect(read.kind === "refused" && read.response?.error.message).toMatch(
      /^Parse error: the line is not valid JSON \(.+\)\. Send one JSON-RPC message per line\.$/,
    );
  });

  it.each([
    [[], null, "batches (JSON arrays) are not supported by MCP; send one message per line"],
    [42, null, "a message is a JSON object, not number"],
    [{ id: 3, method: "ping" }, 3, `'jsonrpc' must be "2.0", got nothing`],
    [{ jsonrpc: "1.0", id: "r", method: "ping" }, "r", `'jsonrpc' must be "2.0", got "1.0"`],
    [
      { jsonrpc: "2.0", id: 5, method: "ping", extra: 1 },
      5,
      "unexpected member 'extra'; a message has only jsonrpc, id, method, params, result, error",
    ],
    [{ jsonrpc: "2.0", id: true, method: "ping" }, null, "'id' must be a string or an integer, got true"],
    [{ jsonrpc: "2.0", id: 1.5, method: "ping" }, null, "'id' must be a string or an integer, got 1.5"],
    [{ jsonrpc: "2.0", id: 6, method: 7 }, 6, "'method' must be a string, got 7"],
    [
      { jsonrpc: "2.0", id: 8, method: "m", params: [1] },
      8,
      "'params' must be an object when present, got [1]",
    ],
    [
      { jsonrpc: "2.0", id: 9 },
      9,
      "a message has a 'method' (a request or notification) or a 'result' or 'error' (a response)",
    ],
  ])("answers %j with -32600 under id %j: %s", (value, id, problem) => {
    expect(readJsonRpcLine(JSON.stringify(value))).toEqual({
      kind: "refused",
      problem: `Invalid Request: ${problem}.`,
      response: { jsonrpc: "2.0", id, error: { code: -32600, message: `Invalid Request: ${problem}.` } },
    });
  });

  it("does not answer a malformed response, since JSON-RPC never answers a response", () => {
    const read = readJsonRpcLine(JSON.stringify({ jsonrpc: "2.0", id: 1, result: 5 }));
    expect(read).toEqual({
      kind: "refused",
      problem: "Invalid Request: not a valid response. (a response, so it is not answered)",
    });
  });
});
