import { ErrorCode, type RequestId } from "@modelcontextprotocol/sdk/types.js";

/**
 * A JSON-RPC error response the server writes itself, outside the SDK's request handling. Its id
 * is `null` when the message's own could not be read, as JSON-RPC 2.0 requires.
 */
export interface RefusalResponse {
  readonly jsonrpc: "2.0";
  readonly id: RequestId | null;
  readonly error: { readonly code: number; readonly message: string };
}

/** The error codes a refused message is answered with (JSON-RPC 2.0's own, as the SDK names them). */
export const REFUSAL_CODE = {
  parseError: ErrorCode.ParseError,
  invalidRequest: ErrorCode.InvalidRequest,
  invalidParams: ErrorCode.InvalidParams,
} as const;

/** Builds a {@link RefusalResponse}. */
export function refusalResponse(id: RequestId | null, code: number, message: string): RefusalResponse {
  return { jsonrpc: "2.0", id, error: { code, message } };
}
