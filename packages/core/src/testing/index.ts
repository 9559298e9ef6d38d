export { createTestToolset, type TestToolset, type TestToolsetOptions } from "./create-test-toolset.js";
export { checkOpenAiStrictSchema } from "./openai-strict-check.js";
