import {
  CallToolRequestSchema,
  InitializeRequestSchema,
  type JSONRPCRequest,
  ListToolsRequestSchema,
  PingRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { REFUSAL_CODE, type RefusalResponse, refusalResponse } from "./json-rpc-error.js";

/** The requests podkit's server answers, by method, with the SDK's schema for each. */
const SERVED_REQUESTS = new Map(
  [InitializeRequestSchema, PingRequestSchema, ListToolsRequestSchema, CallToolRequestSchema].map(
    (schema) => [schema.shape.method.value as string, schema],
  ),
);

/**
 * The lifecycle of one MCP connection, checked before a request reaches the SDK's `Server`, which
 * checks neither: nothing but `ping` before `initialize`, `initialize` once, and the params of
 * the requests podkit serves checked against the SDK's schemas, so a bad one is answered -32602
 * (the SDK would answer -32603 "internal error" with a raw schema dump). Methods podkit does not
 * serve pass on, for the SDK's -32601.
 */
export class SessionGate {
  #initialized = false;

  /** Whether an `initialize` request has been let through. */
  get initialized(): boolean {
    return this.#initialized;
  }

  /** Checks one request; returns the refusal to answer it with, or `undefined` to let it through. */
  check(request: JSONRPCRequest): RefusalResponse | undefined {
    const { id, method } = request;
    if (method === "initialize" && this.#initialized)
      return refusalResponse(
        id,
        REFUSAL_CODE.invalidRequest,
        "Invalid Request: the server is already initialized; 'initialize' is sent once per connection.",
      );
    if (method !== "initialize" && method !== "ping" && !this.#initialized)
      return refusalResponse(
        id,
        REFUSAL_CODE.invalidRequest,
        `Invalid Request: '${method}' before 'initialize'. Send 'initialize' first; only 'ping' is answered before it.`,
      );
    const schema = SERVED_REQUESTS.get(method);
    const parsed = schema?.safeParse(request);
    if (parsed !== undefined && !parsed.success) {
      const issues = parsed.error.issues
        .map((issue) => `${issue.path.length === 0 ? "(message)" : issue.path.join(".")}: ${issue.message}`)
        .join("; ");
      return refusalResponse(id, REFUSAL_CODE.invalidParams, `Invalid params for '${method}': ${issues}.`);
    }
    if (method === "initialize") this.#initialized = true;
    return undefined;
  }
}
