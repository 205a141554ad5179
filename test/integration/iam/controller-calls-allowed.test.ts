// The controller's AWS calls — publishing a Gateway with a health check, then withdrawing it — are
// allowed by `iam-policy --commands controller` (its default) and by iam/policy.json, judged from the
// fault proxy's log as in calls-allowed.test.ts. The controller runs as a process against the real
// kube-apiserver peer, with the environment a Deployment gives it.

import { CreateHostedZoneCommand, ListHealthChecksCommand } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ControllerProcess, eventually, startController } from "../controller/controller-process.js";
import { KubeObjects } from "../controller/kube-objects.js";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, type ProxyRequestLog, startFaultProxy } from "../peers/fault-proxy.js";
import { denied, generated, shippedPolicy } from "./iam-requests.js";

const DOMAIN = "controller-iam.example.com";

describe("the controller's calls are allowed by iam-policy's default and iam/policy.json", () => {
  let proxy: FaultProxy;
  let controller: ControllerProcess | undefined;
  let zoneId: string;
  let log: ProxyRequestLog[] = [];

  beforeAll(async () => {
    await resetMoto();
    const r53 = route53Client();
    const zone = await r53.send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `controller-iam-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    proxy = await startFaultProxy(motoEndpoint());
    const kube = new KubeObjects(inject("kubeconfig"));
    const ns = await kube.namespace("iam-policy");
    controller = await startController(
      [
        "--kubeconfig",
        inject("kubeconfig"),
        "--namespace",
        ns,
        "--sources",
        "gateway-api",
        "--min-event-interval",
        "200ms",
        "--max-deletions",
        "100%",
      ],
      {
        ROUTE53_GSLB_CLUSTER_NAME: "east",
        ROUTE53_GSLB_DOMAIN_FILTER: DOMAIN,
        ROUTE53_GSLB_ZONE_ID: zoneId,
        ROUTE53_GSLB_AWS_ENDPOINT: proxy.endpoint,
      },
    );
    const p = "route53-gslb.io/";
    await kube.gateway(
      ns,
      "web",
      `web.${DOMAIN}`,
      {
        [`${p}routing-policy`]: "failover",
        [`${p}failover`]: "primary",
        [`${p}health-check-host`]: "health.example.net",
      },
      "192.0.2.50",
    );
    await eventually(
      `web.${DOMAIN} published with its health check`,
      async () => (await listZoneRecords(zoneId)).find((r) => r.Name === `web.${DOMAIN}.` && r.HealthCheckId),
      60_000,
    );
    // Withdrawn: the member, its ownership record and then its health check are deleted.
    await kube.deleteGateway(ns, "web");
    await eventually(
      "the health check deleted",
      async () => {
        const checks = await r53.send(new ListHealthChecksCommand({}));
        const gone = (await listZoneRecords(zoneId)).every((r) => !r.Name?.includes("web."));
        return gone && (checks.HealthChecks ?? []).length === 0 ? true : undefined;
      },
      60_000,
    );
    r53.destroy();
    log = [...proxy.log];
  }, 180_000);
  afterAll(async () => {
    await controller?.stop();
    await proxy?.close();
  });

  it("made the calls of a whole life cycle", () => {
    const ops = new Set(log.map((e) => e.operation));
    for (const op of [
      "ListHostedZones",
      "ListResourceRecordSets",
      "ListHealthChecks",
      "ListTagsForResources",
      "CreateHealthCheck",
      "ChangeTagsForResource",
      "ChangeResourceRecordSets",
      "DeleteHealthCheck",
    ])
      expect(ops).toContain(op);
  });

  it("every one is allowed by iam-policy (the controller is its default) and by iam/policy.json", async () => {
    expect(denied(log, await generated(["--domain-filter", DOMAIN, "--zone-id", zoneId]))).toEqual([]);
    expect(denied(log, await generated(["--domain-filter", DOMAIN]))).toEqual([]);
    const shipped = shippedPolicy("policy.json", { ZONE_ID_1: zoneId, ZONE_ID_2: "Z0UNUSEDZONE" });
    expect(denied(log, shipped)).toEqual([]);
    // And a read-only policy would not do.
    expect(denied(log, await generated(["--commands", "plan", "--domain-filter", DOMAIN]))).not.toEqual([]);
  });
});
