/**
 * The podkit command line as a library: find, load and validate `podkit.config.yaml`, open its
 * ticket store, and open a podkit host (`openPodkit`) exactly as the `podkit` commands do.
 *
 * @module podkit
 */
export { type ConfigProblem, PodkitConfigError } from "./config/config-error.js";
export { CONFIG_FILE_NAME, type PodkitConfigFile, PodkitConfigSchema } from "./config/config-schema.js";
export { findConfigFile } from "./config/find-config-file.js";
export { loadPodkitConfig, type PodkitConfig, parsePodkitConfig } from "./config/load-config.js";
export { openTicketBackend } from "./config/open-ticket-backend.js";
export { type OpenPodkitOptions, openPodkit } from "./open-podkit.js";
