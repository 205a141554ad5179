import { bareZoneId } from "../model/zone.js";
import { fromTags } from "./from-route53.js";
import { TAGS_PER_CALL } from "./health-check-list.js";
import type { Route53Api } from "./route53-api.js";

/**
 * The tags of hosted zones by bare zone id, `ListTagsForResources` (`ResourceType: hostedzone`) in
 * calls of at most 10 ids, Route 53's limit — external-dns's `--aws-zone-tags` reads them the same way.
 * A zone Route 53 lists no tag set for has no tags. Read only for `--zone-tags`, and only for the
 * zones the other filters allow, so a run without the flag needs no permission on zones' tags.
 */
export async function listZoneTags(
  api: Pick<Route53Api, "listTagsForResources">,
  zoneIds: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const ids = [...new Set(zoneIds.map(bareZoneId))];
  const tags = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
  for (let i = 0; i < ids.length; i += TAGS_PER_CALL) {
    const out = await api.listTagsForResources({
      ResourceType: "hostedzone",
      ResourceIds: ids.slice(i, i + TAGS_PER_CALL),
    });
    for (const set of out.ResourceTagSets ?? []) {
      if (set.ResourceId !== undefined) tags.set(bareZoneId(set.ResourceId), fromTags(set.Tags ?? []));
    }
  }
  return tags;
}
