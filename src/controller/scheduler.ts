import { abortableSleep } from "../aws/clock.js";

/**
 * When to reconcile. Level-triggered, as client-go controllers are: events carry no data, they only
 * ask for a run, and a run recomputes everything. Events that arrive close together coalesce into one
 * run, at most one run starts per `minEventIntervalMs`, an event during a run causes exactly one more
 * run after it, and a run is forced every `resyncIntervalMs` (it re-lists the zones and catches drift
 * that no watch event announces, such as a record someone edited in the console).
 */
export interface SchedulerOptions {
  /**
   * Least time between the starts of two event-triggered runs.
   * @default 1000
   */
  minEventIntervalMs: number;
  /**
   * A run is forced this long after the previous one started.
   * @default 60000
   */
  resyncIntervalMs: number;
  now?: () => number;
  /** Waits `ms` or until `signal` aborts; resolves either way. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Why a run happens: `resync` runs re-list the zones, `event` runs use the zone cache. */
export type RunReason = "event" | "resync" | "start";

export class ReconcileScheduler {
  readonly #options: Required<SchedulerOptions>;
  #pending = false;
  #wake: (() => void) | undefined;

  constructor(options: SchedulerOptions) {
    this.#options = { now: () => Date.now(), sleep: abortableSleep, ...options };
  }

  /** Ask for a run (a watch event). Cheap and synchronous; never runs anything itself. */
  trigger(): void {
    this.#pending = true;
    this.#wake?.();
  }

  /**
   * Call `reconcile` until `signal` aborts. A run in progress is never interrupted: on abort the loop
   * waits for it to finish (SIGTERM finishes the request in flight), then returns.
   */
  async run(signal: AbortSignal, reconcile: (reason: RunReason) => Promise<void>): Promise<void> {
    const { now, sleep, minEventIntervalMs, resyncIntervalMs } = this.#options;
    let lastStart = now();
    let reason: RunReason = "start";
    this.#pending = false;
    while (!signal.aborted) {
      lastStart = now();
      await reconcile(reason);
      // Wait for an event or the resync deadline, whichever comes first.
      while (!signal.aborted && !this.#pending && now() - lastStart < resyncIntervalMs) {
        const woken = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        await Promise.race([woken, sleep(resyncIntervalMs - (now() - lastStart), signal)]);
        this.#wake = undefined;
      }
      if (signal.aborted) break;
      reason = this.#pending ? "event" : "resync";
      if (reason === "event") {
        // Coalesce a burst of events: the run starts no sooner than minEventInterval after the last.
        const wait = minEventIntervalMs - (now() - lastStart);
        if (wait > 0) await sleep(wait, signal);
        if (signal.aborted) break;
        if (now() - lastStart >= resyncIntervalMs) reason = "resync";
      }
      this.#pending = false;
    }
  }
}
