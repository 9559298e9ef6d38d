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
