/**
 * Per-role bearer credentials: tokens shown once and stored only as SHA-256 hashes, with expiry,
 * revocation and short-lived Pod tokens; file and in-memory stores.
 *
 * @module @podkit/credentials
 */
export {
  type CreateCredentialOptions,
  type CreatedCredential,
  type Credential,
  type CredentialChange,
  type CredentialStore,
  credentialRefusal,
  type RefusalReason,
  type VerifiedCredential,
  type VerifyResult,
} from "./credential.js";
export { CredentialError, type CredentialErrorCode } from "./credential-error.js";
export {
  CREDENTIAL_FILE_MODE,
  createFileCredentialStore,
  FileCredentialStore,
  type FileCredentialStoreOptions,
} from "./file/file-credential-store.js";
export { MemoryCredentialStore } from "./memory-credential-store.js";
export {
  type MintPodCredentialOptions,
  mintPodCredential,
  type PodCredential,
} from "./mint-pod-credential.js";
export { isCredentialId, TOKEN_PREFIX, tokenId } from "./token-format.js";
