import type { ZoneFilter, ZoneTag } from "../config/config.js";
import { displayName, isInZone } from "../model/hostname.js";
import { bareZoneId, type HostedZone } from "../model/zone.js";
import { DomainFilter } from "./domain-filter.js";

/**
 * Where a hostname's records go.
 * - `ok: true`: the hosted zones that get the records. Usually one; several when zones share the
 *   hostname's most specific zone name, such as the public and private halves of a split-horizon
 *   domain with `--zone-type any`, and with `--split-horizon` — each gets the same records. Sorted by
 *   zone id. `withheld`: why a public zone the name would also go to does not get it (split horizon).
 * - `ok: false`: why the hostname is skipped, naming the filter or the zone responsible.
 */
export type ZoneMatch = { ok: true; zones: HostedZone[]; withheld?: string } | { ok: false; reason: string };

/*
 * How a hostname finds its zone (zones = every hosted zone listed, before filters):
 *
 *   hostname                  zones (allowed?)                       result
 *   ───────────────────────── ────────────────────────────────────── ───────────────────────────────
 *   at/below --exclude-domain anything                               skip: excluded by --exclude-domain
 *   outside --domain-filter   anything                               skip: no zone allowed by the filter
 *   a.b.example.com           b.example.com ✓, example.com ✓          b.example.com (longest suffix)
 *   a.b.example.com           b.example.com public ✓ + private ✓      both (same name, split horizon)
 *   a.b.example.com           b.example.com ✗, example.com ✓,         skip: b.example.com is filtered
 *                             same visibility                          out and would shadow the parent
 *   a.b.example.com           b.example.com private ✗,                example.com: a private zone
 *                             example.com public ✓                     does not hide public answers
 *   a.example.com             example.com ✗                            skip: names the filter
 *   a.example.com             none                                     skip: no hosted zone contains it
 *
 * Why a filtered-out subzone blocks its parent: a public subzone is delegated from its public parent,
 * and a VPC's resolver answers from the most specific private zone, so a record written in the parent
 * of the same visibility would never be served. Across visibility there is no such shadowing: public
 * resolvers never see a private zone, and inside a VPC a private parent still answers.
 *
 * With --split-horizon, as external-dns places names (provider/aws `suitableZones`):
 *
 *   hostname                  zones (allowed?)                       result
 *   ───────────────────────── ────────────────────────────────────── ───────────────────────────────
 *   a.b.example.com           b.example.com private ✓,               both: every private zone and
 *                             example.com public ✓                     the most specific public one
 *   a.b.example.com           b.example.com private ✓,               all three
 *                             example.com private ✓, example.com ✓
 *   a.b.example.com           b.example.com private ✓,               the private one; the public
 *                             b.example.com public ✗, example.com ✓    half is withheld (shadowed)
 *   a.b.example.com           b.example.com private ✗, example.com ✓  example.com (private zones do
 *                                                                      not shadow one another here)
 *
 * Private zones do not shadow each other under --split-horizon: which VPCs a private zone is
 * associated with is not read, and private zones of one name tree usually serve different VPCs, so
 * each managed one gets the name, as external-dns does.
 */

/**
 * Decides which hosted zones the controller may touch (`domainFilter`, `excludeDomains`, `zoneType`,
 * `zoneIds`) and which of them a hostname belongs to. Pure: built from plain zones and the filter.
 */
export class ZoneMatcher {
  private readonly domains: DomainFilter;
  private readonly zoneIds: ReadonlySet<string>;
  private readonly zones: readonly HostedZone[];

  constructor(
    zones: readonly HostedZone[],
    private readonly filter: ZoneFilter,
  ) {
    this.domains = new DomainFilter(filter.domainFilter, filter.excludeDomains);
    this.zoneIds = new Set(filter.zoneIds.map((id) => bareZoneId(id.trim())).filter((id) => id !== ""));
    this.zones = [...zones].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  /** True when every filter allows the zone: the planner plans changes only in these zones. */
  manages(zone: HostedZone): boolean {
    return this.whyNotManaged(zone) === undefined;
  }

  /** The zones the controller may touch, sorted by name then id. */
  managedZones(): HostedZone[] {
    return this.zones.filter((z) => this.manages(z));
  }

  /**
   * Which filter keeps the controller out of `zone`, worded for a skip reason
   * (`--zone-type public`, `--zone-id Z1`, `--domain-filter example.org`, `--exclude-domain a.example.com`),
   * or undefined when the zone is managed.
   */
  whyNotManaged(zone: HostedZone): string | undefined {
    const type = this.filter.zoneType;
    if (type !== "any" && zone.private !== (type === "private")) return `--zone-type ${type}`;
    if (this.zoneIds.size > 0 && !this.zoneIds.has(bareZoneId(zone.id))) {
      return [...this.zoneIds].map((id) => `--zone-id ${id}`).join(", ");
    }
    const tags = zone.tags ?? {};
    const missing = this.filter.zoneTags.filter(
      (t) => !Object.hasOwn(tags, t.key) || (t.value !== undefined && tags[t.key] !== t.value),
    );
    if (missing.length > 0) return missing.map((t) => `--zone-tags ${formatZoneTag(t)}`).join(", ");
    if (this.domains.includedBy(zone.name) === undefined) return this.domains.describeInclude();
    const excluded = this.domains.excludedBy(zone.name);
    if (excluded) return `--exclude-domain ${displayName(excluded)}`;
    return undefined;
  }

  /** True when a name may carry records: inside the domain filter and outside every excluded domain. */
  allowsName(name: string): boolean {
    return this.domains.matches(normalizeName(name));
  }

  /**
   * The zones that get `hostname`'s records: the most specific allowed zone by name (longest suffix),
   * or every allowed zone of that name when several share it; with `--split-horizon`, every allowed
   * private zone that contains it and the most specific public one. A wildcard `*.a.example.com`
   * belongs where `a.example.com`'s names do, which the suffix rule gives without special cases.
   */
  match(hostname: string): ZoneMatch {
    const name = normalizeName(hostname);
    const shown = `\`${displayName(name)}\``;

    const excluded = this.domains.excludedBy(name);
    if (excluded) return fail(`${shown} is excluded by --exclude-domain ${displayName(excluded)}`);
    if (this.domains.includedBy(name) === undefined) {
      return fail(`no hosted zone allowed by ${this.domains.describeInclude()} contains ${shown}`);
    }

    // Every zone that contains the name, most specific first.
    const containing = this.zones
      .filter((z) => isInZone(name, z.name))
      .sort((a, b) => b.name.length - a.name.length || a.id.localeCompare(b.id));
    if (containing.length === 0) {
      const scope = this.domains.include.length > 0 ? ` allowed by ${this.domains.describeInclude()}` : "";
      return fail(`no hosted zone${scope} contains ${shown}`);
    }
    return this.filter.splitHorizon
      ? this.splitHorizon(containing, shown)
      : this.mostSpecific(containing, shown);
  }

  /** The most specific allowed zone (both halves of a same-name pair), unless a filtered-out subzone hides it. */
  private mostSpecific(containing: HostedZone[], shown: string): ZoneMatch {
    const passed: HostedZone[] = []; // more specific zones that the filters keep out
    for (let i = 0; i < containing.length; ) {
      const zoneName = containing[i]?.name;
      const level = containing.filter((z) => z.name === zoneName);
      i += level.length;
      const allowed = level.filter((z) => this.manages(z));
      // Of a public+private pair, only the half that no filtered-out subzone of its visibility hides.
      const served = allowed.filter((a) => !passed.some((p) => p.private === a.private));
      if (served.length > 0) return { ok: true, zones: served };
      const sub = passed.find((p) => allowed.some((a) => a.private === p.private));
      if (sub) {
        return fail(
          `${shown} belongs to hosted zone ${describeZone(sub)}, which ${this.whyNotManaged(sub)} excludes; ` +
            `records in the parent zone \`${displayName(allowed[0]?.name ?? "")}\` would be hidden behind it`,
        );
      }
      passed.push(...level);
    }

    return this.noZone(containing, shown);
  }

  /**
   * `--split-horizon`: every allowed private zone, and the allowed public zones of the most specific
   * public zone name — unless that one is filtered out while an allowed public parent exists, whose
   * records would be hidden behind it: then the public half is withheld, with the reason.
   */
  private splitHorizon(containing: HostedZone[], shown: string): ZoneMatch {
    const zones = containing.filter((z) => z.private && this.manages(z));
    const publics = containing.filter((z) => !z.private);
    const nearest = publics[0];
    let withheld: string | undefined;
    if (nearest) {
      const level = publics.filter((z) => z.name === nearest.name);
      const allowed = level.filter((z) => this.manages(z));
      zones.push(...allowed);
      const parent = publics.find((z) => z.name !== nearest.name && this.manages(z));
      if (allowed.length === 0 && parent) {
        withheld =
          `${shown} belongs to public hosted zone ${describeZone(nearest)}, which ${this.whyNotManaged(nearest)} excludes; ` +
          `records in the parent zone \`${displayName(parent.name)}\` would be hidden behind it`;
      }
    }
    zones.sort((a, b) => a.id.localeCompare(b.id));
    if (zones.length > 0) return withheld ? { ok: true, zones, withheld } : { ok: true, zones };
    return withheld ? fail(withheld) : this.noZone(containing, shown);
  }

  /** Why no zone takes the name: the filters that keep its most specific zones out. */
  private noZone(containing: HostedZone[], shown: string): ZoneMatch {
    const nearest = containing[0] as HostedZone;
    const why = containing
      .filter((z) => z.name === nearest.name)
      .map((z) => `${describeZone(z)}, which ${this.whyNotManaged(z)} excludes`);
    return fail(`${shown} is in hosted zone ${why.join(", and in ")}`);
  }
}

/** `team=dns`, or `team` for a tag with any value. */
export function formatZoneTag(tag: ZoneTag): string {
  return tag.value === undefined ? tag.key : `${tag.key}=${tag.value}`;
}

function fail(reason: string): ZoneMatch {
  return { ok: false, reason };
}

function describeZone(zone: HostedZone): string {
  return `\`${displayName(zone.name)}\` (${zone.id}, ${zone.private ? "private" : "public"})`;
}

/** Lowercase and absolute, so a caller's stray spelling cannot slip past the suffix comparison. */
function normalizeName(name: string): string {
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/^\\052(?=\.)/, "*");
  return lower.endsWith(".") ? lower : `${lower}.`;
}
