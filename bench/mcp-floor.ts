import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { nodeHttpFetch } from "./node-http-fetch.js";

const CANNED_SERVER = fileURLToPath(new URL("./canned-mcp-server.mjs", import.meta.url));

/** SDK clients of a do-nothing MCP server over each transport: the floor under a real server's calls. */
export interface McpFloor {
  readonly http: Client;
  readonly stdio: Client;
  close(): Promise<void>;
}

/**
 * Starts `canned-mcp-server.mjs` twice — over Streamable HTTP on loopback and over stdio — each
 * answering every call with `result`, and connects the official SDK client to each as the bench
 * connects to podkit (the HTTP one through the same keep-alive `fetch`).
 */
export async function startMcpFloor(result: unknown, directory: string): Promise<McpFloor> {
  const resultFile = path.join(directory, "canned-result.json");
  fs.writeFileSync(resultFile, JSON.stringify(result));
  const httpServer = spawn(process.execPath, [CANNED_SERVER, "http", resultFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => httpServer.on("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    httpServer.stdout.setEncoding("utf8").once("data", (line: string) => resolve(Number(line.trim())));
    void exited.then(() => reject(new Error("the canned MCP server exited before listening")));
  });
  const http = new Client({ name: "bench-floor-http", version: "1.0.0" });
  await http.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { fetch: nodeHttpFetch() }),
  );
  const stdio = new Client({ name: "bench-floor-stdio", version: "1.0.0" });
  await stdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CANNED_SERVER, "stdio", resultFile],
      stderr: "inherit",
    }),
  );
  return {
    http,
    stdio,
    close: async () => {
      await http.close();
      await stdio.close();
      httpServer.kill("SIGTERM");
      await exited;
    },
  };
}
