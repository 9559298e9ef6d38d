export { createTestToolset, type TestToolset, type TestToolsetOptions } from "./create-test-toolset.js";
export { variedSchemaFeature } from "./varied-schema-feature.js";
