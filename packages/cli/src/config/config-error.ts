import { PodkitError } from "@podkit/core";

/** One problem in `podkit.config.yaml`: the path inside the file and what is wrong there. */
export interface ConfigProblem {
  /** e.g. `tickets.onExpiredLease`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

const PODKIT_CONFIG_ERROR = "podkit.config-error";
const podkitConfigErrorBrand = Symbol.for(PODKIT_CONFIG_ERROR);

/** A podkit configuration file that cannot be used; `message` names the file and each problem. */
export class PodkitConfigError extends PodkitError {
  protected readonly [podkitConfigErrorBrand] = true;
  declare readonly code: "invalid_config";
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

  /** Whether `error` is a configuration error, from any copy of `podkit`. */
  static override isInstance(error: unknown): error is PodkitConfigError {
    return PodkitError.hasBrand(error, PODKIT_CONFIG_ERROR);
  }
}
