import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { credentialStoreContract } from "../fixtures/credential-store-contract.js";
import { createFileCredentialStore } from "./file-credential-store.js";

const REPOSITORY_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const WORKER = fileURLToPath(new URL("../fixtures/create-worker.ts", import.meta.url));

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "podkit-credentials-"));
}

describe("FileCredentialStore", () => {
  credentialStoreContract(async () => {
    const base = temporaryDirectory();
    const directory = path.join(base, ".podkit", "credentials");
    return {
      store: createFileCredentialStore({ directory }),
      reopen: async () => createFileCredentialStore({ directory }),
      cleanup: async () => fs.rmSync(base, { recursive: true, force: true }),
    };
  });

  const made: string[] = [];
  afterEach(() => {
    for (const directory of made.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
  });

  it("writes owner-only files (0600) in an owner-only directory (0700) that git ignores", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const directory = path.join(base, "credentials");
    const store = createFileCredentialStore({ directory });
    const { token, credential } = await store.create({ role: "human", agentId: "alice" });
    await store.revoke(credential.id);
    expect(fs.statSync(directory).mode & 0o777).toBe(0o700);
    const names = fs.readdirSync(directory).sort();
    expect(names).toEqual([".gitignore", `${credential.id}.json`, `${credential.id}.revoked`]);
    for (const name of names) expect(fs.statSync(path.join(directory, name)).mode & 0o777, name).toBe(0o600);
    expect(fs.readFileSync(path.join(directory, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    // Only the hash is on disk: no file holds the token or its secret part.
    for (const name of names)
      expect(fs.readFileSync(path.join(directory, name), "utf8")).not.toContain(token.slice(20));
  });

  it("tightens a directory someone made readable by others", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const directory = path.join(base, "credentials");
    fs.mkdirSync(directory, { mode: 0o755 });
    fs.chmodSync(directory, 0o755);
    await createFileCredentialStore({ directory }).create({ role: "human", agentId: "alice" });
    expect(fs.statSync(directory).mode & 0o777).toBe(0o700);
  });

  it("lists nothing and verifies nothing when the directory does not exist yet, and creates nothing", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const directory = path.join(base, "missing");
    const store = createFileCredentialStore({ directory });
    expect(await store.list()).toEqual([]);
    expect(await store.verify(`pk_0123456789abcdef_${"A".repeat(43)}`)).toEqual({
      ok: false,
      reason: "unknown",
    });
    expect(fs.existsSync(directory)).toBe(false);
  });

  it("treats a damaged credential file as unknown and keeps listing the others", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const store = createFileCredentialStore({ directory: base });
    const damaged = await store.create({ role: "human", agentId: "alice" });
    const intact = await store.create({ role: "human", agentId: "bob" });
    const file = path.join(base, `${damaged.credential.id}.json`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"role": "human"', '"role": 7'));
    expect(await store.verify(damaged.token)).toEqual({ ok: false, reason: "unknown" });
    expect((await store.list()).map((each) => each.agentId)).toEqual(["bob"]);
    expect((await store.verify(intact.token)).ok).toBe(true);
  });

  it("notices a record edited, replaced or deleted after it verified, on the very next verify", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const store = createFileCredentialStore({ directory: base });
    const { token, credential } = await store.create({ role: "human", agentId: "alice" });
    const file = path.join(base, `${credential.id}.json`);
    const original = fs.readFileSync(file, "utf8");
    expect(await store.verify(token)).toMatchObject({ ok: true, credential: { agentId: "alice" } });
    // Edited in place (same inode, same length).
    fs.writeFileSync(file, original.replace('"alice"', '"alicE"'));
    expect(await store.verify(token)).toMatchObject({ ok: true, credential: { agentId: "alicE" } });
    // Replaced by another file.
    fs.rmSync(file);
    fs.writeFileSync(file, original.replace('"alice"', '"bobby"'));
    expect(await store.verify(token)).toMatchObject({ ok: true, credential: { agentId: "bobby" } });
    fs.rmSync(file);
    expect(await store.verify(token)).toEqual({ ok: false, reason: "unknown" });
    fs.writeFileSync(file, original);
    expect(await store.verify(token)).toMatchObject({ ok: true, credential: { agentId: "alice" } });
  });

  it("loses nothing when several processes create and revoke at once", async () => {
    const base = temporaryDirectory();
    made.push(base);
    const workers = 4;
    const each = 15;
    const outputs = await Promise.all(
      Array.from(
        { length: workers },
        (_, worker) =>
          new Promise<string>((resolve, reject) =>
            execFile(
              process.execPath,
              ["--conditions=@podkit/source", "--import", "tsx", WORKER, base, String(each), `w${worker}`],
              { cwd: REPOSITORY_ROOT, timeout: 120_000 },
              (error, stdout) => (error === null ? resolve(stdout) : reject(error)),
            ),
          ),
      ),
    );
    const reported = outputs
      .flatMap((output) => output.trim().split("\n"))
      .map((line) => JSON.parse(line) as { token: string; id: string; revoked: boolean });
    expect(reported).toHaveLength(workers * each);
    const store = createFileCredentialStore({ directory: base });
    expect(await store.list()).toHaveLength(workers * each);
    for (const { token, revoked } of reported)
      expect(await store.verify(token)).toEqual(
        revoked ? { ok: false, reason: "revoked" } : expect.objectContaining({ ok: true }),
      );
    expect(fs.readdirSync(base).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  }, 180_000);
});
