/** Something measured per call; awaited in every case so sync and async variants pay the same loop. */
export type Call = () => unknown;

export interface MeasureOptions {
  /** Batches per variant after warm-up; the median batch is reported. */
  readonly batches?: number;
  /** How long one batch should take; the call count per batch is calibrated to it. */
  readonly batchMs?: number;
  /** Time spent calling each variant before measuring. */
  readonly warmupMs?: number;
}

/**
 * Median nanoseconds per call of each variant. Batches of the variants alternate (one of each per
 * round) so drift — CPU frequency, GC, other load — hits them alike, which keeps ratios honest.
 */
export async function medianNsPerCall<Name extends string>(
  variants: Readonly<Record<Name, Call>>,
  options: MeasureOptions = {},
): Promise<Record<Name, number>> {
  const { batches = 21, batchMs = 25, warmupMs = 300 } = options;
  const names = Object.keys(variants) as Name[];
  const sizes = {} as Record<Name, number>;
  const samples = {} as Record<Name, number[]>;
  for (const name of names) {
    const perCall = await warmUp(variants[name], warmupMs);
    sizes[name] = Math.max(1, Math.round((batchMs * 1e6) / perCall));
    samples[name] = [];
  }
  for (let round = 0; round < batches; round += 1) {
    for (const name of names) samples[name].push(await batchNsPerCall(variants[name], sizes[name]));
  }
  const result = {} as Record<Name, number>;
  for (const name of names) result[name] = median(samples[name]);
  return result;
}

/** Calls for about `ms` milliseconds and returns the mean ns per call of the last stretch. */
async function warmUp(call: Call, ms: number): Promise<number> {
  let size = 16;
  let spent = 0;
  let perCall = 0;
  while (spent < ms * 1e6) {
    const ns = (await batchNsPerCall(call, size)) * size;
    spent += ns;
    perCall = ns / size;
    if (ns < 5e6) size *= 2;
  }
  return perCall;
}

async function batchNsPerCall(call: Call, size: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < size; index += 1) await call();
  return Number(process.hrtime.bigint() - started) / size;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
