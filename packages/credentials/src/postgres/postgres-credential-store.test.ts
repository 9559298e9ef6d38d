import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { credentialStoreContract } from "../fixtures/credential-store-contract.js";
import { createPostgresCredentialStore } from "./create-postgres-credential-store.js";

const URL = process.env.PODKIT_PG_URL ?? "";
if (URL === "")
  console.warn(
    "[PostgresCredentialStore] skipped: PODKIT_PG_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test).",
  );

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

describe.skipIf(URL === "")("PostgresCredentialStore", () => {
  credentialStoreContract(async () => {
    const schema = `podkit_cred_${randomBytes(5).toString("hex")}`;
    return {
      store: await createPostgresCredentialStore({ url: URL, schema }),
      reopen: () => createPostgresCredentialStore({ url: URL, schema }),
      cleanup: () => dropSchema(schema),
    };
  });

  it("stores only the token's SHA-256 in the credentials table of the ticket schema", async () => {
    const schema = `podkit_cred_${randomBytes(5).toString("hex")}`;
    const store = await createPostgresCredentialStore({ url: URL, schema });
    try {
      const { token } = await store.create({ role: "human", agentId: "alice" });
      const client = new pg.Client({ connectionString: URL });
      await client.connect();
      const { rows } = await client.query(`SELECT * FROM "${schema}".credentials`);
      await client.end();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(token.slice(20));
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });

  it("refuses an empty connection string before connecting", async () => {
    await expect(createPostgresCredentialStore({ url: " " })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
