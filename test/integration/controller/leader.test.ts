// Leader election against the run's real kube-apiserver (test/setup/kube-global-setup.ts provides
// `inject("kubeconfig")`): two replicas campaign for one coordination.k8s.io/v1 Lease with short
// durations (lease 3 s, renew deadline 2 s, retry 0.5 s). Exactly one leads and writes at any time;
// a killed leader (nothing it sends arrives any more, and it never releases) is replaced within
// leaseDuration + retryPeriod; a leader that shuts down cleanly releases the Lease, and the other
// takes it at its next retry.

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
/** Room for API round trips and timer jitter on a loaded machine. */
const SLACK_MS = 1_000;

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

/** A LeaseClient that can be "killed": from then on nothing it sends reaches the API server. */
function killable(inner: LeaseClient) {
  let dead = false;
  const never = new Promise<never>(() => {});
  const gate = <T>(call: () => Promise<T>): Promise<T> => (dead ? never : call());
  const client: LeaseClient = {
    get: (namespace, name) => gate(() => inner.get(namespace, name)),
    create: (namespace, lease) => gate(() => inner.create(namespace, lease)),
    update: (namespace, lease) => gate(() => inner.update(namespace, lease)),
  };
  return {
    client,
    kill: () => {
      dead = true;
    },
  };
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
  return { identity, elector, stop, done, kill: link.kill };
}

type Replica = ReturnType<typeof replica>;

/** Sample every 100 ms until `until` holds or `timeoutMs` passes; fails if two ever lead at once. */
async function sample(replicas: Replica[], timeoutMs: number, until: () => boolean): Promise<number> {
  const start = Date.now();
  for (;;) {
    const leading = replicas.filter((r) => r.elector.isLeader()).map((r) => r.identity);
    expect(
      leading.length,
      `two leaders at +${Date.now() - start} ms: ${leading.join(", ")}`,
    ).toBeLessThanOrEqual(1);
    if (until()) return Date.now();
    if (Date.now() - start > timeoutMs) throw new Error(`condition not reached within ${timeoutMs} ms`);
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
  it("two replicas: exactly one writes; killing the leader hands over within the lease time", async () => {
    const log: WriteLog = [];
    const replicas = [replica("kill", "replica-a", log), replica("kill", "replica-b", log)];
    try {
      await sample(replicas, 10_000, () => replicas.some((r) => r.elector.isLeader()));
      // Hold steady for a few lease durations: the same one leads throughout.
      const first = replicas.find((r) => r.elector.isLeader()) as Replica;
      const other = replicas.find((r) => r !== first) as Replica;
      const steadyUntil = Date.now() + 3 * LEASE_MS;
      await sample(replicas, 4 * LEASE_MS, () => Date.now() >= steadyUntil);
      expect(first.elector.isLeader()).toBe(true);
      expect((await leases.get(ns, "kill"))?.holderIdentity).toBe(first.identity);

      const killedAt = Date.now();
      first.kill();
      const tookOverAt = await sample(replicas, LEASE_MS + RETRY_MS + SLACK_MS + 5_000, () =>
        other.elector.isLeader(),
      );
      const handover = tookOverAt - killedAt;
      // Not before the lease could have expired (the last renewal was at most one retry before the kill)…
      expect(handover).toBeGreaterThanOrEqual(LEASE_MS - RETRY_MS);
      // …and within the lease time.
      expect(handover).toBeLessThanOrEqual(LEASE_MS + RETRY_MS + SLACK_MS);

      await sample(replicas, 2_000, () => log.at(-1)?.identity === other.identity);
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

  it("a leader that shuts down cleanly releases the Lease; the other takes it at its next retry", async () => {
    const log: WriteLog = [];
    const replicas = [replica("release", "replica-a", log), replica("release", "replica-b", log)];
    try {
      await sample(replicas, 10_000, () => replicas.some((r) => r.elector.isLeader()));
      const first = replicas.find((r) => r.elector.isLeader()) as Replica;
      const other = replicas.find((r) => r !== first) as Replica;
      await sample(replicas, 2 * LEASE_MS, () => other.elector.currentLeader() === first.identity);

      const stoppedAt = Date.now();
      first.stop.abort();
      await first.done;
      const tookOverAt = await sample(replicas, LEASE_MS + SLACK_MS, () => other.elector.isLeader());
      // Well before the lease could expire: the release made it free at once.
      expect(tookOverAt - stoppedAt).toBeLessThanOrEqual(RETRY_MS + SLACK_MS);
      expect(tookOverAt - stoppedAt).toBeLessThan(LEASE_MS);
      expect(await leases.get(ns, "release")).toMatchObject({
        holderIdentity: other.identity,
        leaseTransitions: 1,
      });
      await sample(replicas, 2_000, () => log.at(-1)?.identity === other.identity);
      expect(blocks(log)).toEqual([first.identity, other.identity]);
    } finally {
      for (const r of replicas) r.stop.abort();
      await Promise.all(replicas.map((r) => r.done));
    }
  });
});
