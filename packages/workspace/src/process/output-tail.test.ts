import { describe, expect, it } from "vitest";
import { OutputTail } from "./output-tail.js";

describe("OutputTail", () => {
  it("keeps everything while it fits", () => {
    const tail = new OutputTail(10);
    tail.append("abc");
    tail.append("def");
    expect({ text: tail.text, total: tail.totalChars, truncated: tail.truncated }).toEqual({
      text: "abcdef",
      total: 6,
      truncated: false,
    });
  });

  it("keeps the last characters of a long output and counts all of it", () => {
    const tail = new OutputTail(5);
    for (let index = 0; index < 1000; index++) tail.append(String(index % 10));
    expect(tail.text).toBe("56789");
    expect(tail.totalChars).toBe(1000);
    expect(tail.truncated).toBe(true);
  });

  it("never starts with half of a surrogate pair", () => {
    const tail = new OutputTail(3);
    tail.append("x😀ab");
    expect(tail.text).toBe("ab");
  });
});
