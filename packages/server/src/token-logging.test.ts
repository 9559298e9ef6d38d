import type { Logger } from "@podkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signIn } from "./fixtures/browser-session.js";
import { eventually, type ServedPodkit, servePodkit } from "./fixtures/served-podkit.js";

describe("tokens in logs", () => {
  let served: ServedPodkit | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await served?.close();
  });

  it("never writes a token to the log, stdout or stderr, through sign-in, MCP, refusals and revocation", async () => {
    const lines: string[] = [];
    const record = (level: string) => (message: string, fields?: unknown) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    const logger: Logger = {
      debug: record("debug"),
      info: record("info"),
      warn: record("warn"),
      error: record("error"),
    };
    const written: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
        written.push(String(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write);
    }
    for (const method of ["log", "error", "warn", "info"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) =>
        written.push(args.map(String).join(" ")),
      );
    served = await servePodkit({ logger });
    const human = await served.token("human", "alice");
    const coder = await served.token("coder", "pod-1", { ticketId: "T-1" });
    await signIn(served.url, human);
    await expect(signIn(served.url, `${human.slice(0, -1)}x`)).rejects.toThrow();
    const client = await served.connect(coder);
    await client.callTool({ name: "ticket_queue", arguments: { ticketId: "T-1" } });
    const id = (await served.credentials.list()).find((each) => each.agentId === "pod-1")?.id as string;
    await served.credentials.revoke(id);
    await eventually("the revoked session to close", () => served?.server.mcpSessionCount() === 0);
    await eventually("the closing to be logged", () => lines.some((line) => line.includes(id)));
    const everything = [...lines, ...written].join("\n");
    for (const token of [human, coder]) expect(everything).not.toContain(token.slice(20));
  });
});
