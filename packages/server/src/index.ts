/**
 * The HTTP server behind `podkit serve`: a live web board for the human Queue gate and remote MCP
 * over Streamable HTTP, each caller known only by its credential.
 *
 * @module @podkit/server
 */
export type { Caller } from "./caller.js";
export {
  createPodkitServer,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type ListeningAddress,
  MAX_BODY_BYTES,
  type PodkitServer,
  type PodkitServerOptions,
} from "./create-podkit-server.js";
export { ServerError, type ServerErrorCode } from "./server-error.js";
