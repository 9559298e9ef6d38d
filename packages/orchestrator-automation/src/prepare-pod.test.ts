import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import type { PodCredentialRequest } from "./pod-setup.js";
import { type PodToPrepare, preparePod } from "./prepare-pod.js";
import type { TicketDetailView } from "./ticket-client.js";

const TICKET: TicketDetailView = {
  id: "T-4",
  title: "Add a changelog",
  state: "inprogress",
  priority: "normal",
  assignee: null,
  dependsOn: [],
  lease: { holder: "orch", token: 9, expiresAt: "2030-01-01T01:00:00Z" },
  updatedAt: "2030-01-01T00:00:00Z",
  seq: 0,
  body: "Write CHANGELOG.md.",
  bodyTruncated: false,
  relations: { depends_on: [], blocks: [], related: [], split_from: [] },
  intakeSummary: null,
  queuedBy: "alice",
  queuedAt: "2030-01-01T00:00:00Z",
  resolution: null,
  reviews: [],
  createdAt: "2030-01-01T00:00:00Z",
  createdBy: "alice",
  events: [],
} as unknown as TicketDetailView;

function pod(runDir: string, extra: Partial<PodToPrepare> = {}): PodToPrepare {
  return {
    ticket: TICKET,
    token: 9,
    podId: "T-4-t9-coder-1",
    role: "coder",
    worktree: { path: "/wt/T-4-t9", branch: "podkit/T-4-t9" },
    baseBranch: "main",
    command: ["agent", "-p", "@{promptFile}", "--mcp-config", "{mcpConfig}", "{branch}"],
    timeoutMs: 60_000,
    runDir,
    podEnv: { PODKIT_CONFIG: "/repo/podkit.config.yaml" },
    ...extra,
  };
}

function runDir(): string {
  const directory = mkdtempSync(join(tmpdir(), "podkit-prepare-pod-"));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

describe("preparePod", () => {
  it("writes the prompt and an MCP configuration fixed to the Pod, mode 0600, and removes them on release", async () => {
    const dir = runDir();
    const minted: PodCredentialRequest[] = [];
    let revoked = 0;
    const before = Date.now();
    const prepared = await preparePod(pod(dir), {
      instructions: (role) => `You are a ${role}. Commit your work.`,
      mcpServer: {
        command: "/usr/bin/node",
        args: ["/cli/podkit.js", "mcp", "--config", "/repo/podkit.config.yaml"],
      },
      mintCredential: async (request) => {
        minted.push(request);
        return {
          token: "pk_pod_secret",
          revoke: async () => {
            revoked += 1;
          },
        };
      },
    });
    const promptFile = join(dir, "T-4-t9-coder-1.prompt.md");
    const mcpFile = join(dir, "T-4-t9-coder-1.mcp.json");
    expect(prepared.command).toEqual([
      "agent",
      "-p",
      `@${promptFile}`,
      "--mcp-config",
      mcpFile,
      "podkit/T-4-t9",
    ]);
    for (const file of [promptFile, mcpFile]) expect(statSync(file).mode & 0o777).toBe(0o600);
    const prompt = readFileSync(promptFile, "utf8");
    expect(prompt.startsWith("You are a coder. Commit your work.\n\n---\n\n# T-4: Add a changelog")).toBe(
      true,
    );
    expect(JSON.parse(readFileSync(mcpFile, "utf8"))).toEqual({
      mcpServers: {
        podkit: {
          command: "/usr/bin/node",
          args: [
            "/cli/podkit.js",
            "mcp",
            "--config",
            "/repo/podkit.config.yaml",
            "--role",
            "coder",
            "--agent",
            "T-4-t9-coder-1",
            "--ticket",
            "T-4",
          ],
          env: expect.objectContaining({
            PODKIT_TOKEN: "pk_pod_secret",
            PODKIT_CONFIG: "/repo/podkit.config.yaml",
          }),
        },
      },
    });
    // Under auth the Pod carries its own credential and no lease token.
    expect(prepared.env).toMatchObject({
      PODKIT_TOKEN: "pk_pod_secret",
      PODKIT_PROMPT_FILE: promptFile,
      PODKIT_MCP_CONFIG: mcpFile,
      PODKIT_TICKET_ID: "T-4",
      PODKIT_POD_ID: "T-4-t9-coder-1",
    });
    expect(prepared.env).not.toHaveProperty("PODKIT_LEASE_TOKEN");
    expect(minted).toHaveLength(1);
    expect(minted[0]).toMatchObject({ role: "coder", agentId: "T-4-t9-coder-1", ticketId: "T-4" });
    const expires = minted[0]?.expiresAt.getTime() ?? 0;
    expect(expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000 + 30_000);

    await prepared.release();
    await prepared.release();
    expect(existsSync(promptFile) || existsSync(mcpFile)).toBe(false);
    expect(revoked).toBe(1);
  });

  it("without credentials gives the lease token, and without an MCP server writes only the prompt", async () => {
    const dir = runDir();
    const prepared = await preparePod(pod(dir, { command: ["agent", "{promptFile}"] }), undefined);
    expect(prepared.env).toMatchObject({
      PODKIT_LEASE_TOKEN: "9",
      PODKIT_CONFIG: "/repo/podkit.config.yaml",
    });
    expect(prepared.env).not.toHaveProperty("PODKIT_TOKEN");
    expect(prepared.env).not.toHaveProperty("PODKIT_MCP_CONFIG");
    expect(existsSync(join(dir, "T-4-t9-coder-1.prompt.md"))).toBe(true);
    expect(existsSync(join(dir, "T-4-t9-coder-1.mcp.json"))).toBe(false);
    await prepared.release();
    expect(existsSync(join(dir, "T-4-t9-coder-1.prompt.md"))).toBe(false);
  });

  it("revokes a minted credential when the files cannot be written", async () => {
    let revoked = 0;
    await expect(
      preparePod(pod("/dev/null/not-a-directory"), {
        mintCredential: async () => ({
          token: "pk_x",
          revoke: async () => {
            revoked += 1;
          },
        }),
      }),
    ).rejects.toThrow();
    expect(revoked).toBe(1);
  });
});
