import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { findReservedKeys, formatPath, reservedNameMessage } from "@podkit/core";
import { parse as parseYaml } from "yaml";
import { PodkitConfigError } from "./config-error.js";
import { type PodkitConfigFile, PodkitConfigSchema } from "./config-schema.js";
import { describeConfigIssue } from "./describe-config-issue.js";

/** A validated configuration with every path made absolute against the file's directory. */
export interface PodkitConfig extends PodkitConfigFile {
  /** The configuration file, absolute. */
  readonly file: string;
  /** The directory relative paths in the file were resolved against. */
  readonly directory: string;
}

/**
 * Reads and validates a `podkit.config.yaml`.
 * @throws PodkitConfigError naming the file, the path inside it, the bad value and what is allowed.
 */
export function loadPodkitConfig(file: string): PodkitConfig {
  const absolute = resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new PodkitConfigError(
      absolute,
      [{ path: "", message: `cannot read the file: ${(error as Error).message}` }],
      { cause: error },
    );
  }
  return parsePodkitConfig(text, absolute);
}

/** Validates configuration text; `file` locates relative paths and names the file in messages. */
export function parsePodkitConfig(text: string, file: string): PodkitConfig {
  let data: unknown;
  try {
    // An empty file (or one with only comments) is a configuration of defaults.
    data = parseYaml(text) ?? {};
  } catch (error) {
    throw new PodkitConfigError(
      file,
      [{ path: "", message: `not valid YAML: ${(error as Error).message}` }],
      {
        cause: error,
      },
    );
  }
  // Before the schema, which drops a `__proto__` key without a word.
  const reserved = findReservedKeys(data);
  if (reserved.length > 0)
    throw new PodkitConfigError(
      file,
      reserved.map(({ path, key }) => ({ path: formatPath(path), message: reservedNameMessage(key) })),
    );
  const parsed = PodkitConfigSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    throw new PodkitConfigError(
      file,
      parsed.error.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: describeConfigIssue(issue),
      })),
    );
  }
  const directory = dirname(file);
  const at = (path: string) => (isAbsolute(path) ? path : resolve(directory, path));
  const { backend, roles, orchestrator, ...rest } = parsed.data;
  const config: PodkitConfig = {
    ...rest,
    file,
    directory,
    backend: backend.kind === "file" ? { ...backend, root: at(backend.root) } : backend,
    roles: { files: roles.files.map(at) },
    ...(orchestrator === undefined
      ? {}
      : {
          orchestrator: {
            ...orchestrator,
            worktreeRoot: at(orchestrator.worktreeRoot),
            runDir: at(orchestrator.runDir),
          },
        }),
  };
  const missing = config.roles.files.flatMap((path, index) =>
    existsSync(path)
      ? []
      : [
          {
            path: `roles.files[${index}]`,
            message: `'${roles.files[index]}' does not exist (looked for ${path}).`,
          },
        ],
  );
  if (missing.length > 0) throw new PodkitConfigError(file, missing);
  return config;
}
