// Proves the moto test-peer harness and the fault proxy, and pins down where
// moto differs from Route 53 (the "moto behaviour" block documents moto's
// bugs as they are: if one starts failing, moto changed — update
// scripts/peers/moto.mjs's notes and DESIGN.md).
//
// The moto under test is patched: scripts/peers/moto_patched.py applies
// "moto-route53-delete-by-set-identifier" (moto 5.2.1 deletes every record with
// a DELETE's SetIdentifier, under any name), "moto-route53-create-exists-check"
// (moto 5.2.1 rejects re-creating a deleted record when anything sorts after it,
// and accepts a duplicate CREATE with other values) and
// "moto-route53-geoproximity-location" (moto 5.2.1 drops GeoProximityLocation). The "patched moto" blocks
// assert Route 53's behaviour there; if they fail, the patch is no longer in effect.

import {
  CreateLoadBalancerCommand,
  DescribeLoadBalancersCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  type Change,
  ChangeResourceRecordSetsCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultSubnetIds, elbv2Client, motoEndpoint, resetMoto, route53Client } from "./aws.js";
import { type FaultProxy, queryOperation, route53Operation, startFaultProxy } from "./fault-proxy.js";

let zoneCounter = 0;

async function createZone(r53: Route53Client, name = "example.com"): Promise<string> {
  const out = await r53.send(
    new CreateHostedZoneCommand({ Name: name, CallerReference: `ref-${Date.now()}-${zoneCounter++}` }),
  );
  const id = out.HostedZone?.Id;
  if (!id) throw new Error("no zone id");
  return id;
}

function rr(
  name: string,
  type: ResourceRecordSet["Type"],
  value: string,
  extra: Partial<ResourceRecordSet> = {},
): ResourceRecordSet {
  return { Name: name, Type: type, TTL: 60, ResourceRecords: [{ Value: value }], ...extra };
}

async function change(r53: Route53Client, zoneId: string, ...changes: Change[]) {
  return r53.send(
    new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }),
  );
}

/** "name type [setId]" of every record, apex NS/SOA left out. */
async function names(r53: Route53Client, zoneId: string): Promise<string[]> {
  const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
  return (out.ResourceRecordSets ?? [])
    .filter((r) => r.Type !== "NS" && r.Type !== "SOA")
    .map((r) => [r.Name, r.Type, r.SetIdentifier].filter(Boolean).join(" "));
}

async function errorOf(
  p: Promise<unknown>,
): Promise<{ name: string; status: number | undefined; attempts: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, attempts: err.$metadata?.attempts };
  }
  throw new Error("expected the call to fail");
}

beforeEach(async () => {
  await resetMoto();
});

describe("moto harness", () => {
  it("Route 53: creates a zone and a record and reads them back", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    expect(zoneId).toMatch(/^\/hostedzone\/\w+$/);
    const out = await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("www.example.com", "A", "192.0.2.1"),
    });
    const status = await r53.send(new GetChangeCommand({ Id: out.ChangeInfo?.Id }));
    expect(status.ChangeInfo?.Status).toBe("INSYNC");

    const list = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const www = list.ResourceRecordSets?.find((r) => r.Name === "www.example.com.");
    expect(www).toMatchObject({ Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.1" }] });
  });

  it("reset clears every zone", async () => {
    const r53 = route53Client();
    await createZone(r53);
    expect((await r53.send(new ListHostedZonesCommand({}))).HostedZones).toHaveLength(1);
    await resetMoto();
    expect((await r53.send(new ListHostedZonesCommand({}))).HostedZones).toHaveLength(0);
  });

  it("ELBv2: CreateLoadBalancer in moto's default subnets; Describe gives DNSName and CanonicalHostedZoneId", async () => {
    for (const region of ["us-east-1", "eu-west-1"]) {
      const subnets = await defaultSubnetIds(motoEndpoint(), region);
      expect(subnets.length).toBeGreaterThanOrEqual(2);
      const elb = elbv2Client(motoEndpoint(), region);
      const created = await elb.send(
        new CreateLoadBalancerCommand({ Name: "gw-1", Subnets: subnets.slice(0, 2), Type: "network" }),
      );
      const arn = created.LoadBalancers?.[0]?.LoadBalancerArn;
      expect(arn).toContain(`:${region}:`);
      const described = await elb.send(
        new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn as string] }),
      );
      const lb = described.LoadBalancers?.[0];
      expect(lb?.DNSName).toMatch(new RegExp(`^gw-1-\\d+\\.${region}\\.elb\\.amazonaws\\.com$`));
      // moto: a constant fake, not AWS's per-region ELB zone id.
      expect(lb?.CanonicalHostedZoneId).toBe("Z2P70J7EXAMPLE");
    }
  });

  it("ELBv2: arbitrary subnet ids are rejected (so tests need defaultSubnetIds)", async () => {
    const elb = elbv2Client();
    const err = await errorOf(
      elb.send(new CreateLoadBalancerCommand({ Name: "x", Subnets: ["subnet-12345678"] })),
    );
    // moto answers with EC2's code; AWS ELBv2 answers SubnetNotFound (SDK: SubnetNotFoundException).
    expect(err.name).toBe("InvalidSubnetID.NotFound");
  });
});

describe("fault proxy", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(motoEndpoint());
  });
  afterAll(async () => {
    await proxy.close();
  });
  afterEach(() => {
    proxy.setRules([]);
    proxy.resetCounts();
  });

  it("names Route 53 REST and query-API operations", () => {
    expect(route53Operation("POST", "/2013-04-01/hostedzone")).toBe("CreateHostedZone");
    expect(route53Operation("GET", "/2013-04-01/hostedzone?maxitems=10")).toBe("ListHostedZones");
    expect(route53Operation("GET", "/2013-04-01/hostedzone/Z1")).toBe("GetHostedZone");
    expect(route53Operation("DELETE", "/2013-04-01/hostedzone/Z1")).toBe("DeleteHostedZone");
    expect(route53Operation("POST", "/2013-04-01/hostedzone/Z1/rrset/")).toBe("ChangeResourceRecordSets");
    expect(route53Operation("GET", "/2013-04-01/hostedzone/Z1/rrset?maxitems=1")).toBe(
      "ListResourceRecordSets",
    );
    expect(route53Operation("GET", "/2013-04-01/hostedzonesbyname?dnsname=a.")).toBe("ListHostedZonesByName");
    expect(route53Operation("GET", "/2013-04-01/change/C1")).toBe("GetChange");
    expect(route53Operation("POST", "/2013-04-01/healthcheck")).toBe("CreateHealthCheck");
    expect(route53Operation("GET", "/2013-04-01/healthcheck")).toBe("ListHealthChecks");
    expect(route53Operation("POST", "/2013-04-01/healthcheck/H1")).toBe("UpdateHealthCheck");
    expect(route53Operation("DELETE", "/2013-04-01/healthcheck/H1")).toBe("DeleteHealthCheck");
    expect(route53Operation("POST", "/2013-04-01/tags/healthcheck/H1")).toBe("ChangeTagsForResource");
    expect(route53Operation("GET", "/2013-04-01/tags/healthcheck/H1")).toBe("ListTagsForResource");
    expect(route53Operation("POST", "/2013-04-01/tags/healthcheck")).toBe("ListTagsForResources");
    expect(route53Operation("POST", "/")).toBeUndefined();
    expect(queryOperation("/", "Action=DescribeLoadBalancers&Version=2015-12-01")).toBe(
      "DescribeLoadBalancers",
    );
    expect(queryOperation("/?Action=DescribeTags", "")).toBe("DescribeTags");
  });

  it("injected Throttling, PriorRequestNotComplete and 503 reach the SDK as those error names", async () => {
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 1 });
    const zoneId = await createZone(r53);
    const write = () =>
      change(r53, zoneId, { Action: "UPSERT", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });

    proxy.setRules([{ operations: ["ChangeResourceRecordSets"], fault: "Throttling", every: 1 }]);
    expect(await errorOf(write())).toEqual({ name: "Throttling", status: 400, attempts: 1 });
    proxy.setRules([
      { operations: ["ChangeResourceRecordSets"], fault: "PriorRequestNotComplete", every: 1 },
    ]);
    expect(await errorOf(write())).toEqual({ name: "PriorRequestNotComplete", status: 400, attempts: 1 });
    proxy.setRules([{ operations: ["ChangeResourceRecordSets"], fault: "ServiceUnavailable", every: 1 }]);
    expect(await errorOf(write())).toEqual({ name: "ServiceUnavailable", status: 503, attempts: 1 });
    // Other operations are untouched by a rule for ChangeResourceRecordSets.
    await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));

    expect(proxy.count("CreateHostedZone")).toEqual({ forwarded: 1, injected: 0, total: 1, faults: {} });
    expect(proxy.count("ChangeResourceRecordSets")).toEqual({
      forwarded: 0,
      injected: 3,
      total: 3,
      faults: { Throttling: 1, PriorRequestNotComplete: 1, ServiceUnavailable: 1 },
    });
    expect(proxy.count("ListResourceRecordSets")).toMatchObject({ forwarded: 1, injected: 0 });
    expect(await names(route53Client(), zoneId)).toEqual([]); // nothing was applied
  });

  it("the SDK's retries ride over injected throttling; every-Nth is exact", async () => {
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 3 });
    const zoneId = await createZone(r53);
    proxy.setRules([{ operations: ["ChangeResourceRecordSets"], fault: "Throttling", every: 2 }]);
    // Requests 2, 4, ... are throttled: write 1 passes, write 2 is throttled then retried.
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    const out = await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("b.example.com", "A", "192.0.2.2"),
    });
    expect(out.$metadata.attempts).toBe(2);
    expect(proxy.count("ChangeResourceRecordSets")).toMatchObject({ forwarded: 2, injected: 1, total: 3 });
    expect(await names(r53, zoneId)).toEqual(["a.example.com. A", "b.example.com. A"]);
  });

  it("counts operations of Route 53 and ELBv2 through the proxy", async () => {
    const r53 = route53Client(proxy.endpoint);
    const zoneId = await createZone(r53);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.1") });
    await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    await r53.send(
      new CreateHealthCheckCommand({
        CallerReference: "hc-1",
        HealthCheckConfig: {
          Type: "HTTPS",
          FullyQualifiedDomainName: "gw.example.net",
          Port: 443,
          ResourcePath: "/healthz",
        },
      }),
    );
    const elb = elbv2Client(proxy.endpoint);
    const subnets = await defaultSubnetIds(proxy.endpoint);
    await elb.send(
      new CreateLoadBalancerCommand({ Name: "gw-2", Subnets: subnets.slice(0, 2), Type: "network" }),
    );
    await elb.send(new DescribeLoadBalancersCommand({ Names: ["gw-2"] }));

    const counts = proxy.counts();
    expect(Object.fromEntries(Object.entries(counts).map(([op, c]) => [op, c.forwarded]))).toEqual({
      CreateHostedZone: 1,
      ChangeResourceRecordSets: 2,
      ListResourceRecordSets: 1,
      CreateHealthCheck: 1,
      DescribeSubnets: 1,
      CreateLoadBalancer: 1,
      DescribeLoadBalancers: 1,
    });
    expect(proxy.total("injected")).toBe(0);
    expect(proxy.total()).toBe(8);
    expect(proxy.log.filter((l) => l.service === "elasticloadbalancing").map((l) => l.operation)).toEqual([
      "CreateLoadBalancer",
      "DescribeLoadBalancers",
    ]);
  });

  it("a seeded share injects the same requests every run", async () => {
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 1 });
    const zoneId = await createZone(r53);
    const pattern = async () => {
      proxy.setRules([{ operations: ["ListResourceRecordSets"], fault: "Throttling", share: 0.3, seed: 42 }]);
      proxy.resetCounts();
      const hits: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        hits.push(
          await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId })).then(
            () => false,
            () => true,
          ),
        );
      }
      return hits;
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const injected = first.filter(Boolean).length;
    expect(proxy.count("ListResourceRecordSets").injected).toBe(injected);
    expect(injected).toBeGreaterThan(4);
    expect(injected).toBeLessThan(24);
  });

  it("limit caps injections; phase 'after' applies the change but loses the answer", async () => {
    const r53 = route53Client(proxy.endpoint, { maxAttempts: 1 });
    const zoneId = await createZone(r53);
    proxy.setRules([
      {
        operations: ["ChangeResourceRecordSets"],
        fault: "ServiceUnavailable",
        every: 1,
        limit: 1,
        phase: "after",
      },
    ]);
    const first = change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1"),
    });
    expect((await errorOf(first)).name).toBe("ServiceUnavailable");
    expect(await names(r53, zoneId)).toEqual(["a.example.com. A"]); // applied nonetheless
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.1") }); // limit reached
    expect(proxy.log.filter((l) => l.operation === "ChangeResourceRecordSets")).toMatchObject([
      { outcome: "injected", fault: "ServiceUnavailable", upstreamStatus: 200 },
      { outcome: "forwarded" },
    ]);
  });
});

// Fixed by scripts/peers/moto_patched.py ("moto-route53-delete-by-set-identifier"):
// unpatched moto 5.2.1 removed a.example.com's c1 member AND every other c1
// record (b.example.com A, _x.example.com TXT), and a repeated DELETE passed.
describe("patched moto: DELETE with a SetIdentifier behaves as in Route 53", () => {
  it("DELETE of member a.example.com A set=c1 removes only that member", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const w = (name: string, type: ResourceRecordSet["Type"], value: string, id: string) =>
      rr(name, type, value, { SetIdentifier: id, Weight: 10 });
    await change(
      r53,
      zoneId,
      { Action: "CREATE", ResourceRecordSet: w("a.example.com", "A", "192.0.2.1", "c1") },
      { Action: "CREATE", ResourceRecordSet: w("a.example.com", "A", "192.0.2.2", "c2") },
      { Action: "CREATE", ResourceRecordSet: w("b.example.com", "A", "192.0.2.3", "c1") },
      { Action: "CREATE", ResourceRecordSet: w("_x.example.com", "TXT", '"owner=c1"', "c1") },
    );
    await change(r53, zoneId, {
      Action: "DELETE",
      ResourceRecordSet: w("a.example.com", "A", "192.0.2.1", "c1"),
    });
    expect(await names(r53, zoneId)).toEqual([
      "_x.example.com. TXT c1",
      "a.example.com. A c2",
      "b.example.com. A c1",
    ]);
  });

  it("the same name under another type keeps its member (SetIdentifier is per name+type)", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const w = (type: ResourceRecordSet["Type"], value: string) =>
      rr("a.example.com", type, value, { SetIdentifier: "c1", Weight: 10 });
    await change(
      r53,
      zoneId,
      { Action: "CREATE", ResourceRecordSet: w("A", "192.0.2.1") },
      { Action: "CREATE", ResourceRecordSet: w("AAAA", "2001:db8::1") },
    );
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: w("A", "192.0.2.1") });
    expect(await names(r53, zoneId)).toEqual(["a.example.com. AAAA c1"]);
  });

  it("DELETE of a member that no longer exists fails with InvalidChangeBatch (not found)", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const member = rr("a.example.com", "A", "192.0.2.1", { SetIdentifier: "c1", Weight: 10 });
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: member });
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: member });
    let message = "";
    try {
      await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: member });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("but it was not found");
    expect((await errorOf(change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: member }))).name).toBe(
      "InvalidChangeBatch",
    );
  });
});

// Fixed by scripts/peers/moto_patched.py ("moto-route53-create-exists-check"):
// unpatched moto 5.2.1 rejected a CREATE identical to an earlier one in its
// journal if ANY record sorted at or after its name and type ("already exists"),
// and added a second record set for a CREATE of an existing one with other values.
describe("patched moto: CREATE fails exactly when the name+type+SetIdentifier exists, as in Route 53", () => {
  // Per policy: our member (c1) and, where the policy has members, another cluster's (c2).
  const members: [string, Partial<ResourceRecordSet>, Partial<ResourceRecordSet> | undefined][] = [
    ["weighted", { SetIdentifier: "c1", Weight: 10 }, { SetIdentifier: "c2", Weight: 10 }],
    ["latency", { SetIdentifier: "c1", Region: "eu-west-1" }, { SetIdentifier: "c2", Region: "us-east-1" }],
    [
      "failover",
      { SetIdentifier: "c1", Failover: "SECONDARY" },
      { SetIdentifier: "c2", Failover: "PRIMARY" },
    ],
    [
      "geolocation",
      { SetIdentifier: "c1", GeoLocation: { CountryCode: "DE" } },
      { SetIdentifier: "c2", GeoLocation: { CountryCode: "FR" } },
    ],
    [
      "multivalue",
      { SetIdentifier: "c1", MultiValueAnswer: true },
      { SetIdentifier: "c2", MultiValueAnswer: true },
    ],
    ["simple", {}, undefined],
  ];
  it.each(members)("a %s record can be created, deleted and created again", async (_policy, ours, theirs) => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    // Records that sort after a.example.com A: another cluster's member, an ownership TXT, a later name.
    const ownership = rr("_gslb.a.example.com", "TXT", '"owner=c1"', { SetIdentifier: "c1", Weight: 1 });
    await change(
      r53,
      zoneId,
      ...(theirs
        ? [{ Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.2", theirs) } as const]
        : []),
      { Action: "CREATE", ResourceRecordSet: ownership },
      { Action: "CREATE", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.3") },
    );
    const member = rr("a.example.com", "A", "192.0.2.1", ours);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: member });
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: member });
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: member }); // unpatched: "already exists"
    const ourName = ours.SetIdentifier ? "a.example.com. A c1" : "a.example.com. A";
    expect((await names(r53, zoneId)).filter((n) => n === ourName)).toHaveLength(1);
  });

  it("DELETE then CREATE of the same member in one batch replaces it (changes apply in order)", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const w = (value: string) => rr("a.example.com", "A", value, { SetIdentifier: "c1", Weight: 10 });
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: w("192.0.2.1") });
    await change(r53, zoneId, { Action: "UPSERT", ResourceRecordSet: w("192.0.2.2") });
    // Back to the first value: identical to a CREATE in moto's journal, while the member still exists.
    await change(
      r53,
      zoneId,
      { Action: "DELETE", ResourceRecordSet: w("192.0.2.2") },
      { Action: "CREATE", ResourceRecordSet: w("192.0.2.1") },
    );
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const a = (out.ResourceRecordSets ?? []).filter((r) => r.Name === "a.example.com.");
    expect(a.map((r) => r.ResourceRecords?.map((v) => v.Value))).toEqual([["192.0.2.1"]]);
  });

  it("CREATE of an existing name+type+SetIdentifier fails with InvalidChangeBatch, whatever its values; nothing of the batch applies", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    const other = await errorOf(
      change(
        r53,
        zoneId,
        { Action: "CREATE", ResourceRecordSet: rr("c.example.com", "A", "192.0.2.5") },
        { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.2") },
      ),
    );
    expect(other.name).toBe("InvalidChangeBatch");
    const same = await errorOf(
      change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") }),
    );
    expect(same.name).toBe("InvalidChangeBatch");
    expect(await names(r53, zoneId)).toEqual(["a.example.com. A"]);
    // Another SetIdentifier at the same name+type is another record set.
    const w = (id: string) => rr("w.example.com", "A", "192.0.2.1", { SetIdentifier: id, Weight: 1 });
    await change(
      r53,
      zoneId,
      { Action: "CREATE", ResourceRecordSet: w("c1") },
      { Action: "CREATE", ResourceRecordSet: w("c2") },
    );
    expect((await errorOf(change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: w("c2") }))).name).toBe(
      "InvalidChangeBatch",
    );
  });
});

// Fixed by scripts/peers/moto_patched.py ("moto-route53-geoproximity-location"):
// unpatched moto 5.2.1 accepted a geoproximity member and listed it without its
// GeoProximityLocation, as a member with a SetIdentifier and no routing policy.
describe("patched moto: a geoproximity member keeps its GeoProximityLocation, as in Route 53", () => {
  const locations: [string, NonNullable<ResourceRecordSet["GeoProximityLocation"]>][] = [
    ["an AWS region", { AWSRegion: "eu-west-1", Bias: 0 }],
    ["a Local Zone group", { LocalZoneGroup: "us-east-1-bue-1", Bias: -20 }],
    ["coordinates", { Coordinates: { Latitude: "49.22", Longitude: "-74.01" }, Bias: 99 }],
  ];
  it.each(locations)("%s is listed back exactly as written", async (_what, location) => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const member = rr("a.example.com", "A", "192.0.2.1", {
      SetIdentifier: "c1",
      GeoProximityLocation: location,
    });
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: member });
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const a = (out.ResourceRecordSets ?? []).find((r) => r.Name === "a.example.com.");
    expect(a?.GeoProximityLocation).toEqual(location); // unpatched: undefined
  });

  it("an UPSERT replaces the location", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const at = (location: NonNullable<ResourceRecordSet["GeoProximityLocation"]>) =>
      rr("a.example.com", "A", "192.0.2.1", { SetIdentifier: "c1", GeoProximityLocation: location });
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: at({ AWSRegion: "eu-west-1", Bias: 0 }),
    });
    await change(r53, zoneId, {
      Action: "UPSERT",
      ResourceRecordSet: at({ AWSRegion: "us-east-1", Bias: 5 }),
    });
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    const a = (out.ResourceRecordSets ?? []).filter((r) => r.Name === "a.example.com.");
    expect(a.map((r) => r.GeoProximityLocation)).toEqual([{ AWSRegion: "us-east-1", Bias: 5 }]);
  });
});

// moto's gaps, as found with the pinned moto (scripts/peers/moto.mjs MOTO_VERSION).
// These assert moto's WRONG behaviour on purpose, so the next change to moto is noticed.
describe("moto behaviour (differs from Route 53)", () => {
  it("DELETE without a SetIdentifier removes every record set of that name+type, weighted members too", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    await change(
      r53,
      zoneId,
      { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") },
      {
        Action: "CREATE",
        ResourceRecordSet: rr("a.example.com", "A", "192.0.2.2", { SetIdentifier: "c1", Weight: 1 }),
      },
      { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "TXT", '"x"') },
    );
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    expect(await names(r53, zoneId)).toEqual(["a.example.com. TXT"]);
  });

  it("DELETE is checked against moto's journal of earlier CREATE/UPSERTs, not the zone", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    // Values unlike any earlier CREATE/UPSERT: InvalidInput (AWS: InvalidChangeBatch "not found"/"values don't match").
    const wrong = await errorOf(
      change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.9") }),
    );
    expect(wrong.name).toBe("InvalidInput");
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    // Deleting it again succeeds (AWS: InvalidChangeBatch, not found).
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("a.example.com", "A", "192.0.2.1") });
    expect(await names(r53, zoneId)).toEqual([]);
    // A DELETE naming a value the record no longer has passes (AWS: values must match).
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.1") });
    await change(r53, zoneId, { Action: "UPSERT", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.2") });
    await change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("b.example.com", "A", "192.0.2.1") });
    expect(await names(r53, zoneId)).toEqual([]);
  });

  it("ListResourceRecordSets paging ignores SetIdentifier: a page boundary inside weighted members repeats forever", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    const members: Change[] = [0, 1, 2, 3, 4].map((i) => ({
      Action: "CREATE",
      ResourceRecordSet: rr("p.example.com", "A", `192.0.2.${i}`, { SetIdentifier: `m${i}`, Weight: 1 }),
    }));
    await change(r53, zoneId, ...members);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("z.example.com", "A", "192.0.2.9") });

    const pages: string[][] = [];
    let start: {
      StartRecordName?: string;
      StartRecordType?: ResourceRecordSet["Type"];
      StartRecordIdentifier?: string;
    } = {};
    for (let guard = 0; guard < 6; guard++) {
      const out: ListResourceRecordSetsCommandOutput = await r53.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 3, ...start }),
      );
      pages.push(
        (out.ResourceRecordSets ?? []).map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ""}`.trim()),
      );
      expect(out.NextRecordIdentifier).toBeUndefined(); // never returned
      if (!out.IsTruncated) break;
      start = { StartRecordName: out.NextRecordName, StartRecordType: out.NextRecordType };
      if (out.NextRecordIdentifier) start.StartRecordIdentifier = out.NextRecordIdentifier;
    }
    // Sorted by reversed labels then type; NS and SOA at the apex come first.
    expect(pages[0]).toEqual(["example.com. NS", "example.com. SOA", "p.example.com. A m0"]);
    expect(pages[1]).toEqual(["p.example.com. A m0", "p.example.com. A m1", "p.example.com. A m2"]);
    expect(pages[2]).toEqual(pages[1]); // ...and so on: z.example.com is never reached
    expect(pages).toHaveLength(6);
    // Without MaxItems (default 300) everything comes in one page.
    expect(await names(r53, zoneId)).toHaveLength(6);
  });

  it("'*' is stored and returned as sent (AWS returns \\052); '*' and '\\052' are different records", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    await change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("*.example.com", "A", "192.0.2.1") });
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("\\052.example.com", "A", "192.0.2.2"),
    });
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("\\052.w.example.com", "A", "192.0.2.3"),
    });
    expect(await names(r53, zoneId)).toEqual([
      "*.example.com. A",
      "\\052.example.com. A",
      "\\052.w.example.com. A",
    ]);
  });

  it("names are case-sensitive (AWS lower-cases them); the zone-suffix check is case-sensitive too", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53);
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("WWW.example.com", "A", "192.0.2.1"),
    });
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("www.example.com", "A", "192.0.2.2"),
    });
    expect(await names(r53, zoneId)).toEqual(["WWW.example.com. A", "www.example.com. A"]); // uppercase sorts first (ASCII)
    // A DELETE must use the case used at creation: this one names no journalled record.
    const del = await errorOf(
      change(r53, zoneId, { Action: "DELETE", ResourceRecordSet: rr("www.example.com", "A", "192.0.2.1") }),
    );
    expect(del.name).toBe("InvalidInput");
    // A name under the zone but in another case is rejected as outside the zone (AWS accepts it).
    const outside = await errorOf(
      change(r53, zoneId, { Action: "CREATE", ResourceRecordSet: rr("api.EXAMPLE.com", "A", "192.0.2.3") }),
    );
    expect(outside.name).toBe("InvalidChangeBatch");
    // The zone-suffix check has no label boundary: "badexample.com" passes as inside example.com (AWS rejects it).
    await change(r53, zoneId, {
      Action: "CREATE",
      ResourceRecordSet: rr("badexample.com", "A", "192.0.2.4"),
    });
    expect(await names(r53, zoneId)).toContain("badexample.com. A");
  });
});
