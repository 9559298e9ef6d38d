import { resolve } from "node:path";
import { NoSuchModelError, type ProviderV3 } from "@ai-sdk/provider";
import { loadModelScript } from "./model-script.js";
import { ScriptedLanguageModel } from "./scripted-language-model.js";

/** Where a scripted provider finds its scripts. */
export interface ScriptedProviderOptions {
  /** Relative script paths are resolved from here (default: the working directory). */
  readonly baseDirectory?: string;
}

/**
 * The `scripted` AI SDK provider: `languageModel(path)` reads the script at `path` (JSON, see
 * `ModelScriptSchema`) and returns a {@link ScriptedLanguageModel}. It has no other model kinds.
 * @throws AgentError with code `unreadable_script` or `invalid_script` from `languageModel`.
 */
export function createScriptedProvider(options: ScriptedProviderOptions = {}): ProviderV3 {
  const baseDirectory = options.baseDirectory ?? process.cwd();
  return {
    specificationVersion: "v3",
    languageModel: (path) =>
      new ScriptedLanguageModel({ script: loadModelScript(resolve(baseDirectory, path)), modelId: path }),
    embeddingModel: (modelId) => {
      throw new NoSuchModelError({ modelId, modelType: "embeddingModel" });
    },
    imageModel: (modelId) => {
      throw new NoSuchModelError({ modelId, modelType: "imageModel" });
    },
  };
}
