/**
 * Test helpers for feature authors: a toolset over one feature for one role, and a feature whose
 * schemas exercise every shape a tool renderer must handle.
 *
 * @module @podkit/core/testing
 */
export { createTestToolset, type TestToolset, type TestToolsetOptions } from "./create-test-toolset.js";
export { variedSchemaFeature } from "./varied-schema-feature.js";
