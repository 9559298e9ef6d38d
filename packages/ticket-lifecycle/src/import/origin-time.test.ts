import { describe, expect, it } from "vitest";
import { parseOriginTime } from "./origin-time.js";

describe("parseOriginTime", () => {
  it("reads zoned ISO 8601 times as the same instant in podkit's form", () => {
    expect(parseOriginTime("2026-06-20T04:16:14Z")).toBe("2026-06-20T04:16:14.000Z");
    expect(parseOriginTime("2026-06-20T13:16:14+09:00")).toBe("2026-06-20T04:16:14.000Z");
    expect(parseOriginTime("2026-06-20T04:16Z")).toBe("2026-06-20T04:16:00.000Z");
    expect(parseOriginTime("2024-02-29T00:00:00.123Z")).toBe("2024-02-29T00:00:00.123Z");
  });

  it.each([
    "yesterday",
    "2026-06-20",
    "2026-06-20T04:16:14",
    "2026-02-30T10:00:00Z",
    "2025-02-29T10:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-06-20T24:00:00Z",
    "",
  ])("refuses %j", (text) => {
    expect(parseOriginTime(text)).toBeUndefined();
  });
});
