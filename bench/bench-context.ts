/** One output line: `{"bench":"tool-call","metric":"toolset_ns","value":812,"unit":"ns"}`. */
export interface BenchLine {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

/** What a benchmark reports through; every call prints one JSON line on stdout. */
export interface BenchContext {
  readonly bench: string;
  /** Reports a measurement. */
  metric(metric: string, value: number, unit: string): void;
  /** Reports whether a target is met, as metric `<name>_target_met` with value 1 or 0. */
  target(name: string, met: boolean): void;
  /** Progress and explanations for humans; goes to stderr so stdout stays one JSON object a line. */
  note(message: string): void;
}

/** A benchmark: a function that measures and reports. Register it in `benchmarks.ts`. */
export type Benchmark = (context: BenchContext) => Promise<void>;

/** Creates the context a benchmark reports through; `write` receives each line (stdout by default). */
export function createBenchContext(
  bench: string,
  write: (line: BenchLine) => void = (line) => console.log(JSON.stringify(line)),
): BenchContext {
  return {
    bench,
    metric: (metric, value, unit) => write({ bench, metric, value, unit }),
    target: (name, met) => write({ bench, metric: `${name}_target_met`, value: met ? 1 : 0, unit: "bool" }),
    note: (message) => process.stderr.write(`[${bench}] ${message}\n`),
  };
}
