import { describe, expect, it } from "vitest";
import type { RoutingIntent } from "../../../src/model/endpoint.js";
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

describe("desiredMembers: geoproximity", () => {
  const lbs = indexLoadBalancers([lbCluster1, lbUnknownRegion]);
  const geo = (targets: string[], routing: Partial<RoutingIntent>) =>
    endpoint("g.example.com", { targets, routing: { policy: "geoproximity", ...routing } });
  const policyOf = (r: ReturnType<typeof desiredMembers>) => (r.ok ? r.value.records[0]?.policy : r.error);

  const cases: [string, ReturnType<typeof geo>, ReturnType<typeof policyOf>][] = [
    [
      "no place: the load balancer's region, bias 0",
      geo([lbCluster1.dnsName], {}),
      {
        kind: "geoproximity",
        setIdentifier: "cluster-1",
        place: { kind: "region", region: "eu-west-2" },
        bias: 0,
      },
    ],
    [
      "no place: the region annotation over the load balancer's",
      geo([lbCluster1.dnsName], { region: "us-east-1", bias: 7 }),
      {
        kind: "geoproximity",
        setIdentifier: "cluster-1",
        place: { kind: "region", region: "us-east-1" },
        bias: 7,
      },
    ],
    [
      "the annotated place wins",
      geo(["192.0.2.1"], { geoproximity: { kind: "coordinates", latitude: "1", longitude: "2" }, bias: -1 }),
      {
        kind: "geoproximity",
        setIdentifier: "cluster-1",
        place: { kind: "coordinates", latitude: "1", longitude: "2" },
        bias: -1,
      },
    ],
    [
      "IP targets need a place",
      geo(["192.0.2.1"], {}),
      "geoproximity routing needs a region: set route53-gslb.io/region or route53-gslb.io/geoproximity (the target is not an AWS load balancer)",
    ],
    [
      "a load balancer region Route 53 does not know is not sent",
      geo([lbUnknownRegion.dnsName], {}),
      expect.stringContaining("the load balancer's region `xx-west-9` is not one"),
    ],
  ];
  it.each(cases)("%s", (_name, ep, expected) => {
    expect(policyOf(desiredMembers(ep, zone(), config(), lbs))).toEqual(expected);
  });

  it("--default-routing-policy geoproximity needs no annotation at all", () => {
    const r = desiredMembers(
      endpoint("g.example.com"),
      zone(),
      config({ defaultRoutingPolicy: "geoproximity" }),
      lbs,
    );
    expect(policyOf(r)).toMatchObject({
      kind: "geoproximity",
      place: { kind: "region", region: "eu-west-2" },
    });
  });

  it("a bias under the default weighted policy skips the object instead of being dropped", () => {
    const r = desiredMembers(endpoint("g.example.com", { routing: { bias: 10 } }), zone(), config(), lbs);
    expect(policyOf(r)).toMatch(
      /geoproximity bias is set .* but the routing policy is `weighted` \(--default-routing-policy\)/,
    );
  });
});

describe("desiredMembers: external-dns's alias keys are honoured or refused, never written another way", () => {
  const lbs = indexLoadBalancers([lbCluster1]);
  const E = "external-dns.kubernetes.io/";
  const alias = { key: `${E}alias` };
  const zoneKey = `${E}aws-target-hosted-zone`;
  const cases: [string, string, Partial<RoutingIntent>, string | undefined][] = [
    ["alias: true to a load balancer (an alias anyway)", lbCluster1.dnsName, { alias }, undefined],
    [
      "alias: true to an IP",
      "192.0.2.1",
      { alias },
      "is `true`, but the target `192.0.2.1` is not a load balancer",
    ],
    [
      "alias: true to another hostname",
      "app.example.org",
      { alias },
      "will not write a CNAME or A record instead",
    ],
    [
      "the load balancer's own zone",
      lbCluster1.dnsName,
      { aliasTargetZone: { id: lbCluster1.canonicalHostedZoneId, key: zoneKey } },
      undefined,
    ],
    [
      "another zone than ELBv2 gives",
      lbCluster1.dnsName,
      { aliasTargetZone: { id: "ZOTHER", key: zoneKey } },
      `is \`ZOTHER\`, but ELBv2 gives \`${lbCluster1.canonicalHostedZoneId}\``,
    ],
    [
      "a target zone for a CNAME target",
      "app.example.org",
      { aliasTargetZone: { id: "ZOTHER", key: zoneKey } },
      "names the alias target's hosted zone `ZOTHER`, but the target `app.example.org` is not a load balancer",
    ],
  ];
  it.each(cases)("%s", (_name, target, routing, error) => {
    const r = desiredMembers(
      endpoint("a.example.com", { targets: [target], routing }),
      zone(),
      config(),
      lbs,
    );
    if (error === undefined) expect(r.ok && r.value.records.map((x) => x.target.kind)).toEqual(["alias"]);
    else expect(r.ok ? "ok" : r.error).toContain(error);
  });
});
