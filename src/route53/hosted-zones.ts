import type { ZoneFilter } from "../config/config.js";
import { applyChangesToZones } from "../model/applied-state.js";
import type { RecordChange } from "../model/changes.js";
import { recordsEdited } from "../model/record-edits.js";
import { sameRecordSets } from "../model/same-records.js";
import type { HostedZone } from "../model/zone.js";
import { ZoneMatcher } from "../zones/zone-matcher.js";
import { fromHostedZone } from "./from-route53.js";
import {
  type ListRecordSetsOptions,
  listRecordSets,
  listRecordSetsAt,
  MAX_NAMES_READ_ONE_BY_ONE,
  RECORD_PAGE_SIZE,
} from "./record-sets.js";
import type { Route53Api } from "./route53-api.js";
import { listZoneTags } from "./zone-tags.js";

/** Route 53 returns at most 100 hosted zones per `ListHostedZones` page. */
export const ZONE_PAGE_SIZE = 100;

/** Zones as listed; `records` are empty (see `ZoneCache` for zones with records). */
export interface ZoneListing {
  zones: HostedZone[];
  problems: string[];
  /** `ResourceRecordSetCount` of each zone by id, as ListHostedZones reported it. */
  recordSetCounts: Map<string, number>;
}

/**
 * Every hosted zone of the account, following `Marker`/`NextMarker`, without records. A page whose
 * `NextMarker` was seen before stops the listing with an error instead of looping.
 */
export async function listHostedZones(
  api: Pick<Route53Api, "listHostedZones">,
  pageSize = ZONE_PAGE_SIZE,
): Promise<ZoneListing> {
  const out: ZoneListing = { zones: [], problems: [], recordSetCounts: new Map() };
  const markers = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await api.listHostedZones({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) });
    for (const z of page.HostedZones ?? []) {
      const zone = fromHostedZone(z, []);
      if (!zone.ok) {
        out.problems.push(zone.error);
        continue;
      }
      out.zones.push(zone.value);
      if (typeof z.ResourceRecordSetCount === "number")
        out.recordSetCounts.set(zone.value.id, z.ResourceRecordSetCount);
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
  api: Pick<Route53Api, "listHostedZones" | "listResourceRecordSets" | "listTagsForResources">;
  /** Which zones may be managed; records of other zones are never read. */
  filter: ZoneFilter;
  /**
   * How old a listing may get before `refreshIfDue` lists again (`--interval`).
   * @default 60000
   */
  resyncIntervalMs?: number;
  /**
   * How old a managed zone's record listing may get before `resync` lists it again although its
   * record-set count did not change (`--zone-resync-interval`); each zone's is stretched by a random
   * 0–20 % so that zones, and the controllers of many clusters, do not all re-list at once.
   * @default 1800000
   */
  zoneResyncIntervalMs?: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
  /** The jitter's random source, 0 ≤ x < 1. @default Math.random */
  random?: () => number;
  records?: ListRecordSetsOptions;
}

/** When and how a managed zone's records were last listed in full. */
interface ZoneListingState {
  /** `now()` at that listing. */
  listedAt: number;
  /** Listed record sets the model could not map (kept out of `records`, but Route 53 counts them). */
  unmapped: number;
  /** This zone's jittered zone-resync interval. */
  resyncAfterMs: number;
  /** The unmapped record sets, described: reported again while the listing is reused. */
  problems: string[];
}

/** When a zone's tags were last read (`--zone-tags`), and what they were. */
interface ZoneTagsState {
  tags: Record<string, string>;
  readAt: number;
  /** This zone's jittered zone-resync interval. */
  resyncAfterMs: number;
}

/** Default `--zone-resync-interval`: 30 minutes. */
export const DEFAULT_ZONE_RESYNC_INTERVAL_MS = 30 * 60_000;

/**
 * The hosted zones the planner reads, with the records of the managed zones.
 *
 * Every zone is kept (without records unless managed), because the zone matcher needs the unmanaged
 * ones too: a filtered-out subzone must still shadow its parent. Records are listed only for zones
 * the filter allows — the controller's role may not even be allowed to read the others.
 * After a change batch succeeds, `applied` updates the cached records from what was sent.
 *
 * Listing a zone costs a request per 300 record sets against the account's shared budget of 5
 * requests a second, which every cluster's controller draws on: re-listing 20,000 names (40,000
 * record sets with their ownership TXTs) every minute, as external-dns does, is 8,000 requests an
 * hour per cluster. So the controller's periodic `resync` lists the zones (one request per 100 zones)
 * and re-lists a managed zone's records only when Route 53's `ResourceRecordSetCount` differs from
 * the cache's — a record created or deleted by anyone — or when the zone's last full listing is
 * older than its zone-resync interval, which bounds how long a record *changed in place* by hand can
 * go unnoticed. `refresh` (plan, apply, the controller's start and retries) always lists everything.
 *
 * With `--zone-tags`, a zone's tags decide whether it is managed. They are read (ten zones a request)
 * for the zones the other filters allow, and, like records, again by `resync` only for zones new to
 * the cache or whose tags are older than the zone-resync interval: a zone tagged or untagged by hand
 * joins or leaves within that interval, and `refresh` always reads them.
 */
export class ZoneCache {
  readonly #options: ZoneCacheOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  #zones: HostedZone[] = [];
  #problems: string[] = [];
  #listedAt: number | undefined;
  readonly #listings = new Map<string, ZoneListingState>();
  readonly #tags = new Map<string, ZoneTagsState>();
  #stats = { zoneListings: 0, zonesReused: 0 };

  constructor(options: ZoneCacheOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
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

  /** Managed zones whose records were listed in full, and those reused by `resync`, so far. */
  stats(): { zoneListings: number; zonesReused: number } {
    return { ...this.#stats };
  }

  /**
   * Lists zones and the managed zones' records again. On failure the previous contents stay (a
   * planner must never see a half-read account) and the error is thrown.
   */
  async refresh(): Promise<HostedZone[]> {
    return this.#read(() => true, true);
  }

  /**
   * Lists the zones, and the records of those managed zones that may have changed: new to the cache,
   * a record-set count that differs from the cache's, or a full listing older than the zone's
   * zone-resync interval. The others keep their cached records. On failure nothing changes.
   */
  async resync(): Promise<HostedZone[]> {
    if (this.#listedAt === undefined) return this.refresh();
    return this.#read(
      (cached, state, reportedCount) =>
        this.#now() - state.listedAt >= state.resyncAfterMs ||
        // Without a count (a server that does not report one) every resync lists the zone.
        reportedCount === undefined ||
        reportedCount !== cached.records.length + state.unmapped,
    );
  }

  /** Resyncs when never listed or the last listing is older than the resync interval (`--interval`). */
  async refreshIfDue(): Promise<HostedZone[]> {
    const interval = this.#options.resyncIntervalMs ?? 60_000;
    if (this.#listedAt === undefined || this.#now() - this.#listedAt >= interval) return this.resync();
    return this.#zones;
  }

  async #read(
    /** Whether a zone listed before must be listed again; a zone new to the cache always is. */
    mustList: (cached: HostedZone, previous: ZoneListingState, reportedCount: number | undefined) => boolean,
    allTags = false,
  ): Promise<HostedZone[]> {
    const listed = await listHostedZones(this.#options.api);
    const filter = this.#options.filter;
    if (filter.zoneTags.length > 0) listed.zones = await this.#withTags(listed.zones, allTags);
    const matcher = new ZoneMatcher(listed.zones, filter);
    const problems = [...listed.problems];
    const zones: HostedZone[] = [];
    const listings = new Map<string, ZoneListingState>();
    const cachedZones = new Map(this.#zones.map((z) => [z.id, z]));
    for (const zone of listed.zones) {
      if (!matcher.manages(zone)) {
        zones.push(zone);
        continue;
      }
      const cached = cachedZones.get(zone.id);
      const previous = this.#listings.get(zone.id);
      if (cached && previous && !mustList(cached, previous, listed.recordSetCounts.get(zone.id))) {
        zones.push({ ...zone, records: cached.records });
        problems.push(...previous.problems);
        listings.set(zone.id, previous);
        this.#stats.zonesReused++;
        continue;
      }
      const records = await listRecordSets(this.#options.api, zone.id, this.#options.records);
      this.#stats.zoneListings++;
      problems.push(...records.problems);
      zones.push({ ...zone, records: records.records });
      const interval = this.#options.zoneResyncIntervalMs ?? DEFAULT_ZONE_RESYNC_INTERVAL_MS;
      listings.set(zone.id, {
        listedAt: this.#now(),
        unmapped: records.problems.length,
        problems: records.problems,
        resyncAfterMs: interval * (1 + 0.2 * this.#random()),
      });
    }
    this.#zones = zones;
    this.#problems = problems;
    this.#listings.clear();
    for (const [id, state] of listings) this.#listings.set(id, state);
    this.#listedAt = this.#now();
    return zones;
  }
  /**
   * The zones, those the other filters allow with their tags (`--zone-tags` is decided on them): read
   * again when `all`, when not cached, or when older than the zone's zone-resync interval. The tags of
   * zones the other filters keep out are never read, as their records are not. If reading fails, the
   * cached tags stay and the error is thrown (and with it the whole refresh).
   */
  async #withTags(zones: HostedZone[], all: boolean): Promise<HostedZone[]> {
    const untagged = new ZoneMatcher(zones, { ...this.#options.filter, zoneTags: [] });
    const candidates = zones.filter((z) => untagged.manages(z));
    const due = candidates.filter((z) => {
      const state = this.#tags.get(z.id);
      return all || !state || this.#now() - state.readAt >= state.resyncAfterMs;
    });
    const read = await listZoneTags(
      this.#options.api,
      due.map((z) => z.id),
    );
    const interval = this.#options.zoneResyncIntervalMs ?? DEFAULT_ZONE_RESYNC_INTERVAL_MS;
    const kept = new Map<string, ZoneTagsState>();
    for (const zone of candidates) {
      const tags = read.get(zone.id);
      const state = tags
        ? { tags, readAt: this.#now(), resyncAfterMs: interval * (1 + 0.2 * this.#random()) }
        : this.#tags.get(zone.id);
      if (state) kept.set(zone.id, state);
    }
    this.#tags.clear();
    for (const [id, state] of kept) this.#tags.set(id, state);
    return zones.map((z) => {
      const state = this.#tags.get(z.id);
      return state ? { ...z, tags: state.tags } : z;
    });
  }

  /**
   * Read the records at `names` in `zoneId` again and replace the cached ones: a check before
   * writing over records that something else (`route53-gslb drain`, another tool, a person) may have
   * changed since the last listing. One request per name, or, when that is fewer requests, a listing
   * of the zone filtered to the names: past 50 names, once the names outnumber the zone's pages (300
   * record sets each), so a zone of 40,000 record sets is not re-listed (134 requests) for 60 names.
   * `changed` is false when every name holds exactly what the cache held; the cache is then left as
   * it was, so a plan made from it still stands. On failure nothing in the cache changes and the
   * error is thrown.
   */
  async refreshNames(
    zoneId: string,
    names: readonly string[],
  ): Promise<{ requests: number; changed: boolean }> {
    const unique = new Set(names);
    const cached = this.#zones.find((z) => z.id === zoneId);
    const pages = Math.ceil(
      (cached?.records.length ?? 0) / (this.#options.records?.pageSize ?? RECORD_PAGE_SIZE),
    );
    const listing = await listRecordSetsAt(
      this.#options.api,
      zoneId,
      [...unique],
      Math.max(MAX_NAMES_READ_ONE_BY_ONE, pages),
      this.#options.records,
    );
    const fresh = new Map<string, HostedZone["records"]>([...unique].map((n) => [n, []]));
    for (const r of listing.records) fresh.get(r.name)?.push(r);
    const before = new Map<string, HostedZone["records"]>([...unique].map((n) => [n, []]));
    for (const r of cached?.records ?? []) before.get(r.name)?.push(r);
    const changed = [...fresh].some(([name, records]) => !sameRecordSets(before.get(name) ?? [], records));
    if (changed) {
      this.#zones = this.#zones.map((z) =>
        z.id !== zoneId
          ? z
          : {
              ...z,
              records: recordsEdited(z.records, unique, () => undefined, [...fresh.values()].flat()),
            },
      );
    }
    return { requests: listing.pages, changed };
  }

  /** Route 53 accepted `changes` for `zoneId`: update the cached records from what was sent. */
  applied(zoneId: string, changes: readonly RecordChange[]): void {
    const mine = changes.filter((c) => c.zoneId === zoneId);
    if (mine.length > 0) this.#zones = applyChangesToZones(this.#zones, mine);
  }
}
