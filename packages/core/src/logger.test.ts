import { afterEach, describe, expect, it, vi } from "vitest";
import { createStderrLogger, silentLogger } from "./logger.js";

afterEach(() => {
  vi.restoreAllMocks();
});

function captureStderr(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("createStderrLogger", () => {
  it("writes warnings and errors as one JSON line each, and drops lower levels by default", () => {
    const lines = captureStderr();
    const logger = createStderrLogger();
    logger.debug("noise");
    logger.info("chatter");
    logger.warn("feature not installed", { featureId: "notes" });
    logger.error("tool failed internally", { tool: "notes_add" });
    expect(lines).toEqual([
      '{"level":"warn","message":"feature not installed","featureId":"notes"}\n',
      '{"level":"error","message":"tool failed internally","tool":"notes_add"}\n',
    ]);
  });

  it("writes every level from the one it is given", () => {
    const lines = captureStderr();
    const logger = createStderrLogger({ level: "debug" });
    logger.debug("a");
    logger.info("b");
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(["debug", "info"]);
  });
});

describe("silentLogger", () => {
  it("writes nothing", () => {
    const lines = captureStderr();
    silentLogger.error("ignored", { any: 1 });
    expect(lines).toEqual([]);
  });
});
