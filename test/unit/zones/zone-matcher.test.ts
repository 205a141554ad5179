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
const tagged = (z: HostedZone, tags: Record<string, string>): HostedZone => ({ ...z, tags });

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

/*
 * --zone-tags: a zone is managed when it carries every tag (`key`: any value, `key=value`: that value).
 */
describe("ZoneMatcher: --zone-tags", () => {
  const teamDns = tagged(devPublic, { team: "dns", env: "prod" });
  const teamWeb = tagged(examplePublic, { team: "web" });
  const emptyValue = tagged(internalPublic, { team: "" });
  const zones = [teamDns, teamWeb, emptyValue, other];
  const table: [title: string, tags: ZoneFilter["zoneTags"], managed: string[]][] = [
    ["no tag filter: every zone, tags read or not", [], ["ZDEV", "ZPUB", "ZINT", "ZOTHER"]],
    ["a key with any value, an empty value too", [{ key: "team" }], ["ZDEV", "ZPUB", "ZINT"]],
    ["a key with one value", [{ key: "team", value: "dns" }], ["ZDEV"]],
    [
      "every tag must match",
      [
        { key: "team", value: "dns" },
        { key: "env", value: "dev" },
      ],
      [],
    ],
    ["every tag matches", [{ key: "team", value: "dns" }, { key: "env" }], ["ZDEV"]],
    ["tags are case-sensitive", [{ key: "Team" }], []],
    ["an empty value is a value", [{ key: "team", value: "" }], ["ZINT"]],
    ["a key no zone has", [{ key: "owner" }], []],
    ["a zone whose tags were not read has none", [{ key: "team" }], ["ZDEV", "ZPUB", "ZINT"]],
    ["`hasOwnProperty` is not a tag", [{ key: "hasOwnProperty" }, { key: "constructor" }], []],
  ];
  it.each(table)("%s", (_title, zoneTags, managed) => {
    const matcher = new ZoneMatcher(zones, filter({ zoneTags }));
    expect(matcher.managedZones().map((z) => z.id)).toEqual(managed);
  });

  it("a hostname in an untagged zone is skipped, naming the tag it lacks", () => {
    const matcher = new ZoneMatcher(
      zones,
      filter({ zoneTags: [{ key: "team", value: "dns" }, { key: "env" }] }),
    );
    expect(matcher.match("app.example.com.")).toEqual({
      ok: false,
      reason:
        "`app.example.com` is in hosted zone `example.com` (ZPUB, public), which --zone-tags team=dns, --zone-tags env excludes",
    });
    expect(matcher.match("api.dev.example.com.")).toEqual({ ok: true, zones: [teamDns] });
  });

  it("an untagged public subzone still shadows a tagged public parent", () => {
    const matcher = new ZoneMatcher(
      [tagged(examplePublic, { team: "dns" }), devPublic],
      filter({ zoneTags: [{ key: "team" }] }),
    );
    expect(matcher.match("api.dev.example.com.")).toEqual({
      ok: false,
      reason:
        "`api.dev.example.com` belongs to hosted zone `dev.example.com` (ZDEV, public), which --zone-tags team excludes; records in the parent zone `example.com` would be hidden behind it",
    });
  });
});

/*
 * --split-horizon, external-dns's placement (provider/aws suitableZones): every allowed private zone
 * that contains the name and the most specific allowed public zone.
 */
describe("ZoneMatcher: --split-horizon", () => {
  const devPrivateAlso = zone("ZDEVPRIV2", "dev.example.com.", true);
  const apiPublic = zone("ZAPI", "api.dev.example.com.");
  interface SplitCase {
    title: string;
    zones: HostedZone[];
    filter?: Partial<ZoneFilter>;
    hostname: string;
    zonesWithout: string[] | string;
    zonesWith: string[] | string;
    withheld?: string;
  }
  const cases: SplitCase[] = [
    {
      title: "a private subzone and a public parent: only the subzone by default, both with the option",
      zones: [devPrivate, examplePublic],
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZDEVPRIV"],
      zonesWith: ["ZDEVPRIV", "ZPUB"],
    },
    {
      title: "every private zone that contains the name, of any depth, and one public zone",
      zones: [devPrivate, devPrivateAlso, examplePrivate, examplePublic, devPublic],
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZDEV", "ZDEVPRIV", "ZDEVPRIV2"],
      zonesWith: ["ZDEV", "ZDEVPRIV", "ZDEVPRIV2", "ZPRIV"],
    },
    {
      title: "the most specific public zone, not its public parent",
      zones: [examplePublic, devPublic, apiPublic],
      hostname: "x.api.dev.example.com.",
      zonesWithout: ["ZAPI"],
      zonesWith: ["ZAPI"],
    },
    {
      title: "a name only public zones contain",
      zones: [examplePublic, devPrivate],
      hostname: "www.example.com.",
      zonesWithout: ["ZPUB"],
      zonesWith: ["ZPUB"],
    },
    {
      title: "a name only private zones contain",
      zones: [examplePrivate, devPrivate],
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZDEVPRIV"],
      zonesWith: ["ZDEVPRIV", "ZPRIV"],
    },
    {
      title: "--zone-type private: the private zones only, nothing withheld",
      zones: [devPrivate, examplePrivate, examplePublic],
      filter: { zoneType: "private" },
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZDEVPRIV"],
      zonesWith: ["ZDEVPRIV", "ZPRIV"],
    },
    {
      title: "--zone-type public: the most specific public zone",
      zones: [devPrivate, examplePublic],
      filter: { zoneType: "public" },
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZPUB"],
      zonesWith: ["ZPUB"],
    },
    {
      title: "a filtered-out private zone hides the private parent by default, not with the option",
      zones: [devPrivate, examplePrivate, examplePublic],
      filter: { zoneIds: ["ZPRIV", "ZPUB"] },
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZPUB"],
      zonesWith: ["ZPRIV", "ZPUB"],
    },
    {
      title: "a filtered-out public subzone withholds the public half; the private zones still get the name",
      zones: [devPrivate, devPublic, examplePublic],
      filter: { zoneIds: ["ZDEVPRIV", "ZPUB"] },
      hostname: "a.dev.example.com.",
      zonesWithout: ["ZDEVPRIV"],
      zonesWith: ["ZDEVPRIV"],
      withheld:
        "`a.dev.example.com` belongs to public hosted zone `dev.example.com` (ZDEV, public), which --zone-id ZDEVPRIV, --zone-id ZPUB excludes; records in the parent zone `example.com` would be hidden behind it",
    },
    {
      title: "a filtered-out public subzone and no private zone: skipped with the reason",
      zones: [devPublic, examplePublic],
      filter: { zoneIds: ["ZPUB"] },
      hostname: "a.dev.example.com.",
      zonesWithout:
        "`a.dev.example.com` belongs to hosted zone `dev.example.com` (ZDEV, public), which --zone-id ZPUB excludes; records in the parent zone `example.com` would be hidden behind it",
      zonesWith:
        "`a.dev.example.com` belongs to public hosted zone `dev.example.com` (ZDEV, public), which --zone-id ZPUB excludes; records in the parent zone `example.com` would be hidden behind it",
    },
    {
      title: "no zone allowed: the reason names the nearest zones",
      zones: [devPrivate, examplePublic],
      filter: { zoneIds: ["ZOTHER"] },
      hostname: "a.dev.example.com.",
      zonesWithout:
        "`a.dev.example.com` is in hosted zone `dev.example.com` (ZDEVPRIV, private), which --zone-id ZOTHER excludes",
      zonesWith:
        "`a.dev.example.com` is in hosted zone `dev.example.com` (ZDEVPRIV, private), which --zone-id ZOTHER excludes",
    },
    {
      title: "--exclude-domain and --domain-filter still decide first",
      zones: [devPrivate, examplePublic],
      filter: { excludeDomains: ["dev.example.com"] },
      hostname: "a.dev.example.com.",
      zonesWithout: "`a.dev.example.com` is excluded by --exclude-domain dev.example.com",
      zonesWith: "`a.dev.example.com` is excluded by --exclude-domain dev.example.com",
    },
  ];
  const expected = (zones: HostedZone[], want: string[] | string, withheld?: string) =>
    typeof want === "string"
      ? { ok: false, reason: want }
      : {
          ok: true,
          zones: want.map((id) => zones.find((z) => z.id === id)),
          ...(withheld ? { withheld } : {}),
        };
  it.each(cases)("$title", (c) => {
    const off = new ZoneMatcher(c.zones, filter({ ...c.filter }));
    const on = new ZoneMatcher(c.zones, filter({ ...c.filter, splitHorizon: true }));
    expect(off.match(c.hostname)).toEqual(expected(c.zones, c.zonesWithout));
    expect(on.match(c.hostname)).toEqual(expected(c.zones, c.zonesWith, c.withheld));
  });
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
