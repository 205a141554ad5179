// The controller in a cluster account with its zones in a central DNS account, configured the way a
// Deployment does it (ROUTE53_GSLB_AWS_ASSUME_ROLE, ROUTE53_GSLB_AWS_ASSUME_ROLE_EXTERNAL_ID): a
// Gateway published in account B's zone, through a role assumed with STS.

import { ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type ControllerProcess, eventually, startController } from "../controller/controller-process.js";
import { KubeObjects } from "../controller/kube-objects.js";
import { motoEndpoint, resetMoto, route53Client, TEST_CREDENTIALS } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import { ACCOUNT_B, createZone, DOMAIN, roleCredentials } from "./credentials-on-moto.js";

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/route53-gslb-dns`;

describe("controller with ROUTE53_GSLB_AWS_ASSUME_ROLE", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let controller: ControllerProcess | undefined;

  beforeEach(async () => {
    await resetMoto();
    zoneId = await createZone(motoEndpoint(), ACCOUNT_B);
    proxy = await startFaultProxy(motoEndpoint());
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") console.log(controller?.output().slice(-4000));
    await controller?.stop();
    controller = undefined;
    await proxy.close();
  });

  it("publishes a Gateway into the DNS account's zone", async () => {
    const kube = new KubeObjects(inject("kubeconfig"));
    const ns = await kube.namespace("central-dns");
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
      ],
      {
        ROUTE53_GSLB_CLUSTER_NAME: "east",
        ROUTE53_GSLB_DOMAIN_FILTER: DOMAIN,
        ROUTE53_GSLB_AWS_ENDPOINT: proxy.endpoint,
        ROUTE53_GSLB_AWS_ASSUME_ROLE: ROLE,
        ROUTE53_GSLB_AWS_ASSUME_ROLE_EXTERNAL_ID: "central-dns",
      },
    );
    await kube.gateway(ns, "web", `web.${DOMAIN}`, {}, "192.0.2.30");

    const inB = route53Client(motoEndpoint(), { credentials: roleCredentials(motoEndpoint(), ACCOUNT_B) });
    const web = await eventually(
      `web.${DOMAIN} in account B's zone`,
      async () => {
        const out = await inB.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
        return out.ResourceRecordSets?.find((r) => r.Name === `web.${DOMAIN}.` && r.Type === "A");
      },
      30_000,
    );
    inB.destroy();
    expect(web.ResourceRecords).toEqual([{ Value: "192.0.2.30" }]);

    const assumed = proxy.log.filter((r) => r.operation === "AssumeRole");
    expect(assumed.length).toBeGreaterThanOrEqual(1);
    const body = new URLSearchParams(assumed[0]?.body ?? "");
    expect([body.get("RoleArn"), body.get("ExternalId"), body.get("RoleSessionName")]).toEqual([
      ROLE,
      "central-dns",
      "route53-gslb-east",
    ]);
    const route53 = proxy.log.filter((r) => r.service === "route53");
    expect(route53.some((r) => r.accessKeyId === TEST_CREDENTIALS.accessKeyId)).toBe(false);
  });
});
