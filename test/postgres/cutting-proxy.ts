import net from "node:net";

/** The bytes of a ReadyForQuery message but its status: 'Z', then the length 5. */
const READY_FOR_QUERY = Buffer.from([0x5a, 0x00, 0x00, 0x00, 0x05]);

/**
 * A TCP proxy to PostgreSQL that can lose one reply: armed with a marker, it forwards the next
 * client message containing the marker, holds back the server's whole answer until the server
 * says ReadyForQuery (so the statement has committed), then drops both sides without passing
 * the answer on. The client sees a broken connection after a commit: an unknown outcome.
 */
export class CuttingProxy {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #marker: string | undefined;
  #sightings = 0;
  #cuts = 0;

  constructor(readonly target: { readonly host: string; readonly port: number }) {
    this.#server = net.createServer((client) => this.#connect(client));
  }

  /** Starts listening on a free loopback port and returns it. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    return (this.#server.address() as net.AddressInfo).port;
  }

  /** Loses the reply to the next client message that contains `marker`. */
  cutAfter(marker: string): void {
    this.#marker = marker;
    this.#sightings = 0;
  }

  /** How many client messages contained the marker since {@link cutAfter}: 1 means the write was not sent again. */
  get sightings(): number {
    return this.#sightings;
  }

  /** Replies lost so far. */
  get cuts(): number {
    return this.#cuts;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connect(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
      socket.on("error", () => {});
    }
    let cutting = false;
    let held = Buffer.alloc(0);
    client.on("data", (chunk) => {
      if (this.#marker !== undefined && chunk.includes(this.#marker)) {
        this.#sightings += 1;
        if (this.#sightings === 1) cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!cutting) {
        client.write(chunk);
        return;
      }
      held = Buffer.concat([held, chunk]);
      const end = held.subarray(held.length - 6, held.length - 1);
      if (held.length >= 6 && end.equals(READY_FOR_QUERY)) {
        this.#cuts += 1;
        client.destroy();
        upstream.destroy();
      }
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }
}
