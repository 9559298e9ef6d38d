/** One file of `git diff --numstat`: lines added and deleted, `null` for a binary file. */
export interface NumstatEntry {
  readonly path: string;
  readonly additions: number | null;
  readonly deletions: number | null;
}

/** Parses `--numstat -z` without renames: `added TAB deleted TAB path NUL`, with `-` counts for binary files. */
export function parseNumstat(output: string): NumstatEntry[] {
  return output
    .split("\0")
    .filter((record) => record !== "")
    .map((record) => {
      const [additions, deletions, ...path] = record.split("\t");
      return { path: path.join("\t"), additions: count(additions), deletions: count(deletions) };
    });
}

function count(field: string | undefined): number | null {
  return field === undefined || field === "-" ? null : Number.parseInt(field, 10);
}
