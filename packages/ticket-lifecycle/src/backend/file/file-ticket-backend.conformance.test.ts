import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createManualClock, describeTicketBackendConformance } from "../../conformance/index.js";
import { createFileTicketBackend } from "./file-ticket-backend.js";

function temporaryRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "podkit-file-conformance-"));
}

describeTicketBackendConformance("FileTicketBackend on a manual clock", {
  async create() {
    const root = temporaryRoot();
    const clock = createManualClock();
    const backend = createFileTicketBackend({ root, clock: clock.now });
    const openPeer = async () => createFileTicketBackend({ root, clock: clock.now });
    return { backend, clock, openPeer, cleanup: () => cleanup(backend, root) };
  },
  shared: true,
});

describeTicketBackendConformance("FileTicketBackend on real time", {
  async create() {
    const root = temporaryRoot();
    const backend = createFileTicketBackend({ root });
    const openPeer = async () => createFileTicketBackend({ root });
    return { backend, openPeer, cleanup: () => cleanup(backend, root) };
  },
  shared: true,
});

async function cleanup(backend: { close(): Promise<void> }, root: string): Promise<void> {
  await backend.close();
  fs.rmSync(root, { recursive: true, force: true });
}
