import { describe, expect, it } from "vitest";
import type { LoadBalancer } from "../../../src/model/load-balancer.js";
import { desiredMembers, indexLoadBalancers } from "../../../src/plan/desired-records.js";
import { config, endpoint, lbCluster1, zone } from "../../fixtures/planner.js";

// A region Route 53 does not accept for latency records, as a load balancer's DNS name may name it.
const lbUnknownRegion: LoadBalancer = {
  ...lbCluster1,
  dnsName: "gw-9-0123456789abcdef.elb.xx-west-9.amazonaws.com",
  region: "xx-west-9",
};

describe("desiredMembers: latency region", () => {
  const lbs = indexLoadBalancers([lbCluster1, lbUnknownRegion]);
  const latency = (targets: string[], region?: string) =>
    endpoint("r.example.com", { targets, routing: { policy: "latency", ...(region ? { region } : {}) } });

  it("takes the load balancer's region when Route 53 accepts it", () => {
    const r = desiredMembers(latency([lbCluster1.dnsName]), zone(), config(), lbs);
    expect(r.ok && r.value.records[0]?.policy).toEqual({
      kind: "latency",
      setIdentifier: "cluster-1",
      region: "eu-west-2",
    });
  });

  it("skips the object, naming the region and what is accepted, when the load balancer's region is not in Route 53's list", () => {
    const r = desiredMembers(latency([lbUnknownRegion.dnsName]), zone(), config(), lbs);
    expect(r).toEqual({
      ok: false,
      error:
        "latency routing needs an AWS region Route 53 accepts for latency records, such as `us-east-1` or `eu-west-2` " +
        "(see docs/route53-locations.md); the load balancer's region `xx-west-9` is not one: set route53-gslb.io/region",
    });
  });

  it("the region annotation (checked when parsed) wins over the load balancer's", () => {
    const r = desiredMembers(latency([lbUnknownRegion.dnsName], "eu-central-1"), zone(), config(), lbs);
    expect(r.ok && r.value.records[0]?.policy).toMatchObject({ kind: "latency", region: "eu-central-1" });
  });
});
