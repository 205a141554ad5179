import { type Clock, realSleep, type Sleep, systemClock } from "./clock.js";

/**
 * A token bucket with adaptive backoff (AIMD), mirroring how Route 53 meters an account: a bucket holds
 * at most `burst` tokens and refills at `rate` per second; each call takes its cost.
 * The clock and the sleep are injected (aws/clock.ts) so tests can run on virtual time.
 */

/** Settings of one bucket. */
export interface TokenBucketOptions {
  /** Tokens added per second when not slowed down. */
  rate: number;
  /** Capacity: the most tokens the bucket holds, i.e. the largest burst. */
  burst: number;
  /**
   * The floor `slowDown` never goes below, in tokens per second.
   * @default rate / 20
   */
  minRate?: number;
  /**
   * Tokens per second added back to the rate by each `recover()` (additive increase).
   * @default rate / 10
   */
  recoveryStep?: number;
  /** @default systemClock */
  clock?: Clock;
  /** @default realSleep */
  sleep?: Sleep;
}

/**
 * A FIFO token bucket. `take(cost)` resolves once the tokens are taken; callers are served in call order,
 * so a large request is not starved by a stream of small ones.
 *
 * A cost larger than `burst` is allowed: it waits for a full bucket and leaves the bucket in debt, which
 * delays the following callers by exactly the excess (an operator may set a burst below one request's size).
 */
export class TokenBucket {
  /** The configured rate, which `recover()` climbs back to. */
  readonly baseRate: number;
  readonly burst: number;
  readonly minRate: number;
  readonly recoveryStep: number;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  #rate: number;
  #tokens: number;
  #last: number;
  #tail: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.rate > 0))
      throw new RangeError(`Expected \`rate\` to be a number above 0, got \`${options.rate}\``);
    if (!(options.burst > 0)) {
      throw new RangeError(`Expected \`burst\` to be a number above 0, got \`${options.burst}\``);
    }
    this.baseRate = options.rate;
    this.burst = options.burst;
    this.minRate = Math.min(options.minRate ?? options.rate / 20, options.rate);
    this.recoveryStep = options.recoveryStep ?? options.rate / 10;
    this.#clock = options.clock ?? systemClock;
    this.#sleep = options.sleep ?? realSleep;
    this.#rate = options.rate;
    this.#tokens = options.burst;
    this.#last = this.#clock.now();
  }

  /** The current refill rate in tokens per second (lower than `baseRate` after throttling). */
  get rate(): number {
    return this.#rate;
  }

  /** Tokens available now (negative while in debt). */
  available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Waits until `cost` tokens can be taken, then takes them. Calls are served in order. */
  take(cost = 1): Promise<void> {
    if (!(cost >= 0))
      return Promise.reject(new RangeError(`Expected \`cost\` to be 0 or more, got \`${cost}\``));
    const turn = this.#tail.then(() => this.#acquire(cost));
    // The next caller waits for this one to be served, whether or not this one's sleep failed.
    this.#tail = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Multiplicative decrease after the server throttled us: the rate drops by `factor` (not below
   * `minRate`), and the bucket is emptied, because a `Throttling` answer means the account's real
   * bucket (shared with every other tool in the account) is empty whatever our estimate says.
   */
  slowDown(factor = 0.5): void {
    this.#refill();
    this.#rate = Math.max(this.minRate, this.#rate * factor);
    this.#tokens = Math.min(this.#tokens, 0);
  }

  /** Additive increase after a success: the rate climbs back by `recoveryStep`, up to `baseRate`. */
  recover(): void {
    this.#refill();
    this.#rate = Math.min(this.baseRate, this.#rate + this.recoveryStep);
  }

  async #acquire(cost: number): Promise<void> {
    const need = Math.min(cost, this.burst);
    for (;;) {
      this.#refill();
      if (this.#tokens >= need) {
        this.#tokens -= cost;
        return;
      }
      const waitMs = ((need - this.#tokens) / this.#rate) * 1000;
      await this.#sleep(Math.max(1, Math.ceil(waitMs)));
    }
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#last);
    this.#last = now;
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed / 1000) * this.#rate);
  }
}
