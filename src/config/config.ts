import type { HealthCheckSpec } from "../model/health-check.js";
import type { WritablePolicyKind } from "../model/routing-policy.js";

/** Which hosted zones the controller may touch. */
export interface ZoneFilter {
  /**
   * Domains whose zones may be managed (a zone matches when it is one of them or below one).
   * Empty allows every zone.
   * @default []
   */
  domainFilter: string[];
  /**
   * Domains excluded even when `domainFilter` allows them; a hostname at or below one is skipped.
   * @default []
   */
  excludeDomains: string[];
  /**
   * Zone visibility to manage.
   * @default "any"
   */
  zoneType: "public" | "private" | "any";
  /**
   * Exact zone ids to manage; empty allows every id.
   * @default []
   */
  zoneIds: string[];
  /**
   * Tags a zone must carry to be managed, all of them (`ListTagsForResources`); a tag without a value
   * matches any value. Empty allows every zone.
   * @default []
   */
  zoneTags: ZoneTag[];
  /**
   * Split horizon as external-dns places names: a hostname goes to every allowed private zone that
   * contains it and to the most specific allowed public zone, instead of only to its most specific
   * zone (zones/zone-matcher.ts).
   * @default false
   */
  splitHorizon: boolean;
}

/** One `--zone-tags` entry: the tag's key, and the value it must have (any value when absent). */
export interface ZoneTag {
  key: string;
  value?: string;
}

/** What the controller does with records it owns. */
export type ChangePolicy = "sync" | "upsert-only" | "create-only";

/** Bound on deletions per run: a count, or a percentage of owned records. */
export type MaxDeletions = { kind: "count"; value: number } | { kind: "percent"; value: number };

/**
 * Taking records over from external-dns (`--adopt-external-dns-owner`): whose records, and how that
 * external-dns named its TXT registry records (its `--txt-prefix`, `--txt-suffix` and
 * `--txt-wildcard-replacement`; see src/plan/external-dns/).
 */
export interface ExternalDnsAdoption {
  /** external-dns's `--txt-owner-id` whose records this cluster takes over. */
  owner: string;
  /** @default "" */
  txtPrefix: string;
  /** @default "" */
  txtSuffix: string;
  /** @default "" */
  txtWildcardReplacement: string;
}

/** Settings of the record planner. */
export interface PlannerConfig {
  /** This cluster's name; unique per cluster; the default `SetIdentifier`. */
  clusterName: string;
  /**
   * The owner id written into ownership records and health-check tags.
   * @default clusterName
   */
  ownerId: string;
  zoneFilter: ZoneFilter;
  /**
   * Routing policy for objects without a `routing-policy` annotation.
   * @default "weighted"
   */
  defaultRoutingPolicy: WritablePolicyKind;
  /**
   * Weight of weighted members without a `weight` annotation (0–255).
   * @default 100
   */
  defaultWeight: number;
  /**
   * TTL of non-alias records without a `ttl` annotation, in seconds.
   * @default 60
   */
  defaultTtl: number;
  /**
   * `sync` creates, updates and deletes owned records; `upsert-only` never deletes; `create-only` only creates.
   * @default "sync"
   */
  policy: ChangePolicy;
  /**
   * Deletions allowed per run (for the controller: per resync interval) before the rest are held
   * back (a sudden drop in desired records, such as an empty cache or a deleted CRD, must not wipe DNS).
   * @default { kind: "percent", value: 50 }
   */
  maxDeletions: MaxDeletions;
  /**
   * Take this cluster out of rotation without deleting anything: its weighted members get weight 0
   * and its own health checks are inverted (see src/plan/drain.ts and docs/planning.md).
   * @default false
   */
  drain: boolean;
  /**
   * Health checks per account (Route 53's default quota); the plan reports usage against it.
   * @default 200
   */
  healthCheckQuota: number;
  /**
   * Take over, in place, the records external-dns's TXT registry says this owner wrote and this
   * cluster now publishes (docs/migrating-from-external-dns.md). Unset: nothing is taken over.
   * @default undefined
   */
  adoptExternalDns?: ExternalDnsAdoption;
  /**
   * `--cluster-health-check`: a check of this cluster's entry point that every member with a managed
   * health check also depends on, through a Route 53 CALCULATED check (plan/cluster-health.ts,
   * docs/planning.md "Cluster health check"). Unset: members' records carry their own checks.
   * @default undefined
   */
  clusterHealthCheck?: HealthCheckSpec;
}

export const DEFAULT_ZONE_FILTER: ZoneFilter = {
  domainFilter: [],
  excludeDomains: [],
  zoneType: "any",
  zoneIds: [],
  zoneTags: [],
  splitHorizon: false,
};

/**
 * The planner's defaults, written once: `defaultPlannerConfig`, the CLI's flags (their parsers and
 * `--help`, cli/options/table.ts) and the JSDoc `@default`s above all mean these values.
 */
export const PLANNER_DEFAULTS = {
  defaultRoutingPolicy: "weighted",
  defaultWeight: 100,
  defaultTtl: 60,
  policy: "sync",
  maxDeletions: { kind: "percent", value: 50 },
  drain: false,
  healthCheckQuota: 200,
} as const satisfies Omit<PlannerConfig, "clusterName" | "ownerId" | "zoneFilter">;

/** The planner's defaults for a cluster. */
export function defaultPlannerConfig(clusterName: string): PlannerConfig {
  return {
    clusterName,
    ownerId: clusterName,
    zoneFilter: { ...DEFAULT_ZONE_FILTER },
    ...PLANNER_DEFAULTS,
    maxDeletions: { ...PLANNER_DEFAULTS.maxDeletions },
  };
}
