import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { FileFormatError, formatFrontMatter, parseFrontMatter } from "./front-matter.js";

describe("front matter", () => {
  it("round-trips JSON values of every kind and keeps the body verbatim", () => {
    const fields = [
      ["count", 3],
      ["name", 'quote " backslash \\ tab \t newline \n'],
      ["nothing", null],
      ["flag", false],
      ["list", [1, "two", { three: 3 }]],
      ["object", { nested: { deeper: ["ü", "🎫"] } }],
    ] as const;
    const body = "# Title\n\n---\nnot: front matter\n---\n";
    const parsed = parseFrontMatter(formatFrontMatter(fields, body));
    expect(Object.fromEntries(parsed.fields)).toEqual(Object.fromEntries(fields));
    expect(parsed.body).toBe(body);
  });

  it("is valid YAML that a YAML parser reads to the same values", () => {
    const fields = [
      ["actor", { role: "human", agentId: "alice" }],
      ["reason", "colons: hashes # and 'quotes' — ✨"],
      ["token", 5],
      ["empty", {}],
    ] as const;
    const text = formatFrontMatter(fields, "body");
    const yamlPart = text.split("\n---\n")[0]?.replace(/^---\n/, "");
    expect(parseYaml(yamlPart ?? "")).toEqual(Object.fromEntries(fields));
  });

  it("leaves out undefined fields and writes comments the parser skips", () => {
    const text = formatFrontMatter(
      [
        ["kept", 1],
        ["dropped", undefined],
      ],
      "",
      ["a comment"],
    );
    expect(text).toBe("---\n# a comment\nkept: 1\n---\n");
    expect([...parseFrontMatter(text).fields.keys()]).toEqual(["kept"]);
  });

  it("accepts a file that ends at the closing line and CRLF line ends", () => {
    expect(parseFrontMatter("---\na: 1\n---").body).toBe("");
    const crlf = parseFrontMatter("---\r\na: 1\r\n---\r\nbody\r\n");
    expect(crlf.fields.get("a")).toBe(1);
    expect(crlf.body).toBe("body\r\n");
  });

  it.each([
    ["no opening line", "a: 1\n---\n", /line 1: expected '---'/],
    ["no closing line", "---\na: 1\n", /no closing '---'/],
    ["a line without a colon", "---\nseq 1\n---\n", /line 2: expected 'key: <JSON value>', found 'seq 1'/],
    [
      "a value that is not JSON",
      "---\nkind: state_changed\n---\n",
      /line 2: the value of 'kind' is not valid JSON/,
    ],
    ["a key given twice", "---\na: 1\na: 2\n---\n", /line 3: 'a' appears twice/],
    ["an empty file", "", /line 1/],
  ])("refuses %s, naming the line", (_name, text, message) => {
    expect(() => parseFrontMatter(text)).toThrow(FileFormatError);
    expect(() => parseFrontMatter(text)).toThrow(message);
  });
});
