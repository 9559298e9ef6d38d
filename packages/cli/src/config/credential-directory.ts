import { join } from "node:path";

/** Where the file credential store lives: `.podkit/credentials` beside the configuration file. */
export function credentialDirectory(configDirectory: string): string {
  return join(configDirectory, ".podkit", "credentials");
}
