/**
 * `/healthz` (the liveness probe): is this replica stuck? A leader that has shown no progress for
 * `unhealthyAfter` resync intervals is unhealthy, so the kubelet restarts it, and its Lease goes to
 * another replica (released on SIGTERM, or expired after a kill). Progress is either of:
 *
 * - a reconcile that completed: it read the objects and AWS, and planned (`completedReconcile`). A
 *   change Route 53 then rejects is reported on its Gateway; a restart would not fix it;
 * - an answer from AWS, whatever its status, while a run is in flight: a first apply that creates
 *   many health checks at Route 53's pace may take longer than the limit, and is not stuck.
 *
 * So what fails it is what a restart can help with: AWS unreachable from this pod (no answers, only
 * timeouts), a loop that makes no calls (wedged), informers that never sync.
 *
 * Why liveness and not readiness: readiness only takes a pod out of a Service's endpoints, and a
 * controller serves no traffic, so a stuck leader would stay stuck and keep its Lease. The threshold
 * is in intervals, not seconds, because a reconcile runs at least once per interval: N intervals are
 * N chances in a row.
 *
 *   state                               /healthz
 *   not leading (standby, or no term)   200: it is not expected to reconcile
 *   leading, < N intervals since the    200: the first reconcile gets the same grace as a later one
 *     later of "started leading" and
 *     "last progress"
 *   leading, ≥ N intervals since then   500, with how long and what the limit is
 *   unhealthyAfter = 0                  200 always (the check is off)
 *
 * Pure: the clock is injected, and nothing here sleeps.
 */
import { formatDuration } from "../model/duration.js";
import type { ReconcileResult } from "./controller.js";
import type { HealthState } from "./http-server.js";

export interface SyncLivenessOptions {
  /** `--interval`: a reconcile runs at least this often while leading. */
  intervalMs: number;
  /**
   * Resync intervals without progress before the leader is unhealthy; 0 turns the check off.
   * @default 5
   */
  unhealthyAfter: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
}

/**
 * Whether a reconcile shows the loop converging: it read the informer caches and AWS, and planned.
 * Not when it threw (AWS unreachable, retries exhausted on a read) or the informers had not synced.
 * A plan whose apply had failures still counts: a record Route 53 rejects (or one over a quota) fails
 * every run until someone changes it, and restarting for it would only lose what the batcher learnt.
 */
export function completedReconcile(result: Pick<ReconcileResult, "plan">): boolean {
  return result.plan !== undefined;
}

/** `--unhealthy-after`'s default: five intervals, five minutes at the default `--interval` of 60 s. */
export const DEFAULT_UNHEALTHY_AFTER = 5;

/** Tracks leadership and progress, and answers `/healthz`. */
export class SyncLiveness {
  readonly #intervalMs: number;
  readonly #unhealthyAfter: number;
  readonly #now: () => number;
  #leadingSince: number | undefined;
  #lastProgress: number | undefined;

  constructor(options: SyncLivenessOptions) {
    this.#intervalMs = options.intervalMs;
    this.#unhealthyAfter = options.unhealthyAfter;
    this.#now = options.now ?? (() => performance.now());
  }

  /** This replica started (true) or stopped (false) leading; a new term starts a new grace period. */
  leading(leading: boolean): void {
    this.#leadingSince = leading ? this.#now() : undefined;
  }

  /** A reconcile completed (`completedReconcile`), or AWS answered a request. */
  progressed(): void {
    this.#lastProgress = this.#now();
  }

  /** Whether this replica is making progress, with why not. */
  health(): HealthState {
    const since = this.#leadingSince;
    if (this.#unhealthyAfter === 0 || since === undefined) return { healthy: true };
    const limitMs = this.#unhealthyAfter * this.#intervalMs;
    const last = this.#lastProgress;
    // Progress in an earlier term says nothing about this one: the grace period starts with the term.
    const progressedThisTerm = last !== undefined && last >= since;
    const elapsed = this.#now() - (progressedThisTerm ? last : since);
    if (elapsed < limitMs) return { healthy: true };
    // Whole seconds: the reason is read by people, and the probe runs every few seconds anyway.
    const shown = formatDuration(elapsed >= 1000 ? Math.round(elapsed / 1000) * 1000 : Math.round(elapsed));
    const what = progressedThisTerm ? `for ${shown}` : `in the ${shown} since this replica started leading`;
    return {
      healthy: false,
      reason:
        `no reconcile has completed and AWS has answered no request ${what} ` +
        `(limit: --unhealthy-after ${this.#unhealthyAfter} × --interval ${formatDuration(this.#intervalMs)})`,
    };
  }
}
