/**
 * File-system helpers the file-backed stores of podkit's packages share (tickets, credentials):
 * directory fsync for durable names and the code of a Node system error. Node only.
 *
 * @module @podkit/core/durable-fs
 */
export { errorCode } from "./error-code.js";
export { fsyncDirectory } from "./fsync-directory.js";
