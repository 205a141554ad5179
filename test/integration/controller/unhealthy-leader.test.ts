// A controller whose AWS endpoint accepts connections and never answers: before AWS calls had
// deadlines its leader kept the Lease and /healthz said ok while nothing converged. Now /healthz
// fails once no reconcile has completed (and AWS answered nothing) for --unhealthy-after intervals,
// and the leader steps down:
// it releases the Lease and exits 1. Asserted on HTTP statuses, the Lease and the exit code, never
// on how long it took.

import { CoordinationV1Api } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type BlackHole, startBlackHole } from "../peers/black-hole.js";
import { type ControllerProcess, eventually, startController } from "./controller-process.js";
import { KubeObjects } from "./kube-objects.js";

describe("a leader that cannot reach AWS", () => {
  let hole: BlackHole;
  let kube: KubeObjects;
  let ns: string;
  let c: ControllerProcess | undefined;

  beforeEach(async () => {
    hole = await startBlackHole();
    kube = new KubeObjects(inject("kubeconfig"));
    ns = await kube.namespace("unhealthy");
  });

  afterEach(async (ctx) => {
    if (c) {
      if (ctx.task.result?.state === "fail") console.log(c.output().slice(-4000));
      await c.stop();
      c = undefined;
    }
    await hole.close();
  });

  it("fails /healthz with the reason, releases its Lease and exits 1", async () => {
    c = await startController([
      "--cluster-name",
      "c1",
      "--domain-filter",
      "unhealthy.example.com",
      "--kubeconfig",
      inject("kubeconfig"),
      "--namespace",
      ns,
      "--sources",
      "gateway-api",
      "--aws-endpoint",
      hole.endpoint,
      // Each reconcile fails after 3 timed-out attempts of 2 s; it is unhealthy after one 1 s interval.
      "--aws-connect-timeout",
      "1s",
      "--aws-request-timeout",
      "2s",
      "--interval",
      "1s",
      "--unhealthy-after",
      "1",
      "--leader-election-namespace",
      ns,
      "--leader-election-lease-name",
      "unhealthy",
      "--leader-election-lease-duration",
      "3s",
      "--leader-election-renew-deadline",
      "2s",
      "--leader-election-retry-period",
      "500ms",
    ]);
    const controller = c;
    const leases = kube.kc.makeApiClient(CoordinationV1Api);
    const holder = async () =>
      (await leases.readNamespacedLease({ name: "unhealthy", namespace: ns })).spec?.holderIdentity;

    await eventually("the Lease held", async () =>
      (await holder().catch(() => undefined)) ? true : undefined,
    );
    const unhealthy = await eventually(
      "/healthz failing",
      async () => {
        const res = await fetch(`${controller.metricsUrl}/healthz`).catch(() => undefined);
        return res?.status === 500 ? res.text() : undefined;
      },
      30_000,
    );
    expect(unhealthy).toMatch(
      /^no reconcile has completed and AWS has answered no request in the \d+s since this replica started leading \(limit: --unhealthy-after 1 × --interval 1s\)/,
    );

    // It steps down on its own: exit 1, the Lease handed back for another replica to take at once.
    await eventually(
      "the controller exiting on its own",
      async () => (controller.child.exitCode !== null ? true : undefined),
      30_000,
    );
    expect(await controller.stop()).toBe(1);
    expect(controller.output()).toMatch(/unhealthy: stepping down/);
    expect(controller.output()).toMatch(/leader election: released/);
    expect(await holder()).toBeFalsy();
    // The reconciles that failed said which endpoint did not answer within which timeout.
    expect(controller.output()).toContain(`no answer from ${hole.endpoint} within the request timeout of 2s`);
  });
});
