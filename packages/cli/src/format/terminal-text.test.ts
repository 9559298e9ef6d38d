import { describe, expect, it } from "vitest";
import { terminalLine, terminalText } from "./terminal-text.js";

describe("terminal text", () => {
  it("defuses escape sequences an agent could put in a title", () => {
    const title = "Fix \u001b[2J\u001b]0;owned\u0007 bug";
    expect(terminalLine(title)).toBe("Fix \uFFFD[2J\uFFFD]0;owned\uFFFD bug");
    expect([...terminalLine(title)].every((character) => character >= " ")).toBe(true);
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
