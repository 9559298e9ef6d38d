import { brandGuard, PodkitError } from "@podkit/core";

/** One problem in `podkit.config.yaml`: the path inside the file and what is wrong there. */
export interface ConfigProblem {
  /** e.g. `tickets.onExpiredLease`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** A podkit configuration file that cannot be used; `message` names the file and each problem. */
export class PodkitConfigError extends PodkitError<"invalid_config"> {
  static override readonly isInstance = brandGuard<PodkitConfigError>("podkit.config-error");
  /** The configuration file, as it was named. */
  readonly file: string;
  /** Every problem found, each with its path inside the file. */
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[], options?: { cause?: unknown }) {
    const lines = problems.map(
      (problem) => `  ${file}: ${problem.path === "" ? "(root)" : problem.path}: ${problem.message}`,
    );
    super("invalid_config", `Invalid podkit configuration in ${file}:\n${lines.join("\n")}`, options);
    this.file = file;
    this.problems = problems;
  }
}
