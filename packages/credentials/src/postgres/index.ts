/**
 * The PostgreSQL credential store, in the ticket backend's schema, for servers that share
 * credentials across machines.
 *
 * @module @podkit/credentials/postgres
 */
export {
  createPostgresCredentialStore,
  type PostgresCredentialStoreOptions,
} from "./create-postgres-credential-store.js";
export { PostgresCredentialStore } from "./postgres-credential-store.js";
