import { describe, expect, it } from "vitest";
import { DEFAULT_ZONE_FILTER, type ZoneFilter } from "../../../src/config/config.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { ZoneMatcher } from "../../../src/zones/zone-matcher.js";

const zone = (id: string, name: string, isPrivate = false): HostedZone => ({
  id,
  name,
  private: isPrivate,
  records: [],
});

// Named zones, reused across the tables below.
const examplePublic = zone("ZPUB", "example.com.");
const examplePrivate = zone("ZPRIV", "example.com.", true);
const devPublic = zone("ZDEV", "dev.example.com.");
const devPrivate = zone("ZDEVPRIV", "dev.example.com.", true);
const internalPublic = zone("ZINT", "internal.example.com.");
const tse = zone("ZTSE", "tse.tetratelabs.io.");
const other = zone("ZOTHER", "other.com.");

const filter = (f: Partial<ZoneFilter>): ZoneFilter => ({ ...DEFAULT_ZONE_FILTER, ...f });

interface Case {
  title: string;
  zones: HostedZone[];
  filter: Partial<ZoneFilter>;
  hostname: string;
  expected: { zones: string[] } | { reason: string };
}

const cases: Case[] = [
  {
    title: "the only zone that contains the name",
    zones: [examplePublic, other],
    filter: {},
    hostname: "app.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "longest suffix wins",
    zones: [examplePublic, devPublic],
    filter: {},
    hostname: "api.dev.example.com.",
    expected: { zones: ["ZDEV"] },
  },
  {
    title: "the parent keeps names that are not below the subzone",
    zones: [examplePublic, devPublic],
    filter: {},
    hostname: "web.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "zone apex",
    zones: [examplePublic, devPublic],
    filter: {},
    hostname: "dev.example.com.",
    expected: { zones: ["ZDEV"] },
  },
  {
    title: "wildcard goes to the zone of its parent name",
    zones: [examplePublic, devPublic],
    filter: {},
    hostname: "*.dev.example.com.",
    expected: { zones: ["ZDEV"] },
  },
  {
    title: "wildcard at the apex of a zone",
    zones: [examplePublic],
    filter: {},
    hostname: "*.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "Route 53's escaped wildcard and a relative, uppercase name",
    zones: [examplePublic],
    filter: {},
    hostname: "\\052.App.Example.com",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "split horizon with --zone-type any: both halves",
    zones: [examplePrivate, examplePublic],
    filter: { zoneType: "any" },
    hostname: "app.example.com.",
    expected: { zones: ["ZPRIV", "ZPUB"] },
  },
  {
    title: "split horizon with --zone-type public",
    zones: [examplePrivate, examplePublic],
    filter: { zoneType: "public" },
    hostname: "app.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "split horizon with --zone-type private",
    zones: [examplePrivate, examplePublic],
    filter: { zoneType: "private" },
    hostname: "app.example.com.",
    expected: { zones: ["ZPRIV"] },
  },
  {
    title: "--zone-id picks one half of a split horizon",
    zones: [examplePrivate, examplePublic],
    filter: { zoneIds: ["/hostedzone/ZPRIV"] },
    hostname: "app.example.com.",
    expected: { zones: ["ZPRIV"] },
  },
  {
    title: "--domain-filter allows the zone",
    zones: [tse, other],
    filter: { domainFilter: ["tse.tetratelabs.io"] },
    hostname: "bookinfo.tse.tetratelabs.io.",
    expected: { zones: ["ZTSE"] },
  },
  {
    title: "out of --domain-filter",
    zones: [tse, other],
    filter: { domainFilter: ["tse.tetratelabs.io"] },
    hostname: "foo.other.com.",
    expected: {
      reason: "no hosted zone allowed by --domain-filter tse.tetratelabs.io contains `foo.other.com`",
    },
  },
  {
    title: "excluded by --exclude-domain",
    zones: [examplePublic],
    filter: { excludeDomains: ["internal.example.com"] },
    hostname: "x.internal.example.com.",
    expected: { reason: "`x.internal.example.com` is excluded by --exclude-domain internal.example.com" },
  },
  {
    title: "excluded even when a zone exists for the excluded domain",
    zones: [examplePublic, internalPublic],
    filter: { excludeDomains: ["internal.example.com"] },
    hostname: "internal.example.com.",
    expected: { reason: "`internal.example.com` is excluded by --exclude-domain internal.example.com" },
  },
  {
    title: "no hosted zone at all",
    zones: [examplePublic],
    filter: {},
    hostname: "app.example.org.",
    expected: { reason: "no hosted zone contains `app.example.org`" },
  },
  {
    title: "inside the filter but no zone",
    zones: [other],
    filter: { domainFilter: ["example.com"] },
    hostname: "app.example.com.",
    expected: { reason: "no hosted zone allowed by --domain-filter example.com contains `app.example.com`" },
  },
  {
    title: "a parent zone above the domain filter is not used",
    zones: [examplePublic],
    filter: { domainFilter: ["dev.example.com"] },
    hostname: "app.dev.example.com.",
    expected: {
      reason:
        "`app.dev.example.com` is in hosted zone `example.com` (ZPUB, public), which --domain-filter dev.example.com excludes",
    },
  },
  {
    title: "the only zone has the wrong type",
    zones: [examplePrivate],
    filter: { zoneType: "public" },
    hostname: "app.example.com.",
    expected: {
      reason:
        "`app.example.com` is in hosted zone `example.com` (ZPRIV, private), which --zone-type public excludes",
    },
  },
  {
    title: "the only zone is not in --zone-id",
    zones: [examplePublic],
    filter: { zoneIds: ["ZOTHER"] },
    hostname: "app.example.com.",
    expected: {
      reason:
        "`app.example.com` is in hosted zone `example.com` (ZPUB, public), which --zone-id ZOTHER excludes",
    },
  },
  {
    title: "a filtered-out public subzone shadows its public parent: skipped, not written to the parent",
    zones: [examplePublic, devPublic],
    filter: { zoneIds: ["ZPUB"] },
    hostname: "api.dev.example.com.",
    expected: {
      reason:
        "`api.dev.example.com` belongs to hosted zone `dev.example.com` (ZDEV, public), which --zone-id ZPUB excludes; records in the parent zone `example.com` would be hidden behind it",
    },
  },
  {
    title: "a filtered-out private subzone does not hide the public parent",
    zones: [examplePublic, devPrivate],
    filter: { zoneType: "public" },
    hostname: "api.dev.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "a filtered-out public subzone does not hide a private parent",
    zones: [examplePrivate, devPublic],
    filter: { zoneType: "private" },
    hostname: "api.dev.example.com.",
    expected: { zones: ["ZPRIV"] },
  },
  {
    title: "a filtered-out private subzone hides only the private half of a split-horizon parent",
    zones: [examplePublic, examplePrivate, devPrivate],
    filter: { zoneIds: ["ZPUB", "ZPRIV"] },
    hostname: "api.dev.example.com.",
    expected: { zones: ["ZPUB"] },
  },
  {
    title: "a filtered-out private subzone hides a private parent",
    zones: [examplePrivate, devPrivate],
    filter: { zoneIds: ["ZPRIV"] },
    hostname: "api.dev.example.com.",
    expected: {
      reason:
        "`api.dev.example.com` belongs to hosted zone `dev.example.com` (ZDEVPRIV, private), which --zone-id ZPRIV excludes; records in the parent zone `example.com` would be hidden behind it",
    },
  },
  {
    title: "a same-name pair where both halves are filtered out names both",
    zones: [examplePublic, examplePrivate],
    filter: { zoneIds: ["ZOTHER"] },
    hostname: "app.example.com.",
    expected: {
      reason:
        "`app.example.com` is in hosted zone `example.com` (ZPRIV, private), which --zone-id ZOTHER excludes, and in `example.com` (ZPUB, public), which --zone-id ZOTHER excludes",
    },
  },
];

describe("ZoneMatcher.match", () => {
  for (const c of cases) {
    it(c.title, () => {
      const result = new ZoneMatcher(c.zones, filter(c.filter)).match(c.hostname);
      if ("zones" in c.expected) {
        expect(result).toEqual({
          ok: true,
          zones: c.expected.zones.map((id) => c.zones.find((z) => z.id === id)),
        });
      } else {
        expect(result).toEqual({ ok: false, reason: c.expected.reason });
      }
    });
  }
});

describe("ZoneMatcher.manages", () => {
  const zones = [examplePublic, examplePrivate, devPublic, internalPublic, other];
  const table: [title: string, f: Partial<ZoneFilter>, managed: string[]][] = [
    [
      "no filter manages every zone (sorted by name, then id)",
      {},
      ["ZDEV", "ZPRIV", "ZPUB", "ZINT", "ZOTHER"],
    ],
    ["domain filter", { domainFilter: ["example.com"] }, ["ZDEV", "ZPRIV", "ZPUB", "ZINT"]],
    [
      "exclude domain removes zones at or below it",
      { excludeDomains: ["internal.example.com"] },
      ["ZDEV", "ZPRIV", "ZPUB", "ZOTHER"],
    ],
    ["zone type private", { zoneType: "private" }, ["ZPRIV"]],
    ["zone type public", { zoneType: "public" }, ["ZDEV", "ZPUB", "ZINT", "ZOTHER"]],
    [
      "zone ids, with or without the /hostedzone/ prefix",
      { zoneIds: ["/hostedzone/ZDEV", "ZOTHER"] },
      ["ZDEV", "ZOTHER"],
    ],
    [
      "filters combine",
      { domainFilter: ["example.com"], zoneType: "public", zoneIds: ["ZPUB", "ZPRIV", "ZOTHER"] },
      ["ZPUB"],
    ],
  ];
  for (const [title, f, managed] of table) {
    it(title, () => {
      const matcher = new ZoneMatcher(zones, filter(f));
      expect(matcher.managedZones().map((z) => z.id)).toEqual(managed);
      for (const z of zones) expect(matcher.manages(z)).toBe(managed.includes(z.id));
    });
  }

  it("says which filter keeps a zone out", () => {
    const m = new ZoneMatcher(
      zones,
      filter({ domainFilter: ["example.com"], excludeDomains: ["internal.example.com"] }),
    );
    expect(m.whyNotManaged(other)).toBe("--domain-filter example.com");
    expect(m.whyNotManaged(internalPublic)).toBe("--exclude-domain internal.example.com");
    expect(m.whyNotManaged(examplePublic)).toBeUndefined();
  });

  it("allowsName applies the domain filter to names", () => {
    const m = new ZoneMatcher(
      zones,
      filter({ domainFilter: ["example.com"], excludeDomains: ["internal.example.com"] }),
    );
    expect(m.allowsName("app.example.com.")).toBe(true);
    expect(m.allowsName("x.internal.example.com.")).toBe(false);
    expect(m.allowsName("app.other.com.")).toBe(false);
  });
});
