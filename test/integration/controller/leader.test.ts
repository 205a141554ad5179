// Leader election against the run's real kube-apiserver (test/setup/kube-global-setup.ts provides
// `inject("kubeconfig")`): two replicas campaign for one coordination.k8s.io/v1 Lease with short
// durations (lease 3 s, renew deadline 2 s, retry 0.5 s). Exactly one leads and writes at any time;
// a killed leader (nothing it sends arrives any more, and it never releases) is replaced once its
// Lease has expired; a leader that shuts down cleanly releases the Lease, and the other takes the
// released Lease. The assertions are on what the Lease and each replica's calls record; deadlines
// are only timeouts (a loaded machine makes everything slower, never wrong).

import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LeaderElector } from "../../../src/controller/leader.js";
import {
  kubeLeaseClient,
  type Lease,
  type LeaseClient,
  LeaseConflictError,
} from "../../../src/controller/lease-client.js";

const LEASE_MS = 3_000;
const RENEW_DEADLINE_MS = 2_000;
const RETRY_MS = 500;
/** How long a test waits for something that should happen, as a timeout only. */
const TIMEOUT_MS = 30_000;

let kc: KubeConfig;
let core: CoreV1Api;
let leases: LeaseClient;
const ns = `leader-${Date.now().toString(36)}`;

beforeAll(async () => {
  kc = new KubeConfig();
  kc.loadFromFile(inject("kubeconfig"));
  core = kc.makeApiClient(CoreV1Api);
  leases = kubeLeaseClient(kc);
  await core.createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  // No namespace controller runs (apiserver + etcd only); the namespace stays Terminating, harmless.
  await core?.deleteNamespace({ name: ns }).catch(() => {});
});

/** One answered call of a replica's LeaseClient: what it did and the Lease it got back. */
type Call = { op: "get" | "create" | "update"; lease: Lease | undefined };

/**
 * A LeaseClient that can be "killed" (from then on nothing it sends reaches the API server) and
 * records every answered call.
 */
function killable(inner: LeaseClient) {
  let dead = false;
  const calls: Call[] = [];
  const never = new Promise<never>(() => {});
  const gate = async <T extends Lease | undefined>(op: Call["op"], call: () => Promise<T>): Promise<T> => {
    if (dead) return never;
    const lease = await call();
    calls.push({ op, lease });
    return lease;
  };
  const client: LeaseClient = {
    get: (namespace, name) => gate("get", () => inner.get(namespace, name)),
    create: (namespace, lease) => gate("create", () => inner.create(namespace, lease)),
    update: (namespace, lease) => gate("update", () => inner.update(namespace, lease)),
  };
  return {
    client,
    calls,
    kill: () => {
      dead = true;
    },
  };
}

/** The Lease a replica read last before it first wrote itself in as the holder. */
function readBeforeTakeover(calls: Call[], identity: string): Lease | undefined {
  const i = calls.findIndex((c) => c.op !== "get" && c.lease?.holderIdentity === identity);
  return calls
    .slice(0, Math.max(i, 0))
    .filter((c) => c.op === "get")
    .at(-1)?.lease;
}

/** Every write a leader made, in order: who and when. */
type WriteLog = { identity: string; at: number }[];

/** A replica whose `lead` "writes" every 100 ms until its leading signal aborts. */
function replica(leaseName: string, identity: string, log: WriteLog) {
  const link = killable(kubeLeaseClient(kc));
  const elector = new LeaderElector({
    lease: link.client,
    identity,
    leaseName,
    namespace: ns,
    leaseDurationMs: LEASE_MS,
    renewDeadlineMs: RENEW_DEADLINE_MS,
    retryPeriodMs: RETRY_MS,
  });
  const stop = new AbortController();
  const done = elector.run(stop.signal, async (signal) => {
    while (!signal.aborted) {
      log.push({ identity, at: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  return { identity, elector, stop, done, kill: link.kill, calls: link.calls };
}

type Replica = ReturnType<typeof replica>;

/**
 * Sample every 100 ms until `until` holds (the deadline is only a timeout); fails if two ever lead at
 * once.
 */
async function sample(replicas: Replica[], until: () => boolean | Promise<boolean>): Promise<void> {
  const start = Date.now();
  for (;;) {
    const leading = replicas.filter((r) => r.elector.isLeader()).map((r) => r.identity);
    expect(
      leading.length,
      `two leaders at +${Date.now() - start} ms: ${leading.join(", ")}`,
    ).toBeLessThanOrEqual(1);
    if (await until()) return;
    if (Date.now() - start > TIMEOUT_MS) throw new Error(`condition not reached within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The writes never interleave: each leader's writes form one block, and blocks follow each other. */
function blocks(log: WriteLog): string[] {
  const order: string[] = [];
  for (const w of log) if (order.at(-1) !== w.identity) order.push(w.identity);
  return order;
}

describe("kubeLeaseClient against kube-apiserver", () => {
  it("reads a missing Lease as undefined, creates, replaces with optimistic concurrency, keeps MicroTime", async () => {
    const name = "lease-client";
    expect(await leases.get(ns, name)).toBeUndefined();

    const renewTime = new Date("2025-01-01T00:00:00.123Z");
    const created = await leases.create(ns, {
      name,
      namespace: ns,
      holderIdentity: "a",
      leaseDurationSeconds: 3,
      acquireTime: renewTime,
      renewTime,
      leaseTransitions: 0,
    });
    expect(created.resourceVersion).toBeTruthy();
    await expect(leases.create(ns, { name, namespace: ns })).rejects.toBeInstanceOf(LeaseConflictError);

    const read = (await leases.get(ns, name)) as Lease;
    expect(read).toMatchObject({ holderIdentity: "a", leaseDurationSeconds: 3, leaseTransitions: 0 });
    expect(read.renewTime?.getTime()).toBe(renewTime.getTime());

    const released = await leases.update(ns, { ...read, holderIdentity: undefined, leaseTransitions: 1 });
    expect(released.holderIdentity).toBeUndefined();
    expect(released.resourceVersion).not.toBe(read.resourceVersion);
    // Writing at the version read before the release: somebody else wrote it since.
    await expect(leases.update(ns, { ...read, holderIdentity: "b" })).rejects.toBeInstanceOf(
      LeaseConflictError,
    );
    expect((await leases.get(ns, name))?.holderIdentity).toBeUndefined();
  });
});

describe("LeaderElector against kube-apiserver", () => {
  it("two replicas: exactly one writes; killing the leader hands over once its Lease expired", async () => {
    const log: WriteLog = [];
    const replicas = [replica("kill", "replica-a", log), replica("kill", "replica-b", log)];
    try {
      await sample(replicas, () => replicas.some((r) => r.elector.isLeader()));
      // Hold steady for a few lease durations: the same one leads throughout. The signal is the Lease
      // itself: renewed by the first for more than two lease durations, never taken over.
      const first = replicas.find((r) => r.elector.isLeader()) as Replica;
      const other = replicas.find((r) => r !== first) as Replica;
      await sample(replicas, async () => {
        const l = await leases.get(ns, "kill");
        const held = (l?.renewTime?.getTime() ?? 0) - (l?.acquireTime?.getTime() ?? 0);
        return held > 2 * LEASE_MS;
      });
      expect(first.elector.isLeader()).toBe(true);
      expect(await leases.get(ns, "kill")).toMatchObject({
        holderIdentity: first.identity,
        leaseTransitions: 0,
      });
      // The other kept reading the Lease held by the first and never wrote it.
      expect(other.calls.filter((c) => c.op !== "get")).toEqual([]);
      expect(other.calls.filter((c) => c.op === "get").length).toBeGreaterThan(2);

      first.kill();
      await sample(replicas, () => other.elector.isLeader());
      // It took over a Lease still naming the first (an expiry, not a release) — and only once that
      // Lease had expired: the new term starts a full lease duration after the first's last renewal,
      // by the Lease's own record.
      const seen = readBeforeTakeover(other.calls, other.identity);
      expect(seen?.holderIdentity).toBe(first.identity);
      const taken = await leases.get(ns, "kill");
      expect(
        (taken?.acquireTime?.getTime() ?? 0) - (seen?.renewTime?.getTime() ?? Number.POSITIVE_INFINITY),
      ).toBeGreaterThanOrEqual(LEASE_MS);

      await sample(replicas, () => log.at(-1)?.identity === other.identity);
      expect(blocks(log)).toEqual([first.identity, other.identity]);
      const lastOfFirst = log.filter((w) => w.identity === first.identity).at(-1)?.at ?? 0;
      const firstOfOther = log.find((w) => w.identity === other.identity)?.at ?? 0;
      expect(firstOfOther).toBeGreaterThan(lastOfFirst);
      expect(await leases.get(ns, "kill")).toMatchObject({
        holderIdentity: other.identity,
        leaseTransitions: 1,
      });
    } finally {
      for (const r of replicas) r.stop.abort();
      await Promise.all(replicas.map((r) => r.done));
    }
  });

  it("a leader that shuts down cleanly releases the Lease; the other takes the released Lease", async () => {
    const log: WriteLog = [];
    const replicas = [replica("release", "replica-a", log), replica("release", "replica-b", log)];
    try {
      await sample(replicas, () => replicas.some((r) => r.elector.isLeader()));
      const first = replicas.find((r) => r.elector.isLeader()) as Replica;
      const other = replicas.find((r) => r !== first) as Replica;
      await sample(replicas, () => other.elector.currentLeader() === first.identity);

      first.stop.abort();
      await first.done;
      // The first's last write released the Lease.
      expect(first.calls.at(-1)).toMatchObject({ op: "update", lease: { holderIdentity: undefined } });
      await sample(replicas, () => other.elector.isLeader());
      // The other took it because it read it released (no holder), not because it waited for expiry.
      expect(readBeforeTakeover(other.calls, other.identity)?.holderIdentity).toBeUndefined();
      expect(await leases.get(ns, "release")).toMatchObject({
        holderIdentity: other.identity,
        leaseTransitions: 1,
      });
      await sample(replicas, () => log.at(-1)?.identity === other.identity);
      expect(blocks(log)).toEqual([first.identity, other.identity]);
    } finally {
      for (const r of replicas) r.stop.abort();
      await Promise.all(replicas.map((r) => r.done));
    }
  });
});
