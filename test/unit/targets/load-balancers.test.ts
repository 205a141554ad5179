import type {
  DescribeLoadBalancersCommand,
  LoadBalancer as SdkLoadBalancer,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { describe, expect, it } from "vitest";
import { type ElbV2Sender, fallback, LoadBalancerDirectory } from "../../../src/targets/load-balancers.js";

const ALB = "k8s-gw-abc-123.eu-west-2.elb.amazonaws.com";
const NLB = "k8s-gw-def-456.elb.us-east-1.amazonaws.com";

function sdkLb(dnsName: string, region: string, type: "application" | "network"): SdkLoadBalancer {
  return {
    DNSName: dnsName,
    Type: type,
    Scheme: "internet-facing",
    IpAddressType: "dualstack",
    CanonicalHostedZoneId: `ZONE-${region}`,
    LoadBalancerArn: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/x/1`,
  };
}

function fakeElb(byRegion: Record<string, SdkLoadBalancer[] | Error>, pageSize = 1) {
  const calls: { region: string; marker?: string }[] = [];
  const clientFor = (region: string): ElbV2Sender =>
    ({
      send: async (cmd: DescribeLoadBalancersCommand) => {
        calls.push({ region, ...(cmd.input.Marker ? { marker: cmd.input.Marker } : {}) });
        const lbs = byRegion[region] ?? [];
        if (lbs instanceof Error) throw lbs;
        const from = Number(cmd.input.Marker ?? 0);
        const next = from + pageSize < lbs.length ? String(from + pageSize) : undefined;
        return { $metadata: {}, LoadBalancers: lbs.slice(from, from + pageSize), NextMarker: next };
      },
    }) as unknown as ElbV2Sender;
  return { clientFor, calls };
}

const unavailable = Object.assign(new Error("Service Unavailable"), {
  name: "ServiceUnavailable",
  $metadata: { httpStatusCode: 503 },
});

describe("LoadBalancerDirectory", () => {
  it("lists the region the name names (paged) and caches it for the TTL", async () => {
    const { clientFor, calls } = fakeElb({
      "eu-west-2": [
        sdkLb("other-1.eu-west-2.elb.amazonaws.com", "eu-west-2", "application"),
        sdkLb(ALB, "eu-west-2", "application"),
      ],
      "us-east-1": [sdkLb(NLB, "us-east-1", "network")],
    });
    let now = 0;
    const dir = new LoadBalancerDirectory({ clientFor, ttlMs: 1_000, now: () => now });
    const alb = await dir.lookup(`dualstack.${ALB.toUpperCase()}.`);
    expect(alb).toEqual({
      found: true,
      loadBalancer: expect.objectContaining({
        dnsName: ALB,
        region: "eu-west-2",
        canonicalHostedZoneId: "ZONE-eu-west-2",
        ipAddressType: "dualstack",
      }),
    });
    expect(calls).toEqual([{ region: "eu-west-2" }, { region: "eu-west-2", marker: "1" }]);
    await dir.lookup(ALB);
    expect(calls).toHaveLength(2);
    const nlb = await dir.lookup(NLB);
    expect(nlb.found && nlb.loadBalancer.type).toBe("network");
    expect(calls.at(-1)).toEqual({ region: "us-east-1" });
    now = 1_000;
    await dir.lookup(ALB);
    expect(calls.filter((c) => c.region === "eu-west-2")).toHaveLength(4);
  });

  it("concurrent lookups in one region share one listing", async () => {
    const { clientFor, calls } = fakeElb({ "eu-west-2": [sdkLb(ALB, "eu-west-2", "application")] });
    const dir = new LoadBalancerDirectory({ clientFor });
    const out = await dir.lookupAll([ALB, `${ALB}.`, "x-1.eu-west-2.elb.amazonaws.com"]);
    expect(out.size).toBe(2);
    expect(calls).toHaveLength(1);
  });

  it("an unknown name is not found; a name without a region is not found", async () => {
    const { clientFor } = fakeElb({ "eu-west-2": [] });
    const dir = new LoadBalancerDirectory({ clientFor });
    expect(await dir.lookup(ALB)).toMatchObject({
      found: false,
      reason: expect.stringContaining("no load balancer"),
    });
    expect(await dir.lookup("foo.elb.amazonaws.com")).toMatchObject({
      found: false,
      reason: expect.stringContaining("region"),
    });
  });

  it("ELBv2 failing: the built-in table answers with a warning, and the failure is not cached", async () => {
    const { clientFor, calls } = fakeElb({ "eu-west-2": unavailable });
    const dir = new LoadBalancerDirectory({
      clientFor,
      retry: { policy: { maxAttempts: 2 }, sleep: async () => {} },
    });
    const out = await dir.lookup(ALB);
    expect(out).toMatchObject({
      found: true,
      loadBalancer: { canonicalHostedZoneId: "ZHURV8PSTC4K8", type: "application" },
    });
    expect(out.found && out.warning).toContain("built-in");
    await dir.lookup(ALB);
    expect(calls).toHaveLength(4);
  });
});

describe("fallback", () => {
  it("infers the type from the name's shape; an unknown region is not guessed", () => {
    expect(fallback(NLB, "us-east-1", "x")).toMatchObject({
      found: true,
      loadBalancer: { type: "network", canonicalHostedZoneId: "Z26RNL4JYFTOTI" },
    });
    expect(fallback(`internal-${ALB}`, "eu-west-2", "x")).toMatchObject({
      loadBalancer: { scheme: "internal" },
    });
    expect(fallback("a-1.xx-mars-1.elb.amazonaws.com", "xx-mars-1", "x")).toMatchObject({ found: false });
  });
});
