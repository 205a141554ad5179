// The Route 53 read adapters against moto: record and zone pagination, health checks with tags in
// chunks of 10, and retries through the fault proxy.

import {
  type Change,
  ChangeResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  CreateHostedZoneCommand,
  type Route53Client,
} from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Route53RateLimiter } from "../../../src/aws/rate-limiter.js";
import { keyOf, recordKeyString } from "../../../src/model/record-set.js";
import { listHealthChecks } from "../../../src/route53/health-check-list.js";
import { listHostedZones, ZoneCache } from "../../../src/route53/hosted-zones.js";
import { listRecordSets, RecordListingStalledError } from "../../../src/route53/record-sets.js";
import { createRoute53Api, type Route53Api } from "../../../src/route53/route53-api.js";
import { motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";

const FAST_RETRY = { policy: { maxAttempts: 10, baseDelayMs: 2, maxDelayMs: 20 } };

function apiFor(endpoint: string): { api: Route53Api; limiter: Route53RateLimiter } {
  const limiter = new Route53RateLimiter({ requestRate: 1_000, requestBurst: 1_000 });
  const client = route53Client(endpoint, { maxAttempts: 1 });
  return { api: createRoute53Api(client, { scheduler: limiter, ...FAST_RETRY }), limiter };
}

let seq = 0;
async function createZone(r53: Route53Client, name: string): Promise<string> {
  const out = await r53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `z-${seq++}` }));
  return out.HostedZone?.Id ?? "";
}

function a(name: string, value: string, extra: object = {}): Change {
  return {
    Action: "CREATE",
    ResourceRecordSet: { Name: name, Type: "A", TTL: 60, ResourceRecords: [{ Value: value }], ...extra },
  };
}

async function createRecords(r53: Route53Client, zoneId: string, changes: Change[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 500) {
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: changes.slice(i, i + 500) },
      }),
    );
  }
}

let proxy: FaultProxy | undefined;
beforeEach(async () => {
  await resetMoto();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe("listRecordSets on moto", () => {
  it("lists a zone of 700 records across pages, every record once", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53, "example.com");
    await createRecords(
      r53,
      zoneId,
      Array.from({ length: 700 }, (_, i) => a(`h${i}.example.com`, "192.0.2.1")),
    );
    proxy = await startFaultProxy(motoEndpoint());
    const listing = await listRecordSets(apiFor(proxy.endpoint).api, zoneId);
    const keys = listing.records.map((r) => recordKeyString(keyOf(r)));
    expect(new Set(keys).size).toBe(keys.length);
    expect(listing.records.filter((r) => r.type === "A")).toHaveLength(700);
    expect(listing.records).toHaveLength(702); // + apex NS and SOA
    expect(listing.pages).toBe(3);
    expect(proxy.count("ListResourceRecordSets").total).toBe(3);
  });

  it("weighted members across a page boundary (moto sends no NextRecordIdentifier): deduplicated", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53, "example.com");
    const members = Array.from({ length: 100 }, (_, i) =>
      a("w.example.com", `192.0.2.${i % 250}`, { SetIdentifier: `m${i}`, Weight: 1 }),
    );
    const plain = Array.from({ length: 450 }, (_, i) => a(`a${i}.example.com`, "192.0.2.1"));
    await createRecords(r53, zoneId, [...plain, ...members, a("z.example.com", "192.0.2.2")]);
    const listing = await listRecordSets(apiFor(motoEndpoint()).api, zoneId);
    const weighted = listing.records.filter((r) => r.name === "w.example.com.");
    expect(weighted).toHaveLength(100);
    expect(listing.records).toHaveLength(2 + 450 + 100 + 1);
  });

  it("more than 300 members at one name: moto repeats the page; a bigger MaxItems still lists all", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53, "example.com");
    const members = Array.from({ length: 400 }, (_, i) =>
      a("w.example.com", "192.0.2.1", { SetIdentifier: `m${i}`, Weight: 1 }),
    );
    await createRecords(r53, zoneId, [
      a("a.example.com", "192.0.2.9"),
      ...members,
      a("z.example.com", "192.0.2.2"),
    ]);
    const { api } = apiFor(motoEndpoint());
    const listing = await listRecordSets(api, zoneId);
    expect(listing.records.filter((r) => r.name === "w.example.com.")).toHaveLength(400);
    expect(listing.records.map((r) => r.name)).toContain("z.example.com.");
    // Without the bigger page the guard stops, naming the zone, instead of looping forever.
    const bareId = zoneId.replace("/hostedzone/", "");
    await expect(listRecordSets(api, zoneId, { maxEscalatedPageSize: 0 })).rejects.toThrow(
      RecordListingStalledError,
    );
    await expect(listRecordSets(api, zoneId, { maxEscalatedPageSize: 0 })).rejects.toThrow(bareId);
  });
});

describe("hosted zones on moto", () => {
  it("lists more than 100 zones through Marker/NextMarker", async () => {
    const r53 = route53Client();
    for (let i = 0; i < 130; i++) await createZone(r53, `z${String(i).padStart(3, "0")}.example.org`);
    proxy = await startFaultProxy(motoEndpoint());
    const { api } = apiFor(proxy.endpoint);
    const listed = await listHostedZones(api);
    expect(listed.zones).toHaveLength(130);
    expect(new Set(listed.zones.map((z) => z.id)).size).toBe(130);
    expect(proxy.count("ListHostedZones").total).toBe(2);
  });

  it("ZoneCache reads records of allowed zones only, and applies sent changes without re-listing", async () => {
    const r53 = route53Client();
    const mine = await createZone(r53, "mine.example.com");
    const other = await createZone(r53, "other.example.com");
    await createRecords(r53, mine, [a("x.mine.example.com", "192.0.2.1")]);
    await createRecords(r53, other, [a("y.other.example.com", "192.0.2.1")]);
    proxy = await startFaultProxy(motoEndpoint());
    const cache = new ZoneCache({
      api: apiFor(proxy.endpoint).api,
      filter: {
        domainFilter: ["mine.example.com"],
        excludeDomains: [],
        zoneType: "any",
        zoneIds: [],
        zoneTags: [],
        splitHorizon: false,
      },
    });
    const zones = await cache.refresh();
    expect(zones.map((z) => [z.name, z.records.length]).sort()).toEqual([
      ["mine.example.com.", 3],
      ["other.example.com.", 0],
    ]);
    const rrsetPaths = proxy.log.filter((l) => l.operation === "ListResourceRecordSets").map((l) => l.path);
    expect(rrsetPaths).toHaveLength(1);
    expect(rrsetPaths[0]).toContain(mine.replace("/hostedzone/", ""));

    const bare = mine.replace("/hostedzone/", "");
    cache.applied(bare, [
      {
        zoneId: bare,
        zoneName: "mine.example.com.",
        action: "CREATE",
        purpose: "record",
        group: "g",
        record: {
          name: "new.mine.example.com.",
          type: "A",
          policy: { kind: "simple" },
          target: { kind: "values", values: ["192.0.2.7"], ttl: 60 },
        },
      },
    ]);
    proxy.resetCounts();
    await cache.refreshIfDue();
    expect(proxy.total()).toBe(0);
    expect(
      cache
        .zones()
        .find((z) => z.id === bare)
        ?.records.map((r) => r.name),
    ).toContain("new.mine.example.com.");
  });
});

describe("re-reading single names on moto", () => {
  it("refreshNames replaces exactly the records at those names, one request each", async () => {
    const r53 = route53Client();
    const zone = await createZone(r53, "mine.example.com");
    const bare = zone.replace("/hostedzone/", "");
    const weighted = (id: string, w: number) => ({ SetIdentifier: id, Weight: w });
    await createRecords(r53, zone, [
      a("web.mine.example.com", "192.0.2.1", weighted("c1", 10)),
      a("web.mine.example.com", "192.0.2.2", weighted("c2", 20)),
      a("a.web.mine.example.com", "192.0.2.3"),
      a("_gslb-a.web.mine.example.com", "192.0.2.4"),
      a("webb.mine.example.com", "192.0.2.5"),
      a("*.mine.example.com", "192.0.2.6"),
    ]);
    proxy = await startFaultProxy(motoEndpoint());
    const cache = new ZoneCache({
      api: apiFor(proxy.endpoint).api,
      filter: {
        domainFilter: ["mine.example.com"],
        excludeDomains: [],
        zoneType: "any",
        zoneIds: [],
        zoneTags: [],
        splitHorizon: false,
      },
    });
    await cache.refresh();
    // Someone else changes two names after the listing.
    await r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: {
          Changes: [
            { ...a("web.mine.example.com", "192.0.2.1", weighted("c1", 0)), Action: "UPSERT" },
            { ...a("*.mine.example.com", "192.0.2.9"), Action: "UPSERT" },
            { ...a("webb.mine.example.com", "192.0.2.5"), Action: "DELETE" },
          ],
        },
      }),
    );
    proxy.resetCounts();
    const read = await cache.refreshNames(bare, ["web.mine.example.com.", "*.mine.example.com."]);
    expect(read).toEqual({ requests: 2, changed: true });
    expect(proxy.count("ListResourceRecordSets").total).toBe(2);
    const records = cache.zones().find((z) => z.id === bare)?.records ?? [];
    const at = (name: string) =>
      records
        .filter((r) => r.name === name)
        .map(
          (r) =>
            `${r.policy.kind === "weighted" ? r.policy.weight : "-"} ${r.target.kind === "values" ? r.target.values : ""}`,
        )
        .sort();
    expect(at("web.mine.example.com.")).toEqual(["0 192.0.2.1", "20 192.0.2.2"]);
    expect(at("*.mine.example.com.")).toEqual(["- 192.0.2.9"]);
    // Names not asked for stay as cached, even when they changed (webb was deleted meanwhile).
    expect(at("a.web.mine.example.com.")).toEqual(["- 192.0.2.3"]);
    expect(at("_gslb-a.web.mine.example.com.")).toEqual(["- 192.0.2.4"]);
    expect(at("webb.mine.example.com.")).toEqual(["- 192.0.2.5"]);

    // Read again with nothing changed since: the cache is left as it was, so a plan made on it stands.
    const zones = cache.zones();
    proxy.resetCounts();
    expect(
      await cache.refreshNames(bare, ["web.mine.example.com.", "_gslb-a.web.mine.example.com."]),
    ).toEqual({
      requests: 2,
      changed: false,
    });
    expect(cache.zones()).toBe(zones);
  });

  it("reads more names than the zone has pages with one listing, fewer one by one", async () => {
    const r53 = route53Client();
    const zone = await createZone(r53, "many.example.com");
    const bare = zone.replace("/hostedzone/", "");
    const names = Array.from({ length: 60 }, (_, i) => `h${i}.many.example.com`);
    await createRecords(
      r53,
      zone,
      names.map((n, i) => a(n, `192.0.2.${i}`)),
    );
    proxy = await startFaultProxy(motoEndpoint());
    const filter = {
      domainFilter: ["many.example.com"],
      excludeDomains: [],
      zoneType: "any" as const,
      zoneIds: [],
      zoneTags: [],
      splitHorizon: false,
    };
    const model = names.map((n) => `${n}.`);
    // 62 record sets (with SOA and NS) in pages of 2: 31 pages, so 55 names take one listing...
    const paged = new ZoneCache({ api: apiFor(proxy.endpoint).api, filter, records: { pageSize: 2 } });
    await paged.refresh();
    proxy.resetCounts();
    expect(await paged.refreshNames(bare, model.slice(0, 55))).toEqual({ requests: 31, changed: false });
    // ...but in pages of 1 (62 pages) they are cheaper one by one: past 50 names, not re-listed.
    const single = new ZoneCache({ api: apiFor(proxy.endpoint).api, filter, records: { pageSize: 1 } });
    await single.refresh();
    proxy.resetCounts();
    expect(await single.refreshNames(bare, model.slice(0, 55))).toEqual({ requests: 55, changed: false });
    expect(proxy.count("ListResourceRecordSets").total).toBe(55);
  });
});

describe("health checks on moto", () => {
  it("lists 25 checks with their tags, ListTagsForResources in chunks of 10", async () => {
    const r53 = route53Client();
    for (let i = 0; i < 25; i++) {
      const out = await r53.send(
        new CreateHealthCheckCommand({
          CallerReference: `ref-${i}`,
          HealthCheckConfig: {
            Type: "HTTPS",
            FullyQualifiedDomainName: `h${i}.example.com`,
            Port: 443,
            ResourcePath: "/healthz",
            RequestInterval: 30,
            FailureThreshold: 3,
          },
        }),
      );
      await r53.send(
        new ChangeTagsForResourceCommand({
          ResourceType: "healthcheck",
          ResourceId: out.HealthCheck?.Id ?? "",
          AddTags: [{ Key: "route53-gslb/hostname", Value: `h${i}.example.com` }],
        }),
      );
    }
    proxy = await startFaultProxy(motoEndpoint());
    const listing = await listHealthChecks(apiFor(proxy.endpoint).api);
    expect(listing.healthChecks).toHaveLength(25);
    for (const check of listing.healthChecks) {
      expect(check.tags["route53-gslb/hostname"]).toBe("fqdn" in check.spec ? check.spec.fqdn : "");
    }
    expect(proxy.count("ListTagsForResources").total).toBe(3);
  });
});

describe("retries through the fault proxy", () => {
  it("reads survive 30% Throttling; the limiter slows down", async () => {
    const r53 = route53Client();
    const zoneId = await createZone(r53, "example.com");
    await createRecords(
      r53,
      zoneId,
      Array.from({ length: 1000 }, (_, i) => a(`h${i}.example.com`, "192.0.2.1")),
    );
    for (let i = 0; i < 3; i++) await createZone(r53, `z${i}.example.net`);
    proxy = await startFaultProxy(motoEndpoint(), [
      {
        operations: ["ListResourceRecordSets", "ListHostedZones", "ListHealthChecks"],
        fault: "Throttling",
        share: 0.3,
        seed: 7,
      },
    ]);
    const { api, limiter } = apiFor(proxy.endpoint);
    const before = limiter.rates().request;
    const listing = await listRecordSets(api, zoneId);
    expect(listing.records.filter((r) => r.type === "A")).toHaveLength(1000);
    const zones = await listHostedZones(api, 1);
    expect(zones.zones).toHaveLength(4);
    const injected = proxy.count("ListResourceRecordSets").injected + proxy.count("ListHostedZones").injected;
    expect(injected).toBeGreaterThan(0);
    expect(limiter.rates().request).toBeLessThan(before);
  });
});
