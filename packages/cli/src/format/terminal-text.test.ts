import { describe, expect, it } from "vitest";
import { terminalLine, terminalText } from "./terminal-text.js";

describe("terminal text", () => {
  it("defuses escape sequences an agent could put in a title", () => {
    const title = "Fix \u001b[2J\u001b]0;owned\u0007 bug";
    expect(terminalLine(title)).toBe("Fix \uFFFD[2J\uFFFD]0;owned\uFFFD bug");
    expect([...terminalLine(title)].every((character) => character >= " ")).toBe(true);
  });

  it("shows bidirectional overrides and isolates by code point instead of letting them reorder text", () => {
    // Reads as "Fix login bug" with the override honoured; the escaped form shows what is there.
    const title = "Fix \u202Egub nigol\u202C \u2066x\u2069\u200F";
    expect(terminalLine(title)).toBe("Fix <U+202E>gub nigol<U+202C> <U+2066>x<U+2069><U+200F>");
    expect(terminalText("a\u061Cb\u200Ec")).toBe("a<U+061C>b<U+200E>c");
  });

  it("keeps line breaks in bodies but puts a line on one line", () => {
    expect(terminalText("a\r\nb\u009bc")).toBe("a\nb\uFFFDc");
    expect(terminalLine("a\nb\tc")).toBe("a b c");
  });

  it("cuts long lines on a code point boundary with an ellipsis", () => {
    expect(terminalLine("🙂🙂🙂🙂", 3)).toBe("🙂🙂…");
    expect(terminalLine("short", 10)).toBe("short");
  });
});
