import { describe, expect, it } from "vitest";
import { LineReader, type OversizedLine } from "./line-reader.js";

function reader(maxLineBytes: number) {
  const seen: (string | OversizedLine)[] = [];
  const lines = new LineReader(maxLineBytes, {
    line: (text) => seen.push(text),
    oversized: (line) => seen.push(line),
  });
  return { seen, push: (text: string) => lines.push(Buffer.from(text, "utf8")), end: () => lines.end() };
}

describe("LineReader", () => {
  it("hands on complete lines across chunks, without newlines or a trailing \\r", () => {
    const { seen, push } = reader(100);
    push('{"a":');
    push('1}\r\n{"b":2}\n{"c"');
    expect(seen).toEqual(['{"a":1}', '{"b":2}']);
    push(":3}\n");
    expect(seen).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("keeps multi-byte characters split between chunks whole", () => {
    const seen: string[] = [];
    const lines = new LineReader(100, { line: (text) => seen.push(text), oversized: () => undefined });
    const bytes = Buffer.from("チケット\n", "utf8");
    lines.push(bytes.subarray(0, 4));
    lines.push(bytes.subarray(4));
    expect(seen).toEqual(["チケット"]);
  });

  it("hands on a last line without a newline when the input ends", () => {
    const { seen, push, end } = reader(100);
    push('{"a":1}\n{"b":2}');
    expect(seen).toEqual(['{"a":1}']);
    end();
    expect(seen).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("drops a line over the limit with its size and id, and reads the next line whole", () => {
    const { seen, push } = reader(20);
    const long = ['{"method":"tools/call","params":{"x":"', "y".repeat(50), '"},"id":12}'];
    push(long[0] as string);
    push(long[1] as string);
    push(`${long[2]}\n{"id":13}\n`);
    expect(seen).toEqual([{ bytes: long.join("").length, id: 12 }, '{"id":13}']);
  });

  it("counts a line of exactly the limit as within it", () => {
    const { seen, push } = reader(9);
    push('{"id":13}\n{"id":130}\n');
    expect(seen).toEqual(['{"id":13}', { bytes: 10, id: 130 }]);
  });
});
