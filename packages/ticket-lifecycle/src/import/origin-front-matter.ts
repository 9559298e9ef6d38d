import { parseDocument } from "yaml";
import { OriginFormatError } from "./origin-format-error.js";

/** A front matter value: every scalar stays a string, exactly as written (failsafe YAML). */
export type FrontMatterValue = string | null | readonly FrontMatterValue[] | FrontMatterMap;
export interface FrontMatterMap {
  readonly [key: string]: FrontMatterValue;
}

/** An `item.md` split into its front matter fields and its markdown body. */
export interface FrontMatter {
  readonly fields: FrontMatterMap;
  readonly body: string;
}

/**
 * Splits `---` front matter from the body and parses it as YAML with every scalar kept as text,
 * so `id: 00042` stays `00042`. Origin files written by its early line-based tooling are not
 * always YAML (`title: Docs: refresh`); those fall back to the origin's own `key: value` lines.
 */
export function parseFrontMatter(text: string, file: string): FrontMatter {
  const lines = text.split("\n");
  if (lines[0]?.trim() !== "---") {
    throw new OriginFormatError({
      file,
      line: 1,
      message: "item.md does not start with a '---' front matter line.",
    });
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (end === -1) {
    throw new OriginFormatError({
      file,
      line: 1,
      message: "item.md front matter has no closing '---' line.",
    });
  }
  const yamlText = lines.slice(1, end).join("\n");
  const body = lines
    .slice(end + 1)
    .join("\n")
    .replace(/^(?:[ \t]*\n)+/, "")
    .replace(/\n\s*$/, "");
  return { fields: parseFields(yamlText, file), body };
}

function parseFields(yamlText: string, file: string): FrontMatterMap {
  const document = parseDocument(yamlText, { schema: "failsafe", uniqueKeys: true, prettyErrors: false });
  const error = document.errors[0];
  if (error === undefined) {
    const value = document.toJS() as FrontMatterValue;
    if (value === null) return {};
    if (typeof value === "object" && !Array.isArray(value)) return value as FrontMatterMap;
    throw new OriginFormatError({ file, line: 2, message: "item.md front matter is not a key: value map." });
  }
  const fallback = parseOriginLines(yamlText);
  if (typeof fallback !== "number") return fallback;
  // The opening "---" is line 1 of the file; front matter line n is file line n + 1.
  const yamlLine = yamlText.slice(0, error.pos[0]).split("\n").length + 1;
  throw new OriginFormatError({
    file,
    line: fallback + 1,
    message: `item.md front matter is neither YAML (line ${yamlLine}: ${error.message}) nor origin 'key: value' lines (line ${fallback + 1} cannot be read).`,
  });
}

const KEY_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/;
const LIST_ITEM = /^[ \t]+-[ \t]+(.*?)[ \t]*$/;

/**
 * The origin's line grammar: `key: value`, `[a, b]` lists, `- item` lines under `key:`.
 * Returns the fields, or the (1-based) number of the first line it cannot read.
 */
function parseOriginLines(text: string): FrontMatterMap | number {
  const fields: Record<string, FrontMatterValue> = {};
  let listKey: string | undefined;
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const item = LIST_ITEM.exec(line);
    if (item !== null && listKey !== undefined) {
      const value = scalar(item[1] ?? "");
      if (value === undefined) return index + 1;
      fields[listKey] = [...((fields[listKey] as FrontMatterValue[] | null) ?? []), value];
      continue;
    }
    const match = KEY_LINE.exec(line);
    const key = match?.[1];
    if (key === undefined || Object.hasOwn(fields, key)) return index + 1;
    const raw = match?.[2] ?? "";
    const value = raw.startsWith("[") ? flowList(raw) : scalar(raw);
    if (value === undefined) return index + 1;
    fields[key] = value;
    listKey = raw === "" ? key : undefined;
  }
  return fields;
}

function flowList(raw: string): FrontMatterValue[] | undefined {
  if (!raw.endsWith("]")) return undefined;
  let rest = raw.slice(1, -1).trim();
  const items: FrontMatterValue[] = [];
  while (rest !== "") {
    const match = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]*)\s*(,|$)/.exec(rest);
    const value = match?.[1] ? scalar(match[1].trim()) : undefined;
    if (match === undefined || match === null || value === undefined) return undefined;
    items.push(value);
    rest = rest.slice(match[0].length).trimStart();
    if (match[2] === "," && rest === "") return undefined;
  }
  return items;
}

function scalar(raw: string): string | null | undefined {
  if (raw === "") return null;
  if (raw.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === "string" ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (raw.startsWith("'")) {
    return raw.length >= 2 && raw.endsWith("'") ? raw.slice(1, -1).replaceAll("''", "'") : undefined;
  }
  return raw;
}
