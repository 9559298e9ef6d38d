import { describe } from "vitest";
import { credentialStoreContract } from "./fixtures/credential-store-contract.js";
import { MemoryCredentialStore } from "./memory-credential-store.js";

describe("MemoryCredentialStore", () => {
  credentialStoreContract(async () => {
    const store = new MemoryCredentialStore();
    // One process: another handle is the same store.
    return { store, reopen: async () => store, cleanup: async () => {} };
  });
});
