import type { ZoneFilter } from "../config/config.js";
import { applyChangesToZones } from "../model/applied-state.js";
import type { RecordChange } from "../model/changes.js";
import type { HostedZone } from "../model/zone.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";
import { fromHostedZone } from "./from-route53.js";
import { type ListRecordSetsOptions, listRecordSets, listRecordSetsNamed } from "./record-sets.js";
import type { Route53Api } from "./route53-api.js";

/** Route 53 returns at most 100 hosted zones per `ListHostedZones` page. */
export const ZONE_PAGE_SIZE = 100;

/** Zones as listed; `records` are empty (see `ZoneCache` for zones with records). */
export interface ZoneListing {
  zones: HostedZone[];
  problems: string[];
}

/**
 * Every hosted zone of the account, following `Marker`/`NextMarker`, without records. A page whose
 * `NextMarker` was seen before stops the listing with an error instead of looping.
 */
export async function listHostedZones(
  api: Pick<Route53Api, "listHostedZones">,
  pageSize = ZONE_PAGE_SIZE,
): Promise<ZoneListing> {
  const out: ZoneListing = { zones: [], problems: [] };
  const markers = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await api.listHostedZones({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) });
    for (const z of page.HostedZones ?? []) {
      const zone = fromHostedZone(z, []);
      if (zone.ok) out.zones.push(zone.value);
      else out.problems.push(zone.error);
    }
    if (!page.IsTruncated || !page.NextMarker) return out;
    if (markers.has(page.NextMarker)) {
      throw new Error(`ListHostedZones repeated the marker ${page.NextMarker}; stopped to avoid a loop`);
    }
    markers.add(page.NextMarker);
    marker = page.NextMarker;
  }
}

/** Collaborators and settings of a `ZoneCache`. */
export interface ZoneCacheOptions {
  api: Pick<Route53Api, "listHostedZones" | "listResourceRecordSets">;
  /** Which zones may be managed; records of other zones are never read. */
  filter: ZoneFilter;
  /**
   * How old a listing may get before `refreshIfDue` lists again (`--interval`).
   * @default 60000
   */
  resyncIntervalMs?: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
  records?: ListRecordSetsOptions;
}

/**
 * The hosted zones the planner reads, with the records of the managed zones.
 *
 * Every zone is kept (without records unless managed), because the zone matcher needs the unmanaged
 * ones too: a filtered-out subzone must still shadow its parent. Records are listed only for zones
 * the filter allows — the controller's role may not even be allowed to read the others.
 * After a change batch succeeds, `applied` updates the cached records from what was sent; the full
 * re-list happens on the resync interval only (listing a large zone costs a request per 300 records
 * against the account's shared request bucket — external-dns's re-listing is what throttles users).
 */
export class ZoneCache {
  readonly #options: ZoneCacheOptions;
  readonly #now: () => number;
  #zones: HostedZone[] = [];
  #problems: string[] = [];
  #listedAt: number | undefined;

  constructor(options: ZoneCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
  }

  /** The cached zones (all of them; records only in managed zones). Empty before the first refresh. */
  zones(): HostedZone[] {
    return this.#zones;
  }

  /** Records that could not be mapped at the last refresh. */
  problems(): string[] {
    return this.#problems;
  }

  /** True once a refresh has succeeded. */
  get ready(): boolean {
    return this.#listedAt !== undefined;
  }

  /**
   * Lists zones and the managed zones' records again. On failure the previous contents stay (a
   * planner must never see a half-read account) and the error is thrown.
   */
  async refresh(): Promise<HostedZone[]> {
    const listed = await listHostedZones(this.#options.api);
    const matcher = new ZoneMatcher(listed.zones, this.#options.filter);
    const problems = [...listed.problems];
    const zones: HostedZone[] = [];
    for (const zone of listed.zones) {
      if (!matcher.manages(zone)) {
        zones.push(zone);
        continue;
      }
      const records = await listRecordSets(this.#options.api, zone.id, this.#options.records);
      problems.push(...records.problems);
      zones.push({ ...zone, records: records.records });
    }
    this.#zones = zones;
    this.#problems = problems;
    this.#listedAt = this.#now();
    return zones;
  }

  /** Refreshes when never listed or the last listing is older than the resync interval. */
  async refreshIfDue(): Promise<HostedZone[]> {
    const interval = this.#options.resyncIntervalMs ?? 60_000;
    if (this.#listedAt === undefined || this.#now() - this.#listedAt >= interval) return this.refresh();
    return this.#zones;
  }

  /**
   * Read the records at `names` in `zoneId` again and replace the cached ones: a check before
   * writing over records that something else (`route53-gslb drain`, another tool, a person) may have
   * changed since the last listing, for a request per name instead of a re-list of the zone. On
   * failure nothing in the cache changes and the error is thrown.
   */
  async refreshNames(zoneId: string, names: readonly string[]): Promise<number> {
    const unique = [...new Set(names)];
    const fresh = new Map<string, HostedZone["records"]>();
    let calls = 0;
    for (const name of unique) {
      const listing = await listRecordSetsNamed(this.#options.api, zoneId, name);
      calls += listing.pages;
      fresh.set(name, listing.records);
    }
    this.#zones = this.#zones.map((z) =>
      z.id !== zoneId
        ? z
        : { ...z, records: [...z.records.filter((r) => !fresh.has(r.name)), ...[...fresh.values()].flat()] },
    );
    return calls;
  }

  /** Route 53 accepted `changes` for `zoneId`: update the cached records from what was sent. */
  applied(zoneId: string, changes: readonly RecordChange[]): void {
    const mine = changes.filter((c) => c.zoneId === zoneId);
    if (mine.length > 0) this.#zones = applyChangesToZones(this.#zones, mine);
  }
}
