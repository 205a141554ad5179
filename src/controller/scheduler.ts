import { abortableSleep } from "../aws/clock.js";

/**
 * When to reconcile. Level-triggered, as client-go controllers are: events carry no data, they only
 * ask for a run, and a run recomputes everything. Events that arrive close together coalesce into one
 * run, at most one run starts per `minEventIntervalMs`, an event during a run causes exactly one more
 * run after it, and a run is forced every `resyncIntervalMs` (it re-lists the zones and catches drift
 * that no watch event announces, such as a record someone edited in the console).
 *
 * A run that fails is retried with exponential backoff, as client-go's rate-limited work queue
 * requeues a failed key: `retryBaseMs` after the first failure, doubling up to `retryMaxMs`, less up to
 * 20 % jitter; any success resets it. An event still starts a run sooner (debounced as above); the
 * retry deadline only ever brings the next run forward, never pushes a resync back.
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
  /**
   * Wait before retrying after the first failed run; it doubles with each further failure in a row.
   * @default 1000
   */
  retryBaseMs?: number;
  /**
   * Longest wait before a retry.
   * @default the smaller of `resyncIntervalMs` and 5 minutes
   */
  retryMaxMs?: number;
  /**
   * How long the writes of a run started now would wait before they could be sent (the busiest
   * zone's remaining busy time, apply/zone-busy-gate.ts). An event run waits that long before it
   * starts, not after planning: the events of the wait then go in its batch instead of the next one,
   * so an event waits for at most one busy period, not two. Capped at `resyncIntervalMs`.
   * @default none: no wait
   */
  writesReadyInMs?: () => number;
  /** Called when a failed run schedules a retry: how many runs failed in a row and the wait. */
  onRetry?: (retry: { failures: number; delayMs: number }) => void;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
  now?: () => number;
  /** Waits `ms` or until `signal` aborts; resolves either way. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Why a run happens: `event` runs use the zone cache; `start`, `resync` and `retry` (after a failed
 * run) re-list the zones.
 */
export type RunReason = "event" | "resync" | "start" | "retry";

/** What a run tells the scheduler: a failed run is retried with backoff. */
export type RunOutcome = "ok" | "failed";

/** Share of a retry delay taken off at random, so that replicas and restarts do not retry in step. */
export const RETRY_JITTER = 0.2;
/** The cap of {@link SchedulerOptions.retryMaxMs} when the resync interval is longer. */
export const RETRY_MAX_MS = 300_000;

/**
 * The wait before the next retry after `failures` (≥ 1) failed runs in a row: `baseMs · 2^(failures−1)`
 * capped at `maxMs`, less `random() · RETRY_JITTER` of it. Pure.
 */
export function retryDelayMs(
  failures: number,
  backoff: { baseMs: number; maxMs: number },
  random: number,
): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 30);
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.round(full * (1 - RETRY_JITTER * random));
}

/**
 * Failed runs in a row and when the next retry is due, against an injected clock (client-go's
 * ItemExponentialFailureRateLimiter for the one key a level-triggered controller has). Pure.
 */
export class RetryBackoff {
  readonly #backoff: { baseMs: number; maxMs: number };
  readonly #random: () => number;
  #failures = 0;
  #dueAt: number | undefined;

  constructor(backoff: { baseMs: number; maxMs: number }, random: () => number = Math.random) {
    this.#backoff = backoff;
    this.#random = random;
  }

  /** Failed runs in a row. */
  get failures(): number {
    return this.#failures;
  }

  /** When the retry is due (clock time), or undefined when the last run succeeded. */
  get dueAt(): number | undefined {
    return this.#dueAt;
  }

  /** A run that ended at `now` failed: the retry is due after the next delay. Returns the delay. */
  failed(now: number): number {
    this.#failures += 1;
    const delayMs = retryDelayMs(this.#failures, this.#backoff, this.#random());
    this.#dueAt = now + delayMs;
    return delayMs;
  }

  /** A run succeeded: no retry, and the next failure starts again from the base delay. */
  succeeded(): void {
    this.#failures = 0;
    this.#dueAt = undefined;
  }
}

export class ReconcileScheduler {
  readonly #options: Required<Omit<SchedulerOptions, "onRetry">> & Pick<SchedulerOptions, "onRetry">;
  #pending = false;
  #wake: (() => void) | undefined;

  constructor(options: SchedulerOptions) {
    this.#options = {
      now: () => Date.now(),
      sleep: abortableSleep,
      random: Math.random,
      retryBaseMs: 1_000,
      retryMaxMs: Math.min(options.resyncIntervalMs, RETRY_MAX_MS),
      writesReadyInMs: () => 0,
      ...options,
    };
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
  async run(signal: AbortSignal, reconcile: (reason: RunReason) => Promise<RunOutcome>): Promise<void> {
    const { now, sleep, minEventIntervalMs, resyncIntervalMs, onRetry } = this.#options;
    const retry = new RetryBackoff(
      { baseMs: this.#options.retryBaseMs, maxMs: this.#options.retryMaxMs },
      this.#options.random,
    );
    let lastStart = now();
    let reason: RunReason = "start";
    this.#pending = false;
    while (!signal.aborted) {
      lastStart = now();
      if ((await reconcile(reason)) === "failed") {
        const delayMs = retry.failed(now());
        onRetry?.({ failures: retry.failures, delayMs });
      } else retry.succeeded();
      // Wait for an event, the retry or the resync deadline, whichever comes first.
      const deadline = () => Math.min(lastStart + resyncIntervalMs, retry.dueAt ?? Number.POSITIVE_INFINITY);
      while (!signal.aborted && !this.#pending && now() < deadline()) {
        const woken = new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        await Promise.race([woken, sleep(deadline() - now(), signal)]);
        this.#wake = undefined;
      }
      if (signal.aborted) break;
      reason = this.#pending ? "event" : now() - lastStart >= resyncIntervalMs ? "resync" : "retry";
      if (reason === "event") {
        // Coalesce a burst of events: the run starts no sooner than minEventInterval after the last,
        // nor before its writes could be sent.
        const ready = Math.min(resyncIntervalMs, this.#options.writesReadyInMs());
        const wait = Math.max(minEventIntervalMs - (now() - lastStart), ready);
        if (wait > 0) await sleep(wait, signal);
        if (signal.aborted) break;
        if (now() - lastStart >= resyncIntervalMs) reason = "resync";
      }
      this.#pending = false;
    }
  }
}
