import {
  classify,
  errorMessage,
  errorName,
  isThrottling,
  isTimeout,
  RetriesExhaustedError,
} from "./aws-errors.js";
import type { Sleep } from "./clock.js";
import { realSleep } from "./clock.js";
import type { RequestScheduler, ScheduledCall } from "./rate-limiter.js";

/** Retries of retryable errors: exponential backoff with full jitter. */
export interface RetryPolicy {
  /**
   * Attempts per request, the first one included.
   * @default 8
   */
  maxAttempts: number;
  /**
   * Attempts per request when they time out (aws/deadline-handler.ts), the first one included.
   * A throttled answer comes back in milliseconds, a timeout only after the whole request timeout:
   * eight of them would hold a call for minutes. Three tell a slow answer from a silent endpoint, and
   * a silent endpoint then fails the call within about a minute; the next run tries again.
   * @default 3
   */
  maxTimeoutAttempts: number;
  /**
   * Backoff cap of the first retry in milliseconds; it doubles per attempt.
   * @default 250
   */
  baseDelayMs: number;
  /**
   * Largest backoff cap in milliseconds.
   * @default 30000
   */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 8,
  maxTimeoutAttempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

/** One retry about to happen, for logs and metrics. */
export interface RetryEvent {
  operation: string;
  /** The attempt that failed (1 = the first call). */
  attempt: number;
  delayMs: number;
  /** True when the failure was throttling, which also slowed the shared limiter down. */
  throttled: boolean;
  error: string;
  message: string;
}

/** How retries are paced; every field has the batcher's default (apply/change-batcher.ts). */
export interface RetryOptions {
  /** @default DEFAULT_RETRY_POLICY */
  policy?: Partial<RetryPolicy>;
  /** Uniform in [0, 1), for jitter. @default Math.random */
  random?: () => number;
  /** @default realSleep */
  sleep?: Sleep;
  onRetry?: (event: RetryEvent) => void;
}

/** A call to run with retries: what the limiter sees, and the limiter (absent for non-Route 53 APIs). */
export interface RetriedCall extends RetryOptions {
  call: ScheduledCall;
  /** The process's one Route 53 limiter; ELBv2 calls have no Route 53 budget to draw from. */
  scheduler?: RequestScheduler;
}

/**
 * Runs `fn` (through `scheduler` when given) and retries retryable errors (throttling, 5xx,
 * `PriorRequestNotComplete`, network errors — aws/aws-errors.ts decides) with exponential backoff
 * and full jitter: attempt n waits a uniform time in [0, min(maxDelay, base·2ⁿ⁻¹)).
 * Throttling also tells the limiter, because the account's bucket is shared by every call of the
 * process: one throttled call means the others will be throttled next. Other errors are thrown at
 * once; a retryable error that outlasts `maxAttempts` (or `maxTimeoutAttempts` timeouts) becomes
 * `RetriesExhaustedError` (with `cause`, whose message names the endpoint and the timeout).
 */
export async function withRetries<T>(fn: () => Promise<T>, options: RetriedCall): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const { call, scheduler } = options;
  let timeouts = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = scheduler ? await scheduler.schedule(call, fn) : await fn();
      scheduler?.succeeded(call);
      return result;
    } catch (e) {
      if (classify(e) !== "retryable") throw e;
      if (isTimeout(e)) timeouts++;
      if (attempt >= policy.maxAttempts || timeouts >= policy.maxTimeoutAttempts) {
        throw new RetriesExhaustedError(attempt, e);
      }
      const throttled = isThrottling(e);
      if (throttled) scheduler?.throttled(call);
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.floor(random() * cap);
      try {
        options.onRetry?.({
          operation: call.operation,
          attempt,
          delayMs,
          throttled,
          error: errorName(e),
          message: errorMessage(e),
        });
      } catch {
        // A failing log or metrics hook must not change what is retried.
      }
      await sleep(delayMs);
    }
  }
}
