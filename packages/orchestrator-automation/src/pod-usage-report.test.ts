import { describe, expect, it } from "vitest";
import { formatUsageReport, type PodUsageReport, parseUsageReport } from "./pod-usage-report.js";

const REPORT: PodUsageReport = {
  podId: "T-1-t3-coder-1",
  role: "coder",
  model: "openai.responses:gpt-5-mini",
  stopReason: "finished",
  done: true,
  steps: 7,
  toolCalls: 9,
  inputTokens: 12_345,
  outputTokens: 210,
  totalTokens: 12_555,
};

describe("usage reports", () => {
  it("read as one line for a person and round-trip through the comment body", () => {
    const body = formatUsageReport(REPORT);
    expect(body.split("\n")[0]).toBe(
      "Usage of coder Pod T-1-t3-coder-1 (openai.responses:gpt-5-mini): 7 steps, 9 tool calls, 12,345 input + 210 output = 12,555 tokens; stopped: finished; work done.",
    );
    expect(parseUsageReport(body)).toEqual(REPORT);
  });

  it("are not read from an ordinary comment, a damaged block, or one with missing facts", () => {
    expect(parseUsageReport(undefined)).toBeUndefined();
    expect(parseUsageReport("Committed abc123.")).toBeUndefined();
    expect(parseUsageReport("```podkit-usage\n{not json}\n```")).toBeUndefined();
    expect(parseUsageReport('```podkit-usage\n{"podId":"x"}\n```')).toBeUndefined();
  });

  it("refuse to format a report with negative counts", () => {
    expect(() => formatUsageReport({ ...REPORT, steps: -1 })).toThrow();
  });
});
