import fs from "node:fs";

/** Complete lines of a log file that processes append to (a line cut short by a kill is not a claim). */
export function readLogLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  const text = fs.readFileSync(file, "utf8");
  const complete = text.endsWith("\n") ? text : text.slice(0, text.lastIndexOf("\n") + 1);
  return complete.split("\n").filter((line) => line !== "");
}
