import type { HealthCheck as SdkHealthCheck, Tag } from "@aws-sdk/client-route-53";
import type { HealthCheck } from "../model/health-check.js";
import { fromHealthCheck } from "./from-route53.js";
import type { Route53Api } from "./route53-api.js";

/** `ListTagsForResources` takes at most 10 resource ids per call (Route 53 limit). */
export const TAGS_PER_CALL = 10;

/** `ListHealthChecks` returns at most 1,000 health checks per page. */
export const HEALTH_CHECK_PAGE_SIZE = 1_000;

/** The account's health checks as listed. */
export interface HealthCheckListing {
  /** Endpoint health checks with their tags, in listing order. */
  healthChecks: HealthCheck[];
  /**
   * Checks that are neither endpoint nor CALCULATED checks (CLOUDWATCH_METRIC, RECOVERY_CONTROL) or lack a
   * field; they can never be the controller's, so they are left out, each with why.
   */
  skipped: string[];
}

/**
 * Every health check of the account (`Marker`/`NextMarker`), then their tags in calls of 10 ids.
 * Tags are what the planner adopts its own checks by after a restart (owner, cluster, hostname).
 */
export async function listHealthChecks(
  api: Pick<Route53Api, "listHealthChecks" | "listTagsForResources">,
  pageSize = HEALTH_CHECK_PAGE_SIZE,
): Promise<HealthCheckListing> {
  const checks: SdkHealthCheck[] = [];
  const markers = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await api.listHealthChecks({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) });
    checks.push(...(page.HealthChecks ?? []));
    if (!page.IsTruncated || !page.NextMarker) break;
    if (markers.has(page.NextMarker)) {
      throw new Error(`ListHealthChecks repeated the marker ${page.NextMarker}; stopped to avoid a loop`);
    }
    markers.add(page.NextMarker);
    marker = page.NextMarker;
  }
  const ids = [...new Set(checks.map((c) => c.Id).filter((id): id is string => id !== undefined))];
  const tags = await listHealthCheckTags(api, ids);
  const out: HealthCheckListing = { healthChecks: [], skipped: [] };
  for (const check of checks) {
    const mapped = fromHealthCheck(check, tags.get(check.Id ?? "") ?? []);
    if (mapped.ok) out.healthChecks.push(mapped.value);
    else out.skipped.push(mapped.error);
  }
  return out;
}

/** Tags of health checks by id, `ListTagsForResources` in chunks of 10 ids. */
export async function listHealthCheckTags(
  api: Pick<Route53Api, "listTagsForResources">,
  ids: readonly string[],
): Promise<Map<string, Tag[]>> {
  const tags = new Map<string, Tag[]>();
  for (let i = 0; i < ids.length; i += TAGS_PER_CALL) {
    const out = await api.listTagsForResources({
      ResourceType: "healthcheck",
      ResourceIds: ids.slice(i, i + TAGS_PER_CALL),
    });
    for (const set of out.ResourceTagSets ?? []) {
      if (set.ResourceId !== undefined) tags.set(set.ResourceId, set.Tags ?? []);
    }
  }
  return tags;
}

/** Live health checks found by CallerReference. */
export interface HealthChecksByReference {
  /** Those that map to the model (endpoint and CALCULATED checks). */
  checks: HealthCheck[];
  /** Every live reference found, mapped or not: none of them can be used for a new check. */
  references: Set<string>;
}

/**
 * The account's health checks whose CallerReference `wanted` accepts, without their tags: how a
 * CreateHealthCheck answered `HealthCheckAlreadyExists` finds out whether the reference belongs to a
 * live check (adopt it) or to a deleted one (Route 53 never accepts it again).
 */
export async function listHealthChecksByReference(
  api: Pick<Route53Api, "listHealthChecks">,
  wanted: (callerReference: string) => boolean,
  pageSize = HEALTH_CHECK_PAGE_SIZE,
): Promise<HealthChecksByReference> {
  const found: HealthChecksByReference = { checks: [], references: new Set() };
  const markers = new Set<string>();
  let marker: string | undefined;
  for (;;) {
    const page = await api.listHealthChecks({ MaxItems: pageSize, ...(marker ? { Marker: marker } : {}) });
    for (const check of page.HealthChecks ?? []) {
      const ref = check.CallerReference ?? "";
      if (!wanted(ref)) continue;
      found.references.add(ref);
      const mapped = fromHealthCheck(check);
      if (mapped.ok) found.checks.push(mapped.value);
    }
    if (!page.IsTruncated || !page.NextMarker) return found;
    if (markers.has(page.NextMarker)) {
      throw new Error(`ListHealthChecks repeated the marker ${page.NextMarker}; stopped to avoid a loop`);
    }
    markers.add(page.NextMarker);
    marker = page.NextMarker;
  }
}
