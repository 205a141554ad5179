// The controller takes external-dns's records over as `apply` does (they share plan-run.ts): a child
// process configured as a Deployment would configure it (ROUTE53_GSLB_ADOPT_EXTERNAL_DNS_OWNER), the
// real kube-apiserver, and moto behind the counting fault proxy.

import { ChangeResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { toResourceRecordSet } from "../../../src/route53/to-route53.js";
import { externalDnsRecords } from "../../fixtures/external-dns.js";
import { createHostedZone, listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { changeBatches } from "../peers/change-batches.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import {
  type ControllerProcess,
  controllerFlags,
  eventually,
  startController,
} from "./controller-process.js";
import { KubeObjects } from "./kube-objects.js";

const DOMAIN = "adopt-e2e.example.com";
const EXT = "external-dns.alpha.kubernetes.io/";

describe("controller --adopt-external-dns-owner (kube-apiserver + moto)", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let controller: ControllerProcess | undefined;

  beforeEach(async () => {
    await resetMoto();
    zoneId = await createHostedZone(DOMAIN);
    proxy = await startFaultProxy(motoEndpoint());
  });

  afterEach(async (ctx) => {
    if (controller && ctx.task.result?.state === "fail") console.log(controller.output().slice(-4000));
    await controller?.stop();
    await proxy.close();
  });

  it("takes a Gateway's record over from external-dns in place: ownership changes hands, the record is never rewritten", async () => {
    // external-dns v0.22 of team-a published web (weighted through its annotations) and team-b api.
    const written = [
      ...externalDnsRecords({
        name: `web.${DOMAIN}`,
        owner: "team-a",
        resource: "gateway/default/web",
        target: { ips: ["192.0.2.10"] },
        policy: { kind: "weighted", setIdentifier: "c1", weight: 100 },
      }),
      ...externalDnsRecords({ name: `api.${DOMAIN}`, owner: "team-b", target: { ips: ["192.0.2.20"] } }),
    ];
    await route53Client().send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: written.map((r) => ({ Action: "CREATE", ResourceRecordSet: toResourceRecordSet(r) })),
        },
      }),
    );
    const before = await listZoneRecords(zoneId);
    const named = (all: typeof before, name: string) => all.filter((r) => r.Name === `${name}.${DOMAIN}.`);

    const kube = new KubeObjects(inject("kubeconfig"));
    const ns = await kube.namespace("adopt");
    // The same Gateway external-dns published, with its annotations.
    await kube.gateway(
      ns,
      "web",
      `web.${DOMAIN}`,
      { [`${EXT}set-identifier`]: "c1", [`${EXT}aws-weight`]: "100", [`${EXT}ttl`]: "300" },
      "192.0.2.10",
    );
    controller = await startController(
      controllerFlags({ domain: DOMAIN, namespace: ns, endpoint: proxy.endpoint }),
      { ROUTE53_GSLB_ADOPT_EXTERNAL_DNS_OWNER: "team-a" },
    );

    const after = await eventually(
      "web's ownership handed over",
      async () => {
        const all = await listZoneRecords(zoneId);
        return named(all, "_gslb-a.web").length === 1 && named(all, "a-web").length === 0 ? all : undefined;
      },
      60_000,
    );
    expect(named(after, "_gslb-a.web")[0]?.ResourceRecords?.[0]?.Value).toBe(
      `"heritage=route53-gslb,owner=c1,set-identifier=c1,resource=gateway.networking.k8s.io/Gateway/${ns}/web"`,
    );
    expect(named(after, "web")).toEqual(named(before, "web"));
    for (const other of ["api", "a-api"]) expect(named(after, other)).toEqual(named(before, other));

    // What was sent: one request, both TXTs, and nothing about the record users resolve.
    expect(changeBatches(proxy.log)).toEqual([
      [`DELETE a-web.${DOMAIN}. TXT c1`, `CREATE _gslb-a.web.${DOMAIN}. TXT c1`],
    ]);
  });
});
