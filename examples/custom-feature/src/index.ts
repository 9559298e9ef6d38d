import { commitConventions } from "./commit-conventions-feature.js";

export { type ConventionalCommit, nextVersion, parseCommitMessage } from "./conventional-commit.js";
export { commitConventions };

/** What `features:` in podkit.config.yaml loads: the module's default export. */
export default commitConventions;
