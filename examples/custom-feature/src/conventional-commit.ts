/** The change kinds of Conventional Commits that this feature knows. */
export const COMMIT_TYPES = [
  "feat",
  "fix",
  "docs",
  "refactor",
  "perf",
  "test",
  "build",
  "ci",
  "chore",
  "revert",
] as const;

/** A parsed commit message header, `type(scope)!: subject`. */
export interface ConventionalCommit {
  readonly type: string;
  readonly scope?: string;
  readonly breaking: boolean;
  readonly subject: string;
}

const HEADER = /^(?<type>[a-z]+)(?:\((?<scope>[a-z0-9-]+)\))?(?<bang>!)?: (?<subject>\S.*)$/;

/** Parses a commit message, or says what is wrong with it. */
export function parseCommitMessage(
  message: string,
):
  | { readonly ok: true; readonly commit: ConventionalCommit }
  | { readonly ok: false; readonly problems: string[] } {
  const [header = "", ...rest] = message.split("\n");
  const match = HEADER.exec(header);
  if (match?.groups === undefined) {
    return {
      ok: false,
      problems: [
        `the first line '${header.slice(0, 80)}' is not 'type(scope): subject' (scope optional, '!' before ':' marks a breaking change)`,
      ],
    };
  }
  const { type = "", scope, bang, subject = "" } = match.groups;
  const problems: string[] = [];
  if (!(COMMIT_TYPES as readonly string[]).includes(type))
    problems.push(`'${type}' is not a known type; use one of ${COMMIT_TYPES.join(", ")}`);
  if (header.length > 72) problems.push(`the first line is ${header.length} characters; keep it to 72`);
  if (subject.endsWith(".")) problems.push("the subject ends with a period");
  if (rest.length > 0 && rest[0] !== "")
    problems.push("the body must be separated from the first line by a blank line");
  if (problems.length > 0) return { ok: false, problems };
  const breaking = bang === "!" || rest.some((line) => line.startsWith("BREAKING CHANGE:"));
  return { ok: true, commit: { type, ...(scope === undefined ? {} : { scope }), breaking, subject } };
}

/** The next semantic version after `current` for these commits: major on a breaking change, minor on a feature, else patch. */
export function nextVersion(current: string, commits: readonly ConventionalCommit[]): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
  if (match === null) throw new RangeError(`'${current}' is not a version of the form MAJOR.MINOR.PATCH`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (commits.some((commit) => commit.breaking)) return major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
  if (commits.some((commit) => commit.type === "feat")) return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
