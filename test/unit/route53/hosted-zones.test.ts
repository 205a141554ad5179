import type {
  ListHostedZonesCommandInput,
  ListResourceRecordSetsCommandInput,
  ListTagsForResourcesCommandInput,
  HostedZone as SdkHostedZone,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import type { ZoneFilter } from "../../../src/config/config.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { listHostedZones, ZoneCache } from "../../../src/route53/hosted-zones.js";

const meta = { $metadata: {} };
const anyZone: ZoneFilter = {
  domainFilter: [],
  excludeDomains: [],
  zoneType: "any",
  zoneIds: [],
  zoneTags: [],
  splitHorizon: false,
};

function zone(id: string, name: string): SdkHostedZone {
  return { Id: `/hostedzone/${id}`, Name: name, CallerReference: id };
}

function fakeAccount(zones: SdkHostedZone[], tags: Record<string, Record<string, string>> = {}) {
  const recordCalls: string[] = [];
  const zoneCalls: ListHostedZonesCommandInput[] = [];
  const tagCalls: ListTagsForResourcesCommandInput[] = [];
  const api = {
    async listTagsForResources(input: ListTagsForResourcesCommandInput) {
      tagCalls.push(input);
      // Route 53 answers InvalidInput for more than 10 ids; the fake refuses them too.
      if ((input.ResourceIds?.length ?? 0) > 10) throw new Error("more than 10 ResourceIds");
      return {
        ...meta,
        ResourceTagSets: (input.ResourceIds ?? []).map((id) => ({
          ResourceType: "hostedzone" as const,
          ResourceId: id,
          Tags: Object.entries(tags[id] ?? {}).map(([Key, Value]) => ({ Key, Value })),
        })),
      };
    },
    async listHostedZones(input: ListHostedZonesCommandInput) {
      zoneCalls.push(input);
      const from = input.Marker ? Number(input.Marker) : 0;
      const max = input.MaxItems ?? 100;
      const next = from + max < zones.length ? String(from + max) : undefined;
      return {
        ...meta,
        HostedZones: zones.slice(from, from + max),
        IsTruncated: next !== undefined,
        NextMarker: next,
        Marker: "",
        MaxItems: max,
      };
    },
    async listResourceRecordSets(input: ListResourceRecordSetsCommandInput) {
      recordCalls.push(input.HostedZoneId ?? "");
      return {
        ...meta,
        IsTruncated: false,
        MaxItems: 300,
        ResourceRecordSets: [
          {
            Name: `x.${zones.find((z) => z.Id?.endsWith(input.HostedZoneId ?? "?"))?.Name}`,
            Type: "A" as const,
            TTL: 60,
            ResourceRecords: [{ Value: "192.0.2.1" }],
          },
        ],
      };
    },
  };
  return { api, recordCalls, zoneCalls, tagCalls };
}

describe("listHostedZones", () => {
  it("follows Marker/NextMarker", async () => {
    const zones = Array.from({ length: 5 }, (_, i) => zone(`Z${i}`, `z${i}.example.`));
    const { api, zoneCalls } = fakeAccount(zones);
    const out = await listHostedZones(api, 2);
    expect(out.zones.map((z) => z.id)).toEqual(["Z0", "Z1", "Z2", "Z3", "Z4"]);
    expect(zoneCalls.map((c) => c.Marker)).toEqual([undefined, "2", "4"]);
  });
});

describe("ZoneCache: --zone-tags", () => {
  const team = (id: string) => ({ team: "dns", owner: id });
  it("reads the tags of the zones the other filters allow, 10 ids a call, and records only of tagged zones", async () => {
    const zones = Array.from({ length: 23 }, (_, i) =>
      zone(`Z${String(i).padStart(2, "0")}`, `z${i}.mine.example.`),
    );
    zones.push(zone("ZOUT", "other.example."));
    const tagged = { Z03: team("a"), Z17: { team: "dns" }, Z20: { team: "web" }, ZOUT: team("b") };
    const { api, recordCalls, tagCalls } = fakeAccount(zones, tagged);
    const cache = new ZoneCache({
      api,
      filter: { ...anyZone, domainFilter: ["mine.example"], zoneTags: [{ key: "team", value: "dns" }] },
    });
    const listed = await cache.refresh();
    expect(tagCalls.map((c) => [c.ResourceType, c.ResourceIds?.length])).toEqual([
      ["hostedzone", 10],
      ["hostedzone", 10],
      ["hostedzone", 3],
    ]);
    // ZOUT is outside --domain-filter: its tags are not asked for.
    expect(tagCalls.flatMap((c) => c.ResourceIds)).not.toContain("ZOUT");
    expect(recordCalls).toEqual(["Z03", "Z17"]);
    expect(listed.find((z) => z.id === "Z03")?.tags).toEqual({ team: "dns", owner: "a" });
    expect(listed.find((z) => z.id === "Z00")?.tags).toEqual({});
    expect(listed.find((z) => z.id === "ZOUT")?.tags).toBeUndefined();
  });

  it("resync reads tags again only for new zones, or once a zone's tags are older than its zone-resync interval", async () => {
    const zones = [zone("Z1", "a.example."), zone("Z2", "b.example.")].map((z) => ({
      ...z,
      ResourceRecordSetCount: 1,
    }));
    const tags: Record<string, Record<string, string>> = { Z1: { team: "dns" } };
    const { api, tagCalls, recordCalls } = fakeAccount(zones, tags);
    let now = 0;
    const cache = new ZoneCache({
      api,
      filter: { ...anyZone, zoneTags: [{ key: "team", value: "dns" }] },
      zoneResyncIntervalMs: 10_000,
      now: () => now,
      random: () => 0.5, // each zone's interval: 10 s × 1.1
    });
    const asked = () => tagCalls.splice(0).flatMap((c) => c.ResourceIds ?? []);
    await cache.refresh();
    expect(asked()).toEqual(["Z1", "Z2"]);
    expect(recordCalls.splice(0)).toEqual(["Z1"]);

    // Z2 is tagged by hand, and a zone Z3 appears: within the interval only Z3's tags are read.
    tags.Z2 = { team: "dns" };
    zones.push({ ...zone("Z3", "c.example."), ResourceRecordSetCount: 1 });
    tags.Z3 = { team: "dns" };
    now = 5_000;
    await cache.resync();
    expect(asked()).toEqual(["Z3"]);
    expect(
      cache
        .zones()
        .filter((z) => z.records.length > 0)
        .map((z) => z.id),
    ).toEqual(["Z1", "Z3"]);

    // Past Z1's and Z2's interval: their tags are read again, and Z2 is managed from now on.
    now = 11_000;
    await cache.resync();
    expect(asked()).toEqual(["Z1", "Z2"]);
    expect(
      cache
        .zones()
        .filter((z) => z.records.length > 0)
        .map((z) => z.id),
    ).toEqual(["Z1", "Z2", "Z3"]);

    // refresh (plan, apply, a controller's start) always reads every zone's tags.
    await cache.refresh();
    expect(asked()).toEqual(["Z1", "Z2", "Z3"]);
  });

  it("without --zone-tags, no tag is read", async () => {
    const { api, tagCalls } = fakeAccount([zone("Z1", "mine.example.")], { Z1: { team: "dns" } });
    await new ZoneCache({ api, filter: anyZone }).refresh();
    expect(tagCalls).toEqual([]);
  });
});

describe("ZoneCache", () => {
  it("reads records of allowed zones only, but keeps every zone for the matcher", async () => {
    const { api, recordCalls } = fakeAccount([zone("Z1", "mine.example."), zone("Z2", "other.example.")]);
    const cache = new ZoneCache({ api, filter: { ...anyZone, domainFilter: ["mine.example"] } });
    const zones = await cache.refresh();
    expect(recordCalls).toEqual(["Z1"]);
    expect(zones.map((z) => [z.id, z.records.length])).toEqual([
      ["Z1", 1],
      ["Z2", 0],
    ]);
  });

  it("applied() updates from what was sent; refreshIfDue re-lists only after the interval", async () => {
    const { api, recordCalls } = fakeAccount([zone("Z1", "mine.example.")]);
    let now = 0;
    const cache = new ZoneCache({ api, filter: anyZone, resyncIntervalMs: 1_000, now: () => now });
    await cache.refreshIfDue();
    const del: RecordChange = {
      zoneId: "Z1",
      zoneName: "mine.example.",
      action: "DELETE",
      purpose: "record",
      group: "g",
      record: {
        name: "x.mine.example.",
        type: "A",
        policy: { kind: "simple" },
        target: { kind: "values", values: ["192.0.2.1"], ttl: 60 },
      },
    };
    cache.applied("Z1", [del]);
    now = 999;
    await cache.refreshIfDue();
    expect(cache.zones()[0]?.records).toEqual([]);
    expect(recordCalls).toHaveLength(1);
    now = 1_000;
    await cache.refreshIfDue();
    expect(cache.zones()[0]?.records).toHaveLength(1);
    expect(recordCalls).toHaveLength(2);
  });

  it("a failed refresh keeps the previous contents", async () => {
    const { api } = fakeAccount([zone("Z1", "mine.example.")]);
    const cache = new ZoneCache({ api, filter: anyZone });
    await cache.refresh();
    api.listHostedZones = async () => {
      throw new Error("boom");
    };
    await expect(cache.refresh()).rejects.toThrow("boom");
    expect(cache.zones()).toHaveLength(1);
  });

  describe("resync: re-lists a zone only when its record count changed or its listing is due", () => {
    // The fake account's zones hold one record set each; Route 53 reports the count in ListHostedZones.
    const setup = () => {
      const zones = [zone("Z1", "a.example."), zone("Z2", "b.example.")].map((z) => ({
        ...z,
        ResourceRecordSetCount: 1,
      }));
      const account = fakeAccount(zones);
      let now = 0;
      const cache = new ZoneCache({
        api: account.api,
        filter: anyZone,
        zoneResyncIntervalMs: 10_000,
        now: () => now,
        random: () => 0.5, // each zone's interval: 10 s × 1.1
      });
      return { zones, account, cache, at: (ms: number) => (now = ms) };
    };

    it.each([
      { name: "nothing changed, listing fresh", count: 1, at: 5_000, listed: [] },
      { name: "a record created by someone", count: 2, at: 5_000, listed: ["Z1"] },
      { name: "a record deleted by someone", count: 0, at: 5_000, listed: ["Z1"] },
      {
        name: "unchanged count, listing past the jittered interval",
        count: 1,
        at: 11_000,
        listed: ["Z1", "Z2"],
      },
      { name: "unchanged count, just before it", count: 1, at: 10_999, listed: [] },
    ])("$name → lists $listed", async ({ count, at, listed }) => {
      const { zones, account, cache, at: setNow } = setup();
      await cache.refresh();
      account.recordCalls.length = 0;
      if (zones[0]) zones[0].ResourceRecordSetCount = count;
      setNow(at);
      await cache.resync();
      expect(account.recordCalls).toEqual(listed);
      expect(cache.zones().map((z) => z.records.length)).toEqual([1, 1]);
    });

    it("a zone without a reported count is listed every time; a new zone at once", async () => {
      const { zones, account, cache } = setup();
      await cache.refresh();
      account.recordCalls.length = 0;
      if (zones[1]) delete (zones[1] as { ResourceRecordSetCount?: number }).ResourceRecordSetCount;
      zones.push({ ...zone("Z3", "c.example."), ResourceRecordSetCount: 1 });
      await cache.resync();
      expect(account.recordCalls.sort()).toEqual(["Z2", "Z3"]);
      expect(cache.stats()).toEqual({ zoneListings: 4, zonesReused: 1 });
    });

    it("what this controller applied keeps the count in step: no re-list after our own writes", async () => {
      const { zones, account, cache } = setup();
      await cache.refresh();
      account.recordCalls.length = 0;
      cache.applied("Z1", [
        {
          zoneId: "Z1",
          zoneName: "a.example.",
          action: "CREATE",
          purpose: "record",
          group: "g",
          record: {
            name: "new.a.example.",
            type: "A",
            policy: { kind: "simple" },
            target: { kind: "values", values: ["192.0.2.9"], ttl: 60 },
          },
        },
      ]);
      if (zones[0]) zones[0].ResourceRecordSetCount = 2; // Route 53 now counts our record too
      await cache.resync();
      expect(account.recordCalls).toEqual([]);
      expect(cache.zones()[0]?.records).toHaveLength(2);
    });
  });
});
