import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TopLevelIdScanner } from "./top-level-id-scanner.js";

/** Scans `text` fed in pieces of the given sizes (cycled), as a stream would deliver it. */
function scan(text: string, pieceSizes: readonly number[] = [text.length]): unknown {
  const bytes = Buffer.from(text, "utf8");
  const scanner = new TopLevelIdScanner();
  let offset = 0;
  for (let index = 0; offset < bytes.length; index += 1) {
    const size = Math.max(1, pieceSizes[index % pieceSizes.length] ?? 1);
    scanner.feed(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return scanner.id;
}

describe("TopLevelIdScanner", () => {
  it("reads a numeric or string id wherever it stands among the members", () => {
    expect(scan('{"jsonrpc":"2.0","id":7,"method":"ping"}')).toBe(7);
    expect(scan('{"method":"tools/call","params":{"name":"x"},"jsonrpc":"2.0","id":"req-9"}')).toBe("req-9");
    expect(scan('{ "id" : -12 , "method": "ping" }')).toBe(-12);
  });

  it("ignores ids of nested objects and id-like text inside strings", () => {
    expect(scan('{"params":{"id":1,"arguments":{"id":2}},"method":"m"}')).toBeUndefined();
    expect(scan('{"params":{"body":"\\"id\\": 3, {\\"id\\": 4}"},"id":5}')).toBe(5);
    expect(scan('{"params":["id",6],"method":"m"}')).toBeUndefined();
  });

  it("decodes an id with escapes and leaves an id that cannot answer unread", () => {
    expect(scan('{"id":"a\\"b\\u00e9"}')).toBe('a"bé');
    expect(scan('{"id":null,"method":"m"}')).toBeUndefined();
    expect(scan('{"id":{"n":1}}')).toBeUndefined();
    expect(scan('{"id":1.5}')).toBeUndefined();
    expect(scan(`{"id":"${"x".repeat(300)}","method":"m"}`)).toBeUndefined();
    expect(scan('[{"id":1}]')).toBeUndefined();
  });

  it("finds the same id as JSON.parse in any object, however the bytes are split", () => {
    const id = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.double());
    const message = fc
      .record({ id, params: fc.jsonValue(), method: fc.string() })
      .chain((record) =>
        fc.shuffledSubarray(Object.entries(record), { minLength: 1 }).map(Object.fromEntries),
      );
    fc.assert(
      fc.property(message, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }), (value, sizes) => {
        const text = JSON.stringify(value);
        const parsed = JSON.parse(text).id as unknown;
        const readable =
          (typeof parsed === "string" && Buffer.byteLength(JSON.stringify(parsed)) <= 256) ||
          Number.isSafeInteger(parsed);
        expect(scan(text, sizes)).toEqual(readable ? parsed : undefined);
      }),
    );
  });
});
