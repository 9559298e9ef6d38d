export {
  createPostgresCredentialStore,
  type PostgresCredentialStoreOptions,
} from "./create-postgres-credential-store.js";
export { PostgresCredentialStore } from "./postgres-credential-store.js";
