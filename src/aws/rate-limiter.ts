import PQueue from "p-queue";
import type { Clock, Sleep } from "./clock.js";
import { TokenBucket } from "./token-bucket.js";

/**
 * The one rate limiter every Route 53 call of the process goes through (DESIGN.md "Applying changes").
 *
 * Route 53 meters an account with token buckets (Developer Guide, "Throttling for Amazon Route 53 API
 * requests"): an account-wide request bucket, a bucket per operation, and a change-throughput bucket for
 * the calls that change DNS data. A call must find tokens in every bucket it draws from. These buckets
 * are shared with every other tool in the AWS account, so the figures below are defaults an operator
 * lowers (`--aws-rate`, `--aws-burst`, `--aws-change-rate`, `--aws-change-burst`,
 * `--aws-health-check-rate`), and a `Throttling` answer slows every bucket the call drew from.
 */

/** Refill rate and capacity of one bucket. */
export interface BucketLimit {
  /** Tokens per second. */
  rate: number;
  /** Bucket capacity. */
  burst: number;
}

/** Client-side limits of Route 53 calls. */
export interface RateLimitConfig {
  /**
   * Account-wide Route 53 requests per second (refill of the account request bucket). `--aws-rate`.
   * @default 10
   */
  requestRate: number;
  /**
   * Capacity of the account request bucket. `--aws-burst`.
   * @default 50
   */
  requestBurst: number;
  /**
   * Record changes per second (refill of the change-throughput bucket); an UPSERT costs 2. `--aws-change-rate`.
   * @default 100
   */
  changeRate: number;
  /**
   * Capacity of the change-throughput bucket. `--aws-change-burst`.
   * @default 1500
   */
  changeBurst: number;
  /**
   * `CreateHealthCheck` calls per second. `--aws-health-check-rate`.
   * @default 0.5
   */
  healthCheckCreateRate: number;
  /**
   * Capacity of our `CreateHealthCheck` bucket. AWS's bucket holds 50, but it is per account and shared
   * with Terraform, the console and every other cluster's controller; health checks are created once per
   * member, so a burst of 10 covers a typical first apply while leaving most of the account's burst to
   * others.
   * @default 10
   */
  healthCheckCreateBurst: number;
  /**
   * Other operations with their own, slower bucket (AWS's table; unlisted operations share the account
   * figures, which the request bucket already enforces).
   * @default { DeleteHealthCheck: { rate: 3, burst: 15 }, GetHealthCheckStatus: { rate: 1, burst: 4 } }
   */
  operationLimits: Record<string, BucketLimit>;
  /**
   * Calls in flight at once across all zones (calls to one zone are always one at a time).
   * @default 4
   */
  concurrency: number;
}

/** AWS's published figures (since 2026-07, token buckets), as defaults. */
export const DEFAULT_RATE_LIMIT_CONFIG: Readonly<RateLimitConfig> = {
  requestRate: 10,
  requestBurst: 50,
  changeRate: 100,
  changeBurst: 1_500,
  healthCheckCreateRate: 0.5,
  healthCheckCreateBurst: 10,
  operationLimits: {
    DeleteHealthCheck: { rate: 3, burst: 15 },
    GetHealthCheckStatus: { rate: 1, burst: 4 },
  },
  concurrency: 4,
};

/** One Route 53 call as the limiter sees it. */
export interface ScheduledCall {
  /** The Route 53 operation name, e.g. `ChangeResourceRecordSets`. */
  operation: string;
  /** For calls that change a zone: Route 53 takes one change at a time per hosted zone. */
  zoneId?: string;
  /** Change-throughput tokens the call costs (one per change, two per UPSERT). */
  changeTokens?: number;
}

/** What the change batcher needs from a limiter (the real one is `Route53RateLimiter`). */
export interface RequestScheduler {
  /** Runs `fn` when the buckets allow and the zone is free; resolves or rejects with `fn`'s outcome. */
  schedule<T>(call: ScheduledCall, fn: () => Promise<T>): Promise<T>;
  /** Route 53 answered `Throttling` to `call`: slow down the buckets it drew from. */
  throttled(call: ScheduledCall): void;
  /** `call` succeeded: let the buckets it drew from recover. */
  succeeded(call: ScheduledCall): void;
}

/** Injected time, so that tests can run on a virtual clock. */
export interface RateLimiterDeps {
  clock?: Clock;
  sleep?: Sleep;
}

/** Current refill rates, for metrics and tests. */
export interface RateSnapshot {
  request: number;
  change: number;
  operations: Record<string, number>;
}

const CREATE_HEALTH_CHECK = "CreateHealthCheck";

/**
 * Shared limiter: a p-queue per zone (concurrency 1) serialises calls to one hosted zone, a global
 * p-queue bounds the calls in flight, and token buckets pace the account, the change throughput and the
 * slow operations.
 */
export class Route53RateLimiter implements RequestScheduler {
  readonly config: Readonly<RateLimitConfig>;
  readonly #request: TokenBucket;
  readonly #change: TokenBucket;
  readonly #operations = new Map<string, TokenBucket>();
  readonly #queue: PQueue;
  readonly #zones = new Map<string, PQueue>();

  constructor(config: Partial<RateLimitConfig> = {}, deps: RateLimiterDeps = {}) {
    this.config = { ...DEFAULT_RATE_LIMIT_CONFIG, ...config };
    const { clock, sleep } = deps;
    const bucket = (limit: BucketLimit) =>
      new TokenBucket({
        rate: limit.rate,
        burst: limit.burst,
        ...(clock ? { clock } : {}),
        ...(sleep ? { sleep } : {}),
      });
    this.#request = bucket({ rate: this.config.requestRate, burst: this.config.requestBurst });
    this.#change = bucket({ rate: this.config.changeRate, burst: this.config.changeBurst });
    const operations: Record<string, BucketLimit> = {
      ...this.config.operationLimits,
      [CREATE_HEALTH_CHECK]: {
        rate: this.config.healthCheckCreateRate,
        burst: this.config.healthCheckCreateBurst,
      },
    };
    for (const [operation, limit] of Object.entries(operations))
      this.#operations.set(operation, bucket(limit));
    this.#queue = new PQueue({ concurrency: this.config.concurrency });
  }

  schedule<T>(call: ScheduledCall, fn: () => Promise<T>): Promise<T> {
    const run = () => this.#queue.add(() => this.#metered(call, fn));
    if (call.zoneId === undefined) return run();
    // Zone first, then the global slot: a call waiting for its zone never holds a global slot, so
    // other zones keep moving while one zone's requests go one by one.
    return this.#zoneQueue(call.zoneId).add(run);
  }

  throttled(call: ScheduledCall): void {
    for (const bucket of this.#bucketsOf(call)) bucket.slowDown();
  }

  succeeded(call: ScheduledCall): void {
    for (const bucket of this.#bucketsOf(call)) bucket.recover();
  }

  /** The buckets' current refill rates (they drop after throttling and climb back after successes). */
  rates(): RateSnapshot {
    const operations: Record<string, number> = {};
    for (const [name, bucket] of this.#operations) operations[name] = bucket.rate;
    return { request: this.#request.rate, change: this.#change.rate, operations };
  }

  /** Resolves when no call is queued or running. */
  async onIdle(): Promise<void> {
    await Promise.all([...this.#zones.values()].map((q) => q.onIdle()));
    await this.#queue.onIdle();
  }

  async #metered<T>(call: ScheduledCall, fn: () => Promise<T>): Promise<T> {
    for (const bucket of this.#bucketsOf(call)) {
      const cost = bucket === this.#change ? (call.changeTokens ?? 0) : 1;
      if (cost > 0) await bucket.take(cost);
    }
    return fn();
  }

  #bucketsOf(call: ScheduledCall): TokenBucket[] {
    const buckets = [this.#request];
    const operation = this.#operations.get(call.operation);
    if (operation) buckets.push(operation);
    if ((call.changeTokens ?? 0) > 0) buckets.push(this.#change);
    return buckets;
  }

  #zoneQueue(zoneId: string): PQueue {
    const existing = this.#zones.get(zoneId);
    if (existing) return existing;
    const queue = new PQueue({ concurrency: 1 });
    // Forget idle zones so the map does not grow with every zone ever touched.
    queue.on("idle", () => {
      if (this.#zones.get(zoneId) === queue) this.#zones.delete(zoneId);
    });
    this.#zones.set(zoneId, queue);
    return queue;
  }
}
