import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  describeWithPostgres,
  dropSchema,
  TEST_PG_URL,
  uniqueSchema,
} from "../../packages/ticket-backend-postgres/src/testing/test-database.js";
import {
  CLI_TIMEOUT_MS,
  makeInitializedRepository,
  makeRepository,
  runPodkit,
  singleJson,
} from "../cli/run-podkit.js";
import { type ServeProcess, startServe } from "./serve-process.js";

/** An MCP client over Streamable HTTP with `token` as bearer. */
async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: "cli-serve-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL("/mcp", url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** Waits until `check` holds; the ceiling bounds a hang, it asserts no speed. */
async function eventually(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("podkit token", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  beforeAll(async () => {
    repository = await makeInitializedRepository({ auth: "required" });
  }, CLI_TIMEOUT_MS);
  afterAll(() => rmSync(repository, { recursive: true, force: true }));

  it("init writes auth: required and says how to create the human token", async () => {
    expect(readFileSync(join(repository, "podkit.config.yaml"), "utf8")).toMatch(/^auth: required$/m);
    const other = await makeRepository();
    try {
      const init = await runPodkit(["init"], { cwd: other });
      expect(init.stdout).toContain("podkit token create --role human --agent");
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("creates a token, prints it once on stdout, and lists it without the token", async () => {
    const created = await runPodkit(
      [
        "token",
        "create",
        "--role",
        "coder",
        "--agent",
        "pod-7",
        "--ticket",
        "T-3",
        "--expires",
        "8h",
        "--label",
        "a Pod",
      ],
      { cwd: repository },
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^pk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain("shown only now");
    expect(created.stderr).not.toContain(token);
    const listed = await runPodkit(["token", "list"], { cwd: repository });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/coder\s+pod-7\s+T-3\s+\S+ \S+\s+\S+ \S+\s+active\s+a Pod/);
    expect(listed.stdout).not.toContain(token.slice(20));
    const stored = readFileSync(
      join(repository, ".podkit", "credentials", `${token.slice(3, 19)}.json`),
      "utf8",
    );
    expect(stored).not.toContain(token.slice(20));
  });

  it("revokes by id, and then lists the token as revoked", async () => {
    const created = singleJson(
      await runPodkit(["token", "create", "--role", "human", "--agent", "bob", "--json"], {
        cwd: repository,
      }),
    );
    const id = (created.output as { credential: { id: string } }).credential.id;
    const revoked = await runPodkit(["token", "revoke", id], { cwd: repository });
    expect(revoked).toMatchObject({ code: 0, stdout: `Revoked ${id} (human 'bob').\n` });
    const listed = singleJson(await runPodkit(["token", "list", "--json"], { cwd: repository }));
    expect(
      (listed.output as { credentials: Array<{ id: string; status: string }> }).credentials,
    ).toContainEqual(expect.objectContaining({ id, status: "revoked" }));
    const again = await runPodkit(["token", "revoke", "0123456789abcdef"], { cwd: repository });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("No credential '0123456789abcdef'");
  });

  it("refuses an unknown role, a bad expiry or agent id with exit 2 and writes nothing", async () => {
    const before = singleJson(await runPodkit(["token", "list", "--json"], { cwd: repository }));
    for (const args of [
      ["--role", "root", "--agent", "x"],
      ["--role", "coder", "--agent", "x", "--expires", "soon"],
      ["--role", "coder", "--agent", "x", "--expires", "400d"],
      ["--role", "coder", "--agent", "x", "--ticket", "../T-1"],
    ]) {
      const run = await runPodkit(["token", "create", ...args], { cwd: repository });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
    }
    const empty = await runPodkit(["token", "create", "--role", "human", "--agent", ""], { cwd: repository });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(
      "--agent is empty (was the variable you passed unset, such as $USER?): pass the agent id history records for this token",
    );
    expect(singleJson(await runPodkit(["token", "list", "--json"], { cwd: repository }))).toEqual(before);
  });
});

describe("podkit serve", { timeout: CLI_TIMEOUT_MS }, () => {
  let repository: string;
  let served: ServeProcess | undefined;
  beforeAll(async () => {
    repository = await makeInitializedRepository({ auth: "required" });
    const created = await runPodkit(["ticket", "create", "Served ticket"], { cwd: repository });
    expect(created.code).toBe(0);
  }, CLI_TIMEOUT_MS);
  afterEach(async () => {
    await served?.stop();
    served = undefined;
  });
  afterAll(() => rmSync(repository, { recursive: true, force: true }));

  it("serves remote MCP to a token's role and refuses that token once 'podkit token revoke' runs", async () => {
    served = await startServe({ cwd: repository });
    expect(new URL(served.url).hostname).toBe("127.0.0.1");
    const created = singleJson(
      await runPodkit(["token", "create", "--role", "companion", "--agent", "helper", "--json"], {
        cwd: repository,
      }),
    );
    const { token, credential } = created.output as { token: string; credential: { id: string } };
    const client = await connect(served.url, token);
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain("ticket_comment");
    expect(tools).not.toContain("ticket_queue");
    const comment = await client.callTool({
      name: "ticket_comment",
      arguments: { ticketId: "T-1", body: "from afar" },
    });
    expect(comment.isError).toBeFalsy();
    const revoked = await runPodkit(["token", "revoke", credential.id], { cwd: repository });
    expect(revoked.code).toBe(0);
    await eventually("the revoked session to be refused", async () =>
      client.listTools().then(
        () => false,
        () => true,
      ),
    );
    const show = await runPodkit(["ticket", "show", "T-1", "--json"], { cwd: repository });
    expect(show.stdout).toContain("companion/helper");
    await client.close().catch(() => {});
  });

  it("refuses to start when the port is taken, with exit 2 and the reason", async () => {
    served = await startServe({ cwd: repository });
    const port = new URL(served.url).port;
    const second = await runPodkit(["serve", "--port", port], { cwd: repository });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`Cannot listen on 127.0.0.1:${port}`);
  });
});

describeWithPostgres("podkit serve and podkit token on PostgreSQL", () => {
  let repository: string;
  const schema = uniqueSchema("podkit_serve");
  let served: ServeProcess | undefined;
  const env = { PODKIT_PG_URL: TEST_PG_URL };
  beforeAll(async () => {
    repository = await makeRepository();
    writeFileSync(
      join(repository, "podkit.config.yaml"),
      `auth: required\nbackend:\n  kind: postgres\n  schema: ${schema}\n`,
    );
  }, CLI_TIMEOUT_MS);
  afterAll(async () => {
    await served?.stop();
    await dropSchema(schema);
    rmSync(repository, { recursive: true, force: true });
  });

  it(
    "keeps tokens in the schema's credentials table and refuses a token another process revoked",
    async () => {
      expect((await runPodkit(["ticket", "create", "In PostgreSQL"], { cwd: repository, env })).code).toBe(0);
      const created = singleJson(
        await runPodkit(
          ["token", "create", "--role", "reviewer", "--agent", "r-1", "--ticket", "T-1", "--json"],
          { cwd: repository, env },
        ),
      );
      const { token, credential } = created.output as { token: string; credential: { id: string } };
      served = await startServe({ cwd: repository, env });
      const client = await connect(served.url, token);
      const shown = await client.callTool({ name: "ticket_show", arguments: { ticketId: "T-1" } });
      expect(shown.isError).toBeFalsy();
      expect(JSON.stringify(shown.structuredContent)).toContain("In PostgreSQL");
      expect((await runPodkit(["token", "revoke", credential.id], { cwd: repository, env })).code).toBe(0);
      await eventually("the revoked session to be refused", async () =>
        client.listTools().then(
          () => false,
          () => true,
        ),
      );
      const listed = singleJson(await runPodkit(["token", "list", "--json"], { cwd: repository, env }));
      expect(JSON.stringify(listed.output)).toContain('"status":"revoked"');
    },
    CLI_TIMEOUT_MS,
  );
});
