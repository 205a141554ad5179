/**
 * Time, injected: every wait and every "now" that paces AWS calls (token buckets, retries, the
 * limiter) or the controller loop (scheduler, leader election) comes from here or from a test's
 * virtual clock, so tests never wait on real timers unless they mean to.
 */

/** Milliseconds from an arbitrary origin; only differences are used. */
export interface Clock {
  now(): number;
}

/** Waits about `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** The process clock (monotonic: wall-clock jumps must not mint or destroy tokens). */
export const systemClock: Clock = { now: () => performance.now() };

/** A real timer. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** setTimeout that an AbortSignal cuts short; resolves either way. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
