// What the controller costs Route 53 when nothing changes, and how it still repairs drift: the
// controller as a child process against the real kube-apiserver and moto, through a counting proxy.

import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createHostedZone, listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import {
  type ControllerProcess,
  controllerFlags,
  eventually,
  reconcileCount,
  startController,
} from "./controller-process.js";
import { KubeObjects } from "./kube-objects.js";

const DOMAIN = "steady.example.com";

describe("controller steady state (kube-apiserver + moto)", () => {
  let kube: KubeObjects;
  let ns: string;
  let zoneId: string;
  let proxy: FaultProxy;
  const running: ControllerProcess[] = [];

  const member = async (host: string): Promise<ResourceRecordSet | undefined> =>
    (await listZoneRecords(zoneId)).find(
      (r) => r.Name === `${host}.${DOMAIN}.` && r.Type === "A" && r.SetIdentifier === "c1",
    );
  /** Changes a record behind the controller's back: straight to moto, not through the proxy. */
  const byHand = async (action: "DELETE" | "UPSERT", record: ResourceRecordSet) =>
    route53Client().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: action, ResourceRecordSet: record }] },
      }),
    );

  const publishThree = async (zoneResyncInterval: string) => {
    for (const name of ["a", "b", "c"]) {
      await kube.gateway(ns, name, `${name}.${DOMAIN}`, { "route53-gslb.io/weight": "10" });
    }
    const c = await startController([
      ...controllerFlags({ domain: DOMAIN, namespace: ns, endpoint: proxy.endpoint }),
      "--interval",
      "1s",
      "--zone-resync-interval",
      zoneResyncInterval,
    ]);
    running.push(c);
    for (const name of ["a", "b", "c"]) await eventually(`${name} published`, () => member(name), 30_000);
    return c;
  };
  const successes = async (c: ControllerProcess) => reconcileCount(await c.metrics(), "success");

  beforeEach(async () => {
    await resetMoto();
    zoneId = await createHostedZone(DOMAIN);
    kube = new KubeObjects(inject("kubeconfig"));
    ns = await kube.namespace("steady");
    proxy = await startFaultProxy(motoEndpoint());
  });

  afterEach(async (ctx) => {
    for (const c of running.splice(0)) {
      if (ctx.task.result?.state === "fail") console.log(c.output().slice(-4000));
      await c.stop();
    }
    await proxy.close();
  });

  it("with nothing changing, a resync reads only the zone list; a record deleted by hand is back at the next resync", async () => {
    const c = await publishThree("10m");
    const start = await successes(c);
    const listsBefore = proxy.count("ListResourceRecordSets").total;
    const zonesBefore = proxy.count("ListHostedZones").total;
    await eventually(
      "five more resyncs",
      async () => ((await successes(c)) >= start + 5 ? true : undefined),
      60_000,
    );
    expect(proxy.count("ListResourceRecordSets").total - listsBefore).toBe(0);
    expect(proxy.count("ChangeResourceRecordSets").total).toBeGreaterThan(0);
    // The cheap check did run: the zone list, with every zone's record-set count.
    expect(proxy.count("ListHostedZones").total - zonesBefore).toBeGreaterThan(0);

    // Deleting a record changes the zone's record-set count: the next resync lists the zone again.
    const b = await member("b");
    if (!b) throw new Error("b not published");
    await byHand("DELETE", b);
    await eventually("b repaired", () => member("b"), 30_000);
    expect(proxy.count("ListResourceRecordSets").total - listsBefore).toBeGreaterThan(0);
  });

  it("a record edited in place (same count) is repaired once the zone-resync interval has passed", async () => {
    await publishThree("3s");
    const a = await member("a");
    if (!a) throw new Error("a not published");
    await byHand("UPSERT", { ...a, Weight: 99 });
    expect((await member("a"))?.Weight).toBe(99);
    await eventually(
      "a's weight restored",
      async () => ((await member("a"))?.Weight === 10 ? true : undefined),
      30_000,
    );
  });
});
