// A central DNS account (`--aws-assume-role`): the zone lives in account B, the load balancer in the
// cluster's account A. Route 53 calls use the role assumed in B; the ELBv2 lookup keeps A's identity.
// moto keeps accounts apart, so a broken path shows: without the role, A sees no zone at all.

import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ListHostedZonesCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  defaultSubnetIds,
  elbv2Client,
  motoEndpoint,
  resetMoto,
  route53Client,
  TEST_CREDENTIALS,
} from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";
import {
  ACCOUNT_B,
  childApply,
  createZone,
  DOMAIN,
  roleCredentials,
  serviceManifest,
} from "./credentials-on-moto.js";

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/dns`;
const STATIC_KEYS = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
};

describe("--aws-assume-role: hosted zones in a central DNS account", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let lbDnsName: string;
  let lbZoneId: string;
  let dir: string;

  beforeEach(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    zoneId = await createZone(endpoint, ACCOUNT_B);
    // The load balancer lives in the cluster's own account (A, the static test keys).
    const elb = elbv2Client(endpoint);
    const out = await elb.send(
      new CreateLoadBalancerCommand({
        Name: "web",
        Subnets: await defaultSubnetIds(endpoint),
        Type: "application",
        Scheme: "internet-facing",
      }),
    );
    elb.destroy();
    lbDnsName = (out.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
    lbZoneId = out.LoadBalancers?.[0]?.CanonicalHostedZoneId ?? "";
    dir = await serviceManifest({ hostname: lbDnsName });
    proxy = await startFaultProxy(endpoint, []);
  });
  afterEach(async () => {
    await proxy.close();
  });

  const apply = (...extra: string[]) => childApply(dir, proxy.endpoint, STATIC_KEYS, ...extra);

  it("writes into B's zone with the role, the alias resolved from A's load balancer", async () => {
    const run = await apply("--aws-assume-role", ROLE, "--aws-assume-role-external-id", "x");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);

    const assumed = proxy.log.filter((r) => r.operation === "AssumeRole");
    expect(assumed).toHaveLength(1);
    expect(assumed[0]?.service).toBe("sts");
    expect(assumed[0]?.accessKeyId).toBe(TEST_CREDENTIALS.accessKeyId);
    const body = new URLSearchParams(assumed[0]?.body ?? "");
    expect(body.get("RoleArn")).toBe(ROLE);
    expect(body.get("ExternalId")).toBe("x");
    expect(body.get("RoleSessionName")).toBe("route53-gslb-c1");

    // Route 53 is signed with the role's keys, ELBv2 with the cluster's own.
    const signers = (service: string) =>
      new Set(proxy.log.filter((r) => r.service === service).map((r) => r.accessKeyId));
    expect(signers("route53").has(TEST_CREDENTIALS.accessKeyId)).toBe(false);
    expect(signers("route53").size).toBe(1);
    expect([...signers("elasticloadbalancing")]).toEqual([TEST_CREDENTIALS.accessKeyId]);
    expect(proxy.count("ChangeResourceRecordSets").forwarded).toBeGreaterThan(0);

    const inB = route53Client(motoEndpoint(), { credentials: roleCredentials(motoEndpoint(), ACCOUNT_B) });
    const records = await inB.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    inB.destroy();
    const web = records.ResourceRecordSets?.find((r) => r.Name === `web.${DOMAIN}.` && r.Type === "A");
    expect(web?.AliasTarget?.DNSName).toMatch(new RegExp(`^(dualstack\\.)?${lbDnsName}\\.?$`, "i"));
    expect(web?.AliasTarget?.HostedZoneId).toBe(lbZoneId);
  });

  it("without the role the cluster's account sees no zone, and nothing is written", async () => {
    const inA = route53Client(motoEndpoint());
    expect((await inA.send(new ListHostedZonesCommand({}))).HostedZones).toEqual([]);
    inA.destroy();

    const run = await apply();
    expect(proxy.count("AssumeRole").total).toBe(0);
    expect(proxy.count("ChangeResourceRecordSets").total).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toMatch(/zone/i);
  });
});
