import {
  type AttachOptions,
  PodAlreadyLaunchedError,
  type PodExit,
  type PodHandle,
  type PodLauncher,
  type PodSpec,
} from "./pod-launcher.js";

/** What an in-process Pod gets: its spec and a signal that fires when it is stopped. */
export interface InProcessPod {
  readonly spec: PodSpec;
  readonly signal: AbortSignal;
}

/**
 * The in-memory twin of {@link ChildProcessPodLauncher} for tests and examples: each Pod is an
 * async function; its resolved number is the exit code, a throw is exit code 1.
 */
export class InProcessPodLauncher implements PodLauncher {
  /** Every Pod launched so far, in launch order, for tests to inspect. */
  readonly launched: PodSpec[] = [];
  readonly #pods = new Map<string, { handle: PodHandle }>();

  constructor(private readonly run: (pod: InProcessPod) => Promise<number>) {}

  async launch(spec: PodSpec): Promise<PodHandle> {
    if (this.#pods.has(spec.podId))
      throw new PodAlreadyLaunchedError(`Pod '${spec.podId}' was launched before.`);
    this.launched.push(spec);
    const controller = new AbortController();
    let settle: (exit: PodExit) => void = () => {};
    const exited = new Promise<PodExit>((resolve) => {
      settle = resolve;
    });
    this.run({ spec, signal: controller.signal }).then(
      (code) => settle({ code, signal: null, timedOut: false, lost: false }),
      () =>
        settle({
          code: controller.signal.aborted ? null : 1,
          signal: controller.signal.aborted ? "SIGTERM" : null,
          timedOut: false,
          lost: false,
        }),
    );
    const handle: PodHandle = {
      podId: spec.podId,
      pid: undefined,
      exited,
      stop: async () => {
        controller.abort();
        settle({ code: null, signal: "SIGTERM", timedOut: false, lost: false });
        return exited;
      },
    };
    this.#pods.set(spec.podId, { handle });
    return handle;
  }

  wasLaunched(_runDir: string, podId: string): boolean {
    return this.#pods.has(podId);
  }

  /** In-process Pods live only as long as this launcher: a Pod it did not launch is lost. */
  attach(_runDir: string, podId: string, _options: AttachOptions): PodHandle {
    const pod = this.#pods.get(podId);
    if (pod !== undefined) return pod.handle;
    const lost = Promise.resolve<PodExit>({ code: null, signal: null, timedOut: false, lost: true });
    return { podId, pid: undefined, exited: lost, stop: () => lost };
  }
}
