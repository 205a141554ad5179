import type {
  ListResourceRecordSetsCommandInput,
  ListResourceRecordSetsCommandOutput,
  ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import type { RecordSet } from "../model/record-set.js";
import { bareZoneId } from "../model/zone.js";
import { fromResourceRecordSet } from "./from-route53.js";
import { fromRoute53Name, toRoute53Name } from "./names.js";
import type { Route53Api } from "./route53-api.js";

/** Route 53 returns at most 300 record sets per `ListResourceRecordSets` page. */
export const RECORD_PAGE_SIZE = 300;

/**
 * Listing a zone stopped because a page brought nothing new: the server sent back a page already
 * read, and following its `NextRecordName`/`NextRecordType` would loop forever.
 */
export class RecordListingStalledError extends Error {
  override readonly name = "RecordListingStalled";
  readonly zoneId: string;
  /** Where the repeating page started. */
  readonly startName: string | undefined;
  readonly startType: string | undefined;

  constructor(
    zoneId: string,
    startName: string | undefined,
    startType: string | undefined,
    pageSize: number,
  ) {
    super(
      `listing records of hosted zone ${zoneId} made no progress: the page at ` +
        `${startName ?? "(start)"} ${startType ?? ""} (MaxItems ${pageSize}) repeats records already read; ` +
        "the server ignores StartRecordIdentifier and one name+type has more members than a page holds",
    );
    this.zoneId = zoneId;
    this.startName = startName;
    this.startType = startType;
  }
}

/** A zone's records as listed. */
export interface RecordListing {
  records: RecordSet[];
  /** Record sets that could not be mapped to the model (each names the record); they are left out. */
  problems: string[];
  /** `ListResourceRecordSets` calls made. */
  pages: number;
}

/** Settings of `listRecordSets`. */
export interface ListRecordSetsOptions {
  /** @default 300 (Route 53's maximum) */
  pageSize?: number;
  /**
   * Largest `MaxItems` tried when a page repeats on a server that never returns `NextRecordIdentifier`
   * (see below). 0 disables the retry.
   * @default 10000
   */
  maxEscalatedPageSize?: number;
}

type Start = Pick<
  ListResourceRecordSetsCommandInput,
  "StartRecordName" | "StartRecordType" | "StartRecordIdentifier"
>;

/** Route 53's identity of a record set, spelled exactly as returned (moto's names are case-sensitive). */
function rawKey(rrs: ResourceRecordSet): string {
  return `${rrs.Name ?? ""}|${rrs.Type ?? ""}|${rrs.SetIdentifier ?? ""}`;
}

/**
 * Every record set of a zone, following `NextRecordName`/`NextRecordType`/`NextRecordIdentifier`
 * (the identifier is needed when a page boundary falls inside one name+type's routing-policy members).
 *
 * Guard against repeated pages: records are deduplicated by key, and a truncated page that brings no
 * new record means the server is going in circles. moto does exactly that — it never returns
 * `NextRecordIdentifier` and restarts at a name+type's first member — which only stalls when one
 * name+type has more members than a page. Then the same start is asked again with a doubled
 * `MaxItems` (moto honours large values; AWS returns `NextRecordIdentifier` and never gets here), and
 * if that still brings nothing new, `RecordListingStalledError` names the zone. Never a silent partial
 * listing: the planner would take missing records for records to create.
 */
export async function listRecordSets(
  api: Pick<Route53Api, "listResourceRecordSets">,
  zoneId: string,
  options: ListRecordSetsOptions = {},
): Promise<RecordListing> {
  const basePageSize = options.pageSize ?? RECORD_PAGE_SIZE;
  const maxEscalated = options.maxEscalatedPageSize ?? 10_000;
  const id = bareZoneId(zoneId);
  const seen = new Set<string>();
  const listing: RecordListing = { records: [], problems: [], pages: 0 };
  let start: Start = {};
  let pageSize = basePageSize;
  for (;;) {
    const page = await api.listResourceRecordSets({ HostedZoneId: id, MaxItems: pageSize, ...start });
    const { fresh } = takePage(page.ResourceRecordSets ?? [], id, seen, listing);
    if (!page.IsTruncated) return listing;
    if (fresh === 0) {
      const canEscalate = page.NextRecordIdentifier === undefined && pageSize * 2 <= maxEscalated;
      if (!canEscalate)
        throw new RecordListingStalledError(id, start.StartRecordName, start.StartRecordType, pageSize);
      pageSize *= 2; // same start, bigger page
      continue;
    }
    pageSize = basePageSize;
    start = nextStart(page);
  }
}

/**
 * The record sets at exactly `name` (every type and routing-policy member), read fresh: one
 * `ListResourceRecordSets` starting at the name, continued only while pages hold nothing but that
 * name. Route 53 sorts by reversed labels, so a name's records are contiguous from its start.
 * `name` is in the model's spelling (see names.ts).
 */
export async function listRecordSetsNamed(
  api: Pick<Route53Api, "listResourceRecordSets">,
  zoneId: string,
  name: string,
  pageSize = 100,
): Promise<RecordListing> {
  const id = bareZoneId(zoneId);
  const seen = new Set<string>();
  const listing: RecordListing = { records: [], problems: [], pages: 0 };
  let start: Start = { StartRecordName: toRoute53Name(name) };
  for (;;) {
    const page = await api.listResourceRecordSets({ HostedZoneId: id, MaxItems: pageSize, ...start });
    const { fresh, passedEnd } = takePage(
      page.ResourceRecordSets ?? [],
      id,
      seen,
      listing,
      (rrs) => fromRoute53Name(rrs.Name ?? "") === name,
    );
    if (passedEnd || !page.IsTruncated) return listing;
    if (fresh === 0)
      throw new RecordListingStalledError(id, start.StartRecordName, start.StartRecordType, pageSize);
    start = nextStart(page);
  }
}

/**
 * Past this many names, reading them one by one costs more requests than listing the zone (300
 * record sets per page) of a zone of a few thousand records, so `listRecordSetsAt` lists the zone
 * instead (the controller's re-read before writing, `ZoneCache.refreshNames`, raises the bound to the
 * zone's page count).
 */
export const MAX_NAMES_READ_ONE_BY_ONE = 50;

/**
 * The record sets at `names` in a zone, read fresh: one `ListResourceRecordSets` per name
 * (`listRecordSetsNamed`), or, past `maxNamesOneByOne` names, the whole zone filtered to them.
 * `names` are in the model's spelling.
 */
export async function listRecordSetsAt(
  api: Pick<Route53Api, "listResourceRecordSets">,
  zoneId: string,
  names: readonly string[],
  maxNamesOneByOne = MAX_NAMES_READ_ONE_BY_ONE,
  listing: ListRecordSetsOptions = {},
): Promise<RecordListing> {
  const wanted = new Set(names);
  if (wanted.size > maxNamesOneByOne) {
    const zone = await listRecordSets(api, zoneId, listing);
    return { ...zone, records: zone.records.filter((r) => wanted.has(r.name)) };
  }
  const out: RecordListing = { records: [], problems: [], pages: 0 };
  for (const name of [...wanted].sort()) {
    const one = await listRecordSetsNamed(api, zoneId, name);
    out.records.push(...one.records);
    out.problems.push(...one.problems);
    out.pages += one.pages;
  }
  return out;
}

/**
 * Add a page's record sets to `listing` (mapped to the model; unmappable ones as problems), skipping
 * keys already seen, up to the first one `within` refuses. Counts the page as a call.
 */
function takePage(
  page: ResourceRecordSet[],
  zoneId: string,
  seen: Set<string>,
  listing: RecordListing,
  within: (rrs: ResourceRecordSet) => boolean = () => true,
): { fresh: number; passedEnd: boolean } {
  listing.pages++;
  let fresh = 0;
  for (const rrs of page) {
    if (!within(rrs)) return { fresh, passedEnd: true };
    const key = rawKey(rrs);
    if (seen.has(key)) continue;
    seen.add(key);
    fresh++;
    const mapped = fromResourceRecordSet(rrs);
    if (mapped.ok) listing.records.push(mapped.value);
    else listing.problems.push(`hosted zone ${zoneId}: ${mapped.error}`);
  }
  return { fresh, passedEnd: false };
}

/** Where the next page starts, as the truncated page says. */
function nextStart(page: ListResourceRecordSetsCommandOutput): Start {
  const start: Start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType };
  if (page.NextRecordIdentifier !== undefined) start.StartRecordIdentifier = page.NextRecordIdentifier;
  return start;
}
