import {
  type JSONRPCMessage,
  JSONRPCMessageSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { REFUSAL_CODE, type RefusalResponse, refusalResponse } from "../json-rpc-error.js";

/** What one line of input turned out to be. */
export type ReadLine =
  | { readonly kind: "message"; readonly message: JSONRPCMessage }
  | { readonly kind: "blank" }
  | {
      readonly kind: "refused";
      /** What was wrong, for the server's log. */
      readonly problem: string;
      /** The error to answer with; absent for a bad response, which JSON-RPC never answers. */
      readonly response?: RefusalResponse;
    };

const MEMBERS = new Set(["jsonrpc", "id", "method", "params", "result", "error"]);

/**
 * Reads one line as a JSON-RPC 2.0 message of MCP: a request, a notification or a response,
 * checked with the SDK's own schema. Anything else is refused with the error JSON-RPC defines:
 * -32700 for text that is not JSON, -32600 for JSON that is not a message (under the message's
 * id when it has a readable one, else `null`). MCP has no batches, so an array is refused too.
 */
export function readJsonRpcLine(text: string): ReadLine {
  if (text.trim() === "") return { kind: "blank" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = `Parse error: the line is not valid JSON (${(error as Error).message}). Send one JSON-RPC message per line.`;
    return { kind: "refused", problem, response: refusalResponse(null, REFUSAL_CODE.parseError, problem) };
  }
  const parsed = JSONRPCMessageSchema.safeParse(value);
  if (parsed.success) return { kind: "message", message: value as JSONRPCMessage };
  const problem = `Invalid Request: ${describeProblem(value)}.`;
  if (isRecord(value) && !("method" in value) && ("result" in value || "error" in value))
    return { kind: "refused", problem: `${problem} (a response, so it is not answered)` };
  return {
    kind: "refused",
    problem,
    response: refusalResponse(readableId(value), REFUSAL_CODE.invalidRequest, problem),
  };
}

/** Says what keeps `value` from being a JSON-RPC message, and what is allowed. */
function describeProblem(value: unknown): string {
  if (Array.isArray(value))
    return "batches (JSON arrays) are not supported by MCP; send one message per line";
  if (!isRecord(value)) return `a message is a JSON object, not ${value === null ? "null" : typeof value}`;
  if (value.jsonrpc !== "2.0")
    return `'jsonrpc' must be "2.0", got ${JSON.stringify(value.jsonrpc) ?? "nothing"}`;
  const unknown = Object.keys(value).filter((member) => !MEMBERS.has(member));
  if (unknown.length > 0)
    return `unexpected member${unknown.length === 1 ? "" : "s"} ${unknown.map((name) => `'${name}'`).join(", ")}; a message has only jsonrpc, id, method, params, result, error`;
  if ("id" in value && readableId(value) === null)
    return `'id' must be a string or an integer, got ${JSON.stringify(value.id)}`;
  if ("method" in value) {
    if (typeof value.method !== "string")
      return `'method' must be a string, got ${JSON.stringify(value.method)}`;
    if ("params" in value && !isRecord(value.params))
      return `'params' must be an object when present, got ${JSON.stringify(value.params)}`;
    return "not a valid request or notification";
  }
  if ("result" in value || "error" in value) return "not a valid response";
  return "a message has a 'method' (a request or notification) or a 'result' or 'error' (a response)";
}

/** The message's id when it is one a response can carry (a string or an integer), else `null`. */
function readableId(value: unknown): RequestId | null {
  if (!isRecord(value)) return null;
  const { id } = value;
  return typeof id === "string" || Number.isSafeInteger(id) ? (id as RequestId) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
