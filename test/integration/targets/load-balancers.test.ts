// LoadBalancerDirectory against moto's ELBv2: lookup by DNS name in the region the name names,
// the cache, and the built-in table when DescribeLoadBalancers fails.

import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LoadBalancerDirectory } from "../../../src/targets/load-balancers.js";
import { defaultSubnetIds, elbv2Client, motoEndpoint, resetMoto } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";

const REGION = "eu-west-2";
const FAST_RETRY = { policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };

async function createLoadBalancer(name: string, type: "application" | "network"): Promise<string> {
  const elb = elbv2Client(motoEndpoint(), REGION);
  const out = await elb.send(
    new CreateLoadBalancerCommand({
      Name: name,
      Type: type,
      Subnets: await defaultSubnetIds(motoEndpoint(), REGION),
    }),
  );
  return out.LoadBalancers?.[0]?.DNSName ?? "";
}

function directory(endpoint: string, regions: string[] = []): LoadBalancerDirectory {
  return new LoadBalancerDirectory({
    clientFor: (region) => {
      regions.push(region);
      return elbv2Client(endpoint, region, { maxAttempts: 1 });
    },
    retry: FAST_RETRY,
  });
}

let proxy: FaultProxy | undefined;
beforeEach(async () => {
  await resetMoto();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe("LoadBalancerDirectory on moto", () => {
  it("finds a load balancer by DNS name in the region the name names; a second lookup is cached", async () => {
    const dnsName = await createLoadBalancer("gw-a", "application");
    expect(dnsName).toContain(`.${REGION}.elb.amazonaws.com`);
    proxy = await startFaultProxy(motoEndpoint());
    const regions: string[] = [];
    const dir = directory(proxy.endpoint, regions);

    const first = await dir.lookup(dnsName.toUpperCase());
    expect(first).toMatchObject({
      found: true,
      loadBalancer: {
        dnsName: dnsName.toLowerCase(),
        region: REGION,
        type: "application",
        canonicalHostedZoneId: "Z2P70J7EXAMPLE", // moto's constant
      },
    });
    expect(first.found && first.warning).toBeFalsy();
    expect(regions).toEqual([REGION]);
    expect(proxy.count("DescribeLoadBalancers").total).toBe(1);

    const second = await dir.lookup(dnsName);
    expect(second.found).toBe(true);
    expect(proxy.count("DescribeLoadBalancers").total).toBe(1);
  });

  it("a name ELBv2 does not know is not found (never a CNAME), with a reason", async () => {
    await createLoadBalancer("gw-a", "application");
    const dir = directory(motoEndpoint());
    const out = await dir.lookup(`nope-123.${REGION}.elb.amazonaws.com`);
    expect(out).toEqual({ found: false, reason: expect.stringContaining("no load balancer") });
  });

  it("DescribeLoadBalancers failing (503): the built-in table answers, with a warning", async () => {
    proxy = await startFaultProxy(motoEndpoint(), [
      { operations: ["DescribeLoadBalancers"], fault: "ServiceUnavailable", share: 1 },
    ]);
    const dir = directory(proxy.endpoint);
    const alb = await dir.lookup(`k8s-gw-abc-123.${REGION}.elb.amazonaws.com`);
    expect(alb).toMatchObject({
      found: true,
      loadBalancer: { type: "application", canonicalHostedZoneId: "ZHURV8PSTC4K8", region: REGION },
      warning: expect.stringContaining("built-in"),
    });
    const nlb = await dir.lookup(`k8s-gw-abc-123.elb.${REGION}.amazonaws.com`);
    expect(nlb).toMatchObject({
      found: true,
      loadBalancer: { type: "network", canonicalHostedZoneId: "ZD4D7Y8KGAS4G" },
    });
    // Retried before falling back (3 attempts per lookup), and failures are not cached.
    expect(proxy.count("DescribeLoadBalancers").injected).toBe(6);
  });
});
