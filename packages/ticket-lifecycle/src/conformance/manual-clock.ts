/** A clock that only moves when told to: hand `now` to a backend, `advance` it from a test. */
export interface ManualClock {
  /** The current time; a bound function, so `{ clock: manual.now }` works. */
  readonly now: () => Date;
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  /** Jumps to `time`; refuses to go backwards, as leases assume time never does. */
  set(time: Date | string): void;
}

/** Creates a {@link ManualClock} starting at `start` (default 2026-01-01T00:00:00Z). */
export function createManualClock(start: Date | string = "2026-01-01T00:00:00.000Z"): ManualClock {
  let current = new Date(start).getTime();
  if (Number.isNaN(current)) throw new RangeError(`'${String(start)}' is not a valid time.`);
  return {
    now: () => new Date(current),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot advance a clock by ${ms} ms.`);
      current += ms;
    },
    set(time) {
      const next = new Date(time).getTime();
      if (Number.isNaN(next) || next < current) {
        throw new RangeError(`Cannot set the clock to '${String(time)}': it is invalid or in the past.`);
      }
      current = next;
    },
  };
}
