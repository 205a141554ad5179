import { describe, expect, it } from "vitest";
import { LeaderElector, type LeaderEvent, LeadershipLostError } from "../../../src/controller/leader.js";
import {
  type Lease,
  type LeaseClient,
  LeaseConflictError,
  LeaseRequestError,
} from "../../../src/controller/lease-client.js";

const NS = "gslb-system";
const NAME = "route53-gslb";
const LEASE_MS = 15_000;
const RENEW_DEADLINE_MS = 10_000;
const RETRY_MS = 2_000;

/** Let every promise chain that is not waiting on the clock run to its end. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Virtual time: `sleep` resolves only when `advance` moves the clock past it. */
class FakeClock {
  #now = Date.parse("2025-01-01T00:00:00Z");
  readonly #sleepers = new Set<{ at: number; wake: () => void }>();

  now = (): number => this.#now;

  sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = {
        at: this.#now + Math.max(0, ms),
        wake: () => {
          this.#sleepers.delete(sleeper);
          signal.removeEventListener("abort", sleeper.wake);
          resolve();
        },
      };
      this.#sleepers.add(sleeper);
      signal.addEventListener("abort", sleeper.wake, { once: true });
    });

  /** Move time forward by `ms`, waking sleepers in order; `each` runs after every step of `stepMs`. */
  async advance(ms: number, stepMs = ms, each?: () => void): Promise<void> {
    const end = this.#now + ms;
    do {
      const stepEnd = Math.min(end, this.#now + stepMs);
      for (;;) {
        await settle();
        const next = this.#due(stepEnd);
        if (next === undefined) break;
        this.#now = Math.max(this.#now, next.at);
        next.wake();
      }
      this.#now = stepEnd;
      each?.();
    } while (this.#now < end);
  }

  #due(until: number) {
    let first: { at: number; wake: () => void } | undefined;
    for (const s of this.#sleepers) if (s.at <= until && (first === undefined || s.at < first.at)) first = s;
    return first;
  }
}

/** One Lease object with the API server's optimistic concurrency: every write needs the current resourceVersion. */
class FakeLeaseStore {
  lease: Lease | undefined;
  #version = 0;
  /** Successful writes, in order. */
  readonly writes: { at: number; holder: string | undefined; op: "create" | "update" }[] = [];

  constructor(readonly clock: FakeClock) {}

  write(lease: Lease, op: "create" | "update"): Lease {
    this.#version++;
    this.lease = { ...lease, resourceVersion: String(this.#version) };
    this.writes.push({ at: this.clock.now(), holder: lease.holderIdentity || undefined, op });
    return { ...this.lease };
  }
}

/** A replica's connection to the store: it can be made to fail every call, or to hang (a frozen or killed process). */
class FakeLeaseClient implements LeaseClient {
  mode: "ok" | "fail" | "hang" = "ok";
  readonly #hung: (() => void)[] = [];

  constructor(readonly store: FakeLeaseStore) {}

  /** Let hung calls through: each reaches the store now, with the version it was sent with. */
  resume(): void {
    this.mode = "ok";
    for (const go of this.#hung.splice(0)) go();
  }

  async #gate(op: "get" | "create" | "update"): Promise<void> {
    if (this.mode === "fail") throw new LeaseRequestError(op, NS, NAME, 503);
    if (this.mode === "hang") await new Promise<void>((resolve) => this.#hung.push(resolve));
  }

  async get(_namespace: string, _name: string): Promise<Lease | undefined> {
    await this.#gate("get");
    return this.store.lease && { ...this.store.lease };
  }

  async create(_namespace: string, lease: Lease): Promise<Lease> {
    await this.#gate("create");
    if (this.store.lease) throw new LeaseConflictError(NS, NAME);
    return this.store.write(lease, "create");
  }

  async update(_namespace: string, lease: Lease): Promise<Lease> {
    await this.#gate("update");
    if (!this.store.lease || this.store.lease.resourceVersion !== lease.resourceVersion) {
      throw new LeaseConflictError(NS, NAME);
    }
    return this.store.write(lease, "update");
  }
}

interface Term {
  signal: AbortSignal;
  startedAt: number;
  endedAt?: number;
}

/** A replica: an elector whose `lead` runs until its signal aborts, then takes `finishMs` to finish its request in flight. */
function replica(store: FakeLeaseStore, identity: string, finishMs = 0) {
  const clock = store.clock;
  const client = new FakeLeaseClient(store);
  const events: LeaderEvent[] = [];
  const elector = new LeaderElector({
    lease: client,
    identity,
    leaseName: NAME,
    namespace: NS,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: RENEW_DEADLINE_MS,
    retryPeriodMs: RETRY_MS,
    clock,
    sleep: clock.sleep,
    onEvent: (e) => events.push(e),
  });
  const stop = new AbortController();
  const terms: Term[] = [];
  let finished = false;
  const done = elector
    .run(stop.signal, async (signal) => {
      const term: Term = { signal, startedAt: clock.now() };
      terms.push(term);
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      await clock.sleep(finishMs, new AbortController().signal);
      term.endedAt = clock.now();
    })
    .finally(() => {
      finished = true;
    });
  return { identity, elector, client, events, stop, terms, done, isFinished: () => finished };
}

function leaders(...replicas: ReturnType<typeof replica>[]): string[] {
  return replicas.filter((r) => r.elector.isLeader()).map((r) => r.identity);
}

/** Advance in 100 ms steps, failing if two replicas ever lead at once; returns when each became leader. */
async function watch(clock: FakeClock, ms: number, ...replicas: ReturnType<typeof replica>[]) {
  const firstLed = new Map<string, number>();
  await clock.advance(ms, 100, () => {
    const now = leaders(...replicas);
    expect(now.length, `leaders at ${clock.now()}: ${now.join(", ")}`).toBeLessThanOrEqual(1);
    for (const id of now) if (!firstLed.has(id)) firstLed.set(id, clock.now());
  });
  return firstLed;
}

async function startLeader(store: FakeLeaseStore, identity = "a", finishMs = 0) {
  const r = replica(store, identity, finishMs);
  await store.clock.advance(0);
  expect(r.elector.isLeader()).toBe(true);
  return r;
}

describe("LeaderElector", () => {
  it("of two replicas started together exactly one leads, and keeps the Lease renewed", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = replica(store, "a");
    const b = replica(store, "b");
    await clock.advance(0);
    expect(leaders(a, b)).toHaveLength(1);
    const [leader] = leaders(a, b);

    await watch(clock, 60_000, a, b);

    expect(leaders(a, b)).toEqual([leader]);
    expect(store.lease).toMatchObject({
      holderIdentity: leader,
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    // Renewed every retry period by the leader alone; the other never wrote.
    expect(new Set(store.writes.map((w) => w.holder))).toEqual(new Set([leader]));
    expect(store.writes.length).toBeGreaterThanOrEqual(60_000 / RETRY_MS);
    expect(a.terms.length + b.terms.length).toBe(1);
    const follower = leader === "a" ? b : a;
    expect(follower.elector.currentLeader()).toBe(leader);
  });

  it("after the leader crashes, another takes over within leaseDuration + retryPeriod, never overlapping", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    const b = replica(store, "b");
    await clock.advance(5_000);

    a.client.mode = "hang"; // killed: nothing it sends arrives any more
    const lastRenewal = store.writes.at(-1)?.at ?? Number.NaN;
    const firstLed = await watch(clock, 30_000, a, b);

    const takeover = firstLed.get("b") ?? Number.POSITIVE_INFINITY;
    expect(takeover - lastRenewal).toBeGreaterThanOrEqual(LEASE_MS);
    expect(takeover - lastRenewal).toBeLessThanOrEqual(LEASE_MS + RETRY_MS);
    expect(store.lease).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    // The old leader stopped leading at its renew deadline, before the takeover.
    expect(a.terms[0]?.signal.aborted).toBe(true);
    expect(a.terms[0]?.endedAt).toBeLessThanOrEqual(lastRenewal + RENEW_DEADLINE_MS);
  });

  it("on abort the leader finishes its work, releases the Lease, and another takes it at its next retry", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store, "a", 3_000); // 3 s to finish the request in flight
    const b = replica(store, "b");
    await clock.advance(4_000);

    const abortedAt = clock.now();
    a.stop.abort();
    await watch(clock, 3_000, a, b);
    // While `lead` finished its request, a still held and renewed the Lease.
    expect(a.terms[0]?.endedAt).toBe(abortedAt + 3_000);
    expect(leaders(a, b)).toEqual([]);
    expect(a.isFinished()).toBe(true);
    await a.done;
    expect(store.writes.at(-1)).toMatchObject({ holder: undefined, at: abortedAt + 3_000 });
    expect(a.events).toContainEqual({ type: "released" });

    const firstLed = await watch(clock, RETRY_MS, a, b);
    expect(firstLed.get("b")).toBeLessThanOrEqual(abortedAt + 3_000 + RETRY_MS);
    expect(store.lease).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
  });

  it("a renewal that lands after the Lease changed hands is rejected: never two leaders", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    const b = replica(store, "b");
    await clock.advance(3_000);

    a.client.mode = "hang"; // a's renewals are sent but stuck (a slow network, a paused VM)
    const firstLed = await watch(clock, LEASE_MS + RETRY_MS, a, b);
    expect(firstLed.has("b")).toBe(true);
    expect(a.events).toContainEqual(
      expect.objectContaining({ type: "lost-leadership", reason: "renew-deadline" }),
    );

    // Now a's stuck writes arrive, carrying the resourceVersion a last saw: 409, and a stays a follower.
    a.client.resume();
    await watch(clock, 20_000, a, b);
    expect(leaders(a, b)).toEqual(["b"]);
    expect(store.lease?.holderIdentity).toBe("b");
    expect(a.terms).toHaveLength(1);
  });

  it("a Lease taken by another writer aborts the leading signal at the next renewal", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    const current = store.lease as Lease;
    store.write({ ...current, holderIdentity: "intruder", leaseTransitions: 1 }, "update");

    await clock.advance(RETRY_MS);
    expect(a.elector.isLeader()).toBe(false);
    const reason = a.terms[0]?.signal.reason;
    expect(reason).toBeInstanceOf(LeadershipLostError);
    expect(reason).toMatchObject({ reason: "taken" });
    expect(a.events).toContainEqual({ type: "lost-leadership", reason: "taken", holder: "intruder" });
    // It lost the Lease, so it must not release it.
    expect(store.lease?.holderIdentity).toBe("intruder");
    expect(a.events).not.toContainEqual({ type: "released" });
  });

  it("renewals failing for renewDeadline abort the leading signal; the replica campaigns again", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    const acquiredAt = clock.now();

    a.client.mode = "fail";
    await clock.advance(RENEW_DEADLINE_MS - 1);
    expect(a.elector.isLeader()).toBe(true);
    await clock.advance(1);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.terms[0]?.signal.reason).toMatchObject({
      name: "LeadershipLostError",
      reason: "renew-deadline",
    });
    expect(a.terms[0]?.endedAt).toBe(acquiredAt + RENEW_DEADLINE_MS);
    expect(a.events.filter((e) => e.type === "renew-failed").length).toBeGreaterThanOrEqual(4);

    // The API server comes back; nobody else took the Lease, so a leads again (a new term).
    a.client.mode = "ok";
    await clock.advance(RETRY_MS);
    expect(a.elector.isLeader()).toBe(true);
    expect(a.terms).toHaveLength(2);
    expect(store.lease).toMatchObject({ holderIdentity: "a", leaseTransitions: 0 });
  });

  it("a renewal that hangs past the deadline ends leadership at the deadline, not when it answers", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    await clock.advance(RETRY_MS); // one renewal
    const renewedAt = clock.now();

    a.client.mode = "hang";
    await clock.advance(RENEW_DEADLINE_MS, 100);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.terms[0]?.endedAt).toBe(renewedAt + RENEW_DEADLINE_MS);
  });

  it("aborting a candidate stops it without writing", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const a = await startLeader(store);
    const b = replica(store, "b");
    await clock.advance(RETRY_MS * 2);
    b.stop.abort();
    await clock.advance(0);
    await b.done;
    expect(b.terms).toEqual([]);
    expect(store.writes.every((w) => w.holder === "a")).toBe(true);
    expect(a.elector.isLeader()).toBe(true);
  });

  it("when `lead` throws, the Lease is released and run rejects with the error", async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore(clock);
    const elector = new LeaderElector({
      lease: new FakeLeaseClient(store),
      identity: "a",
      leaseName: NAME,
      namespace: NS,
      clock,
      sleep: clock.sleep,
    });
    const boom = new Error("boom");
    const outcome = elector
      .run(new AbortController().signal, async () => {
        throw boom;
      })
      .then(
        () => "resolved",
        (error: unknown) => error,
      );
    await clock.advance(0);
    expect(await outcome).toBe(boom);
    expect(store.lease?.holderIdentity).toBeUndefined();
    expect(elector.isLeader()).toBe(false);
  });

  it("rejects durations that could let two replicas lead", () => {
    const base = {
      lease: new FakeLeaseClient(new FakeLeaseStore(new FakeClock())),
      identity: "a",
      leaseName: NAME,
    };
    expect(() => new LeaderElector({ ...base, namespace: NS, leaseDurationMs: 10_000 })).toThrow(
      "Expected `leaseDurationMs` to be greater than `renewDeadlineMs` (10000), got `10000`",
    );
    expect(() => new LeaderElector({ ...base, namespace: NS, retryPeriodMs: 10_000 })).toThrow(
      "Expected `renewDeadlineMs` to be greater than `retryPeriodMs` (10000), got `10000`",
    );
    expect(() => new LeaderElector({ ...base, namespace: NS, identity: "" })).toThrow(/identity/);
  });
});
