/**
 * Leader election on a `coordination.k8s.io/v1` Lease, so that of several replicas exactly one
 * writes to Route 53. Modelled on client-go's `tools/leaderelection`:
 *
 *   candidate ──(Lease absent: create │ holder empty │ holder's renewal unseen for leaseDuration)──▶ leader
 *   leader ── renews every retryPeriod (update at the resourceVersion last seen; 409 → re-read)
 *   leader ──(no successful renewal for renewDeadline │ a read shows another holder)──▶ candidate
 *   leader ──(outer signal aborts; `lead` returns)──▶ releases the Lease (holder "") ──▶ stopped
 *
 * Expiry is judged, as client-go does, from when *this* process last saw the Lease change (its own
 * clock), never from the `renewTime` another node's clock wrote, so clock skew between nodes cannot
 * make two leaders. Safety rests on renewDeadline < leaseDuration: a leader that has not renewed
 * for renewDeadline stops leading before any other candidate may consider the Lease expired.
 */
import { abortableSleep } from "../aws/clock.js";
import { type Lease, type LeaseClient, LeaseConflictError } from "./lease-client.js";

export interface LeaderElectorOptions {
  lease: LeaseClient;
  /** This replica's name in `holderIdentity`; unique per process (e.g. pod name + random suffix). */
  identity: string;
  /** Name of the Lease object. */
  leaseName: string;
  /** Namespace of the Lease object. */
  namespace: string;
  /**
   * How long other candidates wait, after last seeing the Lease change, before taking it over from a
   * holder that stopped renewing (a crash). Written to the Lease rounded up to whole seconds.
   * @default 15000
   */
  leaseDurationMs?: number;
  /**
   * The leader gives up leading when it has not renewed for this long. Must be less than
   * `leaseDurationMs`: the difference is the margin that keeps two replicas from leading at once.
   * @default 10000
   */
  renewDeadlineMs?: number;
  /**
   * Time between attempts to acquire (candidates) and to renew (the leader). Must be less than
   * `renewDeadlineMs`.
   * @default 2000
   */
  retryPeriodMs?: number;
  /** Wall clock in epoch milliseconds (also written to the Lease's acquire and renew times). */
  clock?: { now(): number };
  /** Waits `ms` or until `signal` aborts; resolves either way. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Told about every transition and failure; the caller logs and counts them. Must not throw. */
  onEvent?: (event: LeaderEvent) => void;
}

/** What happened, for logs and metrics. */
export type LeaderEvent =
  /** The Lease's holder as this replica sees it changed (undefined: nobody holds it). */
  | { type: "new-leader"; holder: string | undefined }
  /** This replica acquired the Lease and `lead` is being called. */
  | { type: "started-leading"; leaseTransitions: number }
  /** A renewal failed; the leader keeps trying until renewDeadline. */
  | { type: "renew-failed"; error: unknown; sinceRenewMs: number }
  /** Leadership ended without being asked to: the leading signal is aborted. */
  | { type: "lost-leadership"; reason: "renew-deadline"; sinceRenewMs: number }
  | { type: "lost-leadership"; reason: "taken"; holder: string }
  /** `lead` returned (or threw: `error`). */
  | { type: "stopped-leading"; error?: unknown }
  /** A candidate's attempt to acquire failed (API server unreachable, 403, ...); it retries. */
  | { type: "acquire-failed"; error: unknown }
  /** The Lease was handed back so another replica can take it at once. */
  | { type: "released" }
  /** Handing the Lease back failed; others take over when it expires. */
  | { type: "release-failed"; error: unknown };

/** The reason the leading signal aborts when leadership is lost. */
export class LeadershipLostError extends Error {
  readonly name = "LeadershipLostError";
  constructor(
    readonly namespace: string,
    readonly leaseName: string,
    readonly reason: "renew-deadline" | "taken",
  ) {
    super(
      reason === "taken"
        ? `Lease ${namespace}/${leaseName} is held by another replica`
        : `Lease ${namespace}/${leaseName} was not renewed within the renew deadline`,
    );
  }
}

/** A Lease call took longer than the time left to make it. */
export class LeaseTimeoutError extends Error {
  readonly name = "LeaseTimeoutError";
  constructor(
    readonly namespace: string,
    readonly leaseName: string,
    readonly timeoutMs: number,
  ) {
    super(`Lease ${namespace}/${leaseName} call did not answer within ${timeoutMs} ms`);
  }
}

type Resolved = Required<Omit<LeaderElectorOptions, "onEvent">> & Pick<LeaderElectorOptions, "onEvent">;
type LossReason = { reason: "renew-deadline"; sinceRenewMs: number } | { reason: "taken"; holder: string };

export class LeaderElector {
  readonly #o: Resolved;
  /** The Lease as last read or written, and when (our clock) it was first seen at that version. */
  #observed: Lease | undefined;
  #observedAt = 0;
  /** When the last successful acquire/renew *started*: leadership is held until this + renewDeadline. */
  #renewedAt = 0;
  #leading = false;
  #running = false;

  constructor(options: LeaderElectorOptions) {
    this.#o = {
      ...options,
      leaseDurationMs: options.leaseDurationMs ?? 15_000,
      renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
      retryPeriodMs: options.retryPeriodMs ?? 2_000,
      clock: options.clock ?? { now: () => Date.now() },
      sleep: options.sleep ?? abortableSleep,
    };
    const { leaseDurationMs, renewDeadlineMs, retryPeriodMs, identity } = this.#o;
    if (identity === "") throw new TypeError("Expected `identity` to be a non-empty string, got ``");
    if (!(retryPeriodMs > 0)) {
      throw new RangeError(`Expected \`retryPeriodMs\` to be a positive number, got \`${retryPeriodMs}\``);
    }
    if (!(renewDeadlineMs > retryPeriodMs)) {
      throw new RangeError(
        `Expected \`renewDeadlineMs\` to be greater than \`retryPeriodMs\` (${retryPeriodMs}), got \`${renewDeadlineMs}\``,
      );
    }
    if (!(leaseDurationMs > renewDeadlineMs)) {
      throw new RangeError(
        `Expected \`leaseDurationMs\` to be greater than \`renewDeadlineMs\` (${renewDeadlineMs}), got \`${leaseDurationMs}\``,
      );
    }
  }

  /** True while this replica holds the Lease and `lead` runs (false again once leadership is lost). */
  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder of the Lease as last seen, if any. */
  currentLeader(): string | undefined {
    return this.#observed?.holderIdentity || undefined;
  }

  /**
   * Campaign until `signal` aborts; whenever this replica leads, call `lead` with a signal that
   * aborts when `signal` does or leadership is lost. After `lead` returns the Lease is renewed no
   * longer; it is released (another replica can take over at once) unless it was lost. After a loss
   * this replica campaigns again. Resolves when `signal` has aborted (or `lead` returned on its own)
   * and the Lease has been released; rejects with `lead`'s error if `lead` threw while leading.
   */
  async run(signal: AbortSignal, lead: (leadingSignal: AbortSignal) => Promise<void>): Promise<void> {
    if (this.#running) throw new Error("LeaderElector.run is already running");
    this.#running = true;
    try {
      while (!signal.aborted) {
        if (!(await this.#acquire(signal))) return;
        if ((await this.#lead(signal, lead)) === "done") return;
      }
    } finally {
      this.#running = false;
    }
  }

  /** Try every retryPeriod until the Lease is ours (true) or `signal` aborts (false). */
  async #acquire(signal: AbortSignal): Promise<boolean> {
    const { sleep, retryPeriodMs, renewDeadlineMs } = this.#o;
    while (!signal.aborted) {
      const start = this.#now();
      let acquired = false;
      try {
        // Not cut short by `signal`: a write already sent may land, and then the Lease must be released.
        acquired = (await this.#withTimeout(this.#tryAcquireOrRenew(), renewDeadlineMs)) === undefined;
      } catch (error) {
        this.#emit({ type: "acquire-failed", error });
      }
      if (acquired) {
        this.#renewedAt = start;
        if (!signal.aborted) return true;
        await this.#release();
        return false;
      }
      await sleep(retryPeriodMs, signal);
    }
    return false;
  }

  /** One term as leader. "lost": campaign again; "done": stop. */
  async #lead(
    signal: AbortSignal,
    lead: (leadingSignal: AbortSignal) => Promise<void>,
  ): Promise<"lost" | "done"> {
    const { namespace, leaseName } = this.#o;
    const leading = new AbortController();
    const stopRenewing = new AbortController();
    const onAbort = () => leading.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    this.#leading = true;
    this.#emit({ type: "started-leading", leaseTransitions: this.#observed?.leaseTransitions ?? 0 });

    // Renewal goes on while `lead` finishes after an outer abort: it is still writing.
    let lost = false;
    const renewing = this.#renewLoop(stopRenewing.signal).then((loss) => {
      if (loss === undefined) return;
      lost = true;
      this.#leading = false;
      this.#emit({ type: "lost-leadership", ...loss });
      leading.abort(new LeadershipLostError(namespace, leaseName, loss.reason));
    });

    let failure: { error: unknown } | undefined;
    try {
      await lead(leading.signal);
    } catch (error) {
      failure = { error };
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
    stopRenewing.abort();
    await renewing;
    this.#leading = false;
    this.#emit(failure ? { type: "stopped-leading", error: failure.error } : { type: "stopped-leading" });
    if (!lost) await this.#release();
    // An error after the leading signal aborted is `lead`'s way of stopping; any other is the caller's.
    if (failure && !leading.signal.aborted) throw failure.error;
    return lost && !signal.aborted ? "lost" : "done";
  }

  /** Renew every retryPeriod until `stop` aborts (undefined) or leadership is lost (the reason). */
  async #renewLoop(stop: AbortSignal): Promise<LossReason | undefined> {
    const { sleep, retryPeriodMs, renewDeadlineMs } = this.#o;
    let wait = retryPeriodMs;
    for (;;) {
      await sleep(wait, stop);
      if (stop.aborted) return undefined;
      const start = this.#now();
      const left = this.#renewedAt + renewDeadlineMs - start;
      if (left <= 0) return { reason: "renew-deadline", sinceRenewMs: start - this.#renewedAt };
      try {
        // Raced against the deadline: a hung request must not keep us leading past it.
        const holder = await this.#withTimeout(this.#tryAcquireOrRenew(), left);
        if (holder !== undefined) return { reason: "taken", holder };
        this.#renewedAt = start;
        wait = retryPeriodMs;
      } catch (error) {
        if (error instanceof LeaseTimeoutError) {
          return { reason: "renew-deadline", sinceRenewMs: this.#now() - this.#renewedAt };
        }
        this.#emit({ type: "renew-failed", error, sinceRenewMs: this.#now() - this.#renewedAt });
        // Retry, but notice the deadline when it passes, not a retry period later.
        wait = Math.min(retryPeriodMs, this.#renewedAt + renewDeadlineMs - this.#now());
      }
      if (stop.aborted) return undefined;
    }
  }

  /**
   * client-go's tryAcquireOrRenew: make the Lease ours if it is free, expired or already ours.
   * Resolves undefined when it is ours now, or the other holder's identity when it is not.
   * Throws `LeaseConflictError` when another writer got in first, other errors as they come.
   */
  async #tryAcquireOrRenew(): Promise<string | undefined> {
    const { lease, namespace, leaseName: name, identity } = this.#o;
    const now = this.#now();

    // Fast path for the leader: write at the version we last saw, without a read first.
    const mine = this.#observed;
    if (this.#leading && mine?.holderIdentity === identity) {
      try {
        this.#see(await lease.update(namespace, this.#renewed(mine, now)), now);
        return undefined;
      } catch (error) {
        if (!(error instanceof LeaseConflictError)) throw error;
        // Somebody else wrote it: read it and decide below.
      }
    }

    const current = await lease.get(namespace, name);
    if (current === undefined) {
      const created = await lease.create(namespace, {
        name,
        namespace,
        holderIdentity: identity,
        leaseDurationSeconds: this.#leaseDurationSeconds(),
        acquireTime: new Date(now),
        renewTime: new Date(now),
        leaseTransitions: 0,
      });
      this.#see(created, now);
      return undefined;
    }
    this.#see(current, now);
    const holder = current.holderIdentity;
    if (holder && holder !== identity && this.#observedValid(now)) return holder;
    this.#see(await lease.update(namespace, this.#renewed(current, now)), now);
    return undefined;
  }

  /** `current` with this replica as holder, renewed now (a new term if it was someone else's). */
  #renewed(current: Lease, now: number): Lease {
    const ours = current.holderIdentity === this.#o.identity;
    const transitions = current.leaseTransitions ?? 0;
    return {
      ...current,
      holderIdentity: this.#o.identity,
      leaseDurationSeconds: this.#leaseDurationSeconds(),
      acquireTime: ours ? (current.acquireTime ?? new Date(now)) : new Date(now),
      renewTime: new Date(now),
      leaseTransitions: ours ? transitions : transitions + 1,
    };
  }

  /** Hand the Lease back (client-go's ReleaseOnCancel) if it is still ours. Never throws. */
  async #release(): Promise<void> {
    const { lease, namespace, leaseName, identity, renewDeadlineMs } = this.#o;
    // A renewal abandoned at its deadline may still land and move the version: re-read on conflict.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const current = attempt === 0 ? this.#observed : await lease.get(namespace, leaseName);
        if (current?.holderIdentity !== identity) return;
        const now = this.#now();
        const released = await this.#withTimeout(
          lease.update(namespace, {
            ...current,
            holderIdentity: undefined,
            // As client-go: the shortest duration, and times that say when it was let go.
            leaseDurationSeconds: 1,
            acquireTime: new Date(now),
            renewTime: new Date(now),
          }),
          renewDeadlineMs,
        );
        this.#see(released, now);
        this.#emit({ type: "released" });
        return;
      } catch (error) {
        if (error instanceof LeaseConflictError) continue;
        this.#emit({ type: "release-failed", error });
        return;
      }
    }
    this.#emit({ type: "release-failed", error: new LeaseConflictError(namespace, leaseName) });
  }

  /** Record a read or written Lease; the expiry clock restarts whenever its version changes. */
  #see(current: Lease, now: number): void {
    const previous = this.#observed;
    if (previous?.resourceVersion !== current.resourceVersion) this.#observedAt = now;
    this.#observed = current;
    const holder = current.holderIdentity || undefined;
    if ((previous?.holderIdentity || undefined) !== holder || previous === undefined) {
      this.#emit({ type: "new-leader", holder });
    }
  }

  /** Whether the holder last seen may still be renewing: its duration has not passed since we saw it change. */
  #observedValid(now: number): boolean {
    const seconds = this.#observed?.leaseDurationSeconds ?? this.#leaseDurationSeconds();
    return this.#observedAt + seconds * 1000 > now;
  }

  #leaseDurationSeconds(): number {
    return Math.ceil(this.#o.leaseDurationMs / 1000);
  }

  #now(): number {
    return this.#o.clock.now();
  }

  /** `promise`, or `LeaseTimeoutError` after `ms` (the call is abandoned, not cancelled). */
  async #withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    const timer = new AbortController();
    const { namespace, leaseName } = this.#o;
    const timeout = this.#o.sleep(ms, timer.signal).then(() => {
      if (!timer.signal.aborted) throw new LeaseTimeoutError(namespace, leaseName, ms);
      return undefined as never;
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      timer.abort();
    }
  }

  #emit(event: LeaderEvent): void {
    try {
      this.#o.onEvent?.(event);
    } catch {
      // A failing logger must not break the election.
    }
  }
}
