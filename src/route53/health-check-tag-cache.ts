import type { Tag } from "@aws-sdk/client-route-53";
import type { Route53Api } from "./route53-api.js";

/** Settings of {@link withHealthCheckTagCache}. */
export interface HealthCheckTagCacheOptions {
  /** Longest time a check's tags are reused before they are read again. */
  maxAgeMs: number;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
}

/**
 * `api` with health-check tags remembered. Reading the account's health checks costs one
 * `ListHealthChecks` per 1,000 checks but one `ListTagsForResources` per 10 — at the default quota of
 * 200 checks, 20 of the 22 requests every reconcile made. A check's tags change only when someone
 * tags it: this controller (its `ChangeTagsForResource` calls go through the returned api and forget
 * the check's cached tags) or a person (noticed within `maxAgeMs`, the same bound as a record
 * edited in place, `--zone-resync-interval`). A deleted check's tags are forgotten with it.
 */
export function withHealthCheckTagCache(api: Route53Api, options: HealthCheckTagCacheOptions): Route53Api {
  const now = options.now ?? (() => performance.now());
  const cache = new Map<string, { tags: Tag[]; readAt: number }>();
  const fresh = (id: string): Tag[] | undefined => {
    const hit = cache.get(id);
    return hit && now() - hit.readAt < options.maxAgeMs ? hit.tags : undefined;
  };
  return {
    ...api,
    async listTagsForResources(input) {
      if (input.ResourceType !== "healthcheck") return api.listTagsForResources(input);
      const ids = input.ResourceIds ?? [];
      const missing = ids.filter((id) => fresh(id) === undefined);
      const read =
        missing.length === 0 ? undefined : await api.listTagsForResources({ ...input, ResourceIds: missing });
      for (const set of read?.ResourceTagSets ?? []) {
        if (set.ResourceId !== undefined) cache.set(set.ResourceId, { tags: set.Tags ?? [], readAt: now() });
      }
      return {
        $metadata: read?.$metadata ?? {},
        ResourceTagSets: ids.flatMap((id) => {
          const tags = fresh(id);
          return tags === undefined
            ? []
            : [{ ResourceType: "healthcheck" as const, ResourceId: id, Tags: tags }];
        }),
      };
    },
    async changeTagsForResource(input) {
      if (input.ResourceType === "healthcheck" && input.ResourceId !== undefined)
        cache.delete(input.ResourceId);
      return api.changeTagsForResource(input);
    },
    async deleteHealthCheck(input) {
      if (input.HealthCheckId !== undefined) cache.delete(input.HealthCheckId);
      return api.deleteHealthCheck(input);
    },
  };
}
