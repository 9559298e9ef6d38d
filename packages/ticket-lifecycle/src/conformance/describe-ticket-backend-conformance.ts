import { afterEach, beforeEach, describe } from "vitest";
import { describeAppendConformance } from "./append-conformance.js";
import { ConformanceContext, type TicketBackendHarness } from "./conformance-context.js";
import { describeGuardConformance } from "./guard-conformance.js";
import { describeImportConformance } from "./import-conformance.js";
import { describeLeaseConformance } from "./lease-conformance.js";
import { describeLockConformance } from "./lock-conformance.js";
import { describeRequirementConformance } from "./requirement-conformance.js";
import { describeStoreConformance } from "./store-conformance.js";
import { describeTextConformance } from "./text-conformance.js";
import { describeToolConformance } from "./tool-conformance.js";
import { describeTransitionConformance } from "./transition-conformance.js";

/** How the conformance suite gets a fresh backend for each test. */
export interface TicketBackendConformanceOptions {
  /** Opens a fresh, empty backend for one test; called before every test. */
  create(): Promise<TicketBackendHarness>;
  /** The store can be opened twice (files, a database): every harness then gives `openPeer`. */
  readonly shared?: boolean;
}

/**
 * Registers a vitest `describe` block that any `TicketBackend` must pass: storage, ids,
 * compare-and-set, write requirements (fencing enforced by the backend itself), history, import,
 * text every backend can store, every workflow transition and guard, leases and concurrent
 * acceptance, and store locks. Give the harness a `clock` to move time; without one, lease expiry
 * uses minimum-length leases and real waiting (for database time).
 */
export function describeTicketBackendConformance(
  name: string,
  options: TicketBackendConformanceOptions,
): void {
  describe(`TicketBackend conformance: ${name}`, () => {
    let current: ConformanceContext | undefined;
    const context = (): ConformanceContext => {
      if (current === undefined) throw new Error("the conformance harness was not created for this test");
      return current;
    };

    beforeEach(async () => {
      current = new ConformanceContext(await options.create());
    });

    afterEach(async () => {
      const harness = current?.harness;
      current = undefined;
      await harness?.cleanup();
    });

    describeStoreConformance(context);
    describeAppendConformance(context);
    describeRequirementConformance(context);
    describeImportConformance(context);
    describeTextConformance(context);
    describeTransitionConformance(context);
    describeGuardConformance(context);
    describeLeaseConformance(context);
    describeToolConformance(context);
    describeLockConformance(context, { peers: options.shared ?? false });
  });
}
