// readAwsState against moto: zones with records, health checks with tags, and the load balancers the
// endpoints name, read through the real adapters.

import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
} from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { Route53RateLimiter } from "../../../src/aws/rate-limiter.js";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import { readAwsState } from "../../../src/route53/aws-state-reader.js";
import { ZoneCache } from "../../../src/route53/hosted-zones.js";
import { createRoute53Api } from "../../../src/route53/route53-api.js";
import { LoadBalancerDirectory } from "../../../src/targets/load-balancers.js";
import { defaultSubnetIds, elbv2Client, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";

beforeEach(async () => {
  await resetMoto();
});

describe("readAwsState on moto", () => {
  it("reads zones, health checks and the endpoints' load balancers", async () => {
    const r53 = route53Client();
    const zone = await r53.send(new CreateHostedZoneCommand({ Name: "example.com", CallerReference: "z" }));
    const zoneId = zone.HostedZone?.Id ?? "";
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            {
              Action: "CREATE",
              ResourceRecordSet: {
                Name: "a.example.com",
                Type: "A",
                TTL: 60,
                ResourceRecords: [{ Value: "192.0.2.1" }],
              },
            },
          ],
        },
      }),
    );
    await r53.send(
      new CreateHealthCheckCommand({
        CallerReference: "r",
        HealthCheckConfig: { Type: "TCP", FullyQualifiedDomainName: "a.example.com", Port: 443 },
      }),
    );
    const elb = elbv2Client(motoEndpoint(), "eu-west-1");
    const created = await elb.send(
      new CreateLoadBalancerCommand({
        Name: "gw",
        Subnets: await defaultSubnetIds(motoEndpoint(), "eu-west-1"),
      }),
    );
    const dnsName = created.LoadBalancers?.[0]?.DNSName ?? "";

    const api = createRoute53Api(route53Client(undefined, { maxAttempts: 1 }), {
      scheduler: new Route53RateLimiter(),
    });
    const endpoint = (targets: string[]): EndpointIntent => ({
      source: { group: "gateway.networking.k8s.io", kind: "Gateway", namespace: "ns", name: "gw" },
      hostname: "app.example.com.",
      targets,
      routing: { healthCheckSettings: {} },
    });
    const read = await readAwsState({
      zones: new ZoneCache({
        api,
        filter: {
          domainFilter: [],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
      }),
      api,
      loadBalancers: new LoadBalancerDirectory({
        clientFor: (region) => elbv2Client(motoEndpoint(), region, { maxAttempts: 1 }),
      }),
      endpoints: [endpoint([dnsName, "192.0.2.8"]), endpoint(["gone-1.eu-west-1.elb.amazonaws.com"])],
    });
    expect(read.state.zones).toHaveLength(1);
    expect(read.state.zones[0]?.records.map((r) => `${r.name} ${r.type}`)).toContain("a.example.com. A");
    expect(read.state.healthChecks).toHaveLength(1);
    expect(read.state.loadBalancers).toEqual([expect.objectContaining({ dnsName, region: "eu-west-1" })]);
    expect(read.unresolved).toEqual([
      { dnsName: "gone-1.eu-west-1.elb.amazonaws.com", reason: expect.stringContaining("no load balancer") },
    ]);
    expect(read.warnings).toEqual([]);
  });
});
