import type { ListTagsForResourcesCommandInput, Tag } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { withHealthCheckTagCache } from "../../../src/route53/health-check-tag-cache.js";
import type { Route53Api } from "../../../src/route53/route53-api.js";

/** An api whose tag reads are recorded; every other call is absent (this module calls none of them). */
function taggedAccount(tags: Record<string, Tag[]>) {
  const reads: string[][] = [];
  const api = {
    async listTagsForResources(input: ListTagsForResourcesCommandInput) {
      reads.push([...(input.ResourceIds ?? [])]);
      return {
        $metadata: {},
        ResourceTagSets: (input.ResourceIds ?? [])
          .filter((id) => id in tags)
          .map((id) => ({ ResourceType: "healthcheck" as const, ResourceId: id, Tags: tags[id] })),
      };
    },
    async changeTagsForResource() {
      return { $metadata: {} };
    },
    async deleteHealthCheck() {
      return { $metadata: {} };
    },
  } as unknown as Route53Api;
  return { api, reads };
}

const owner = (value: string): Tag[] => [{ Key: "route53-gslb/owner", Value: value }];

describe("withHealthCheckTagCache", () => {
  const setup = () => {
    const account = taggedAccount({ h1: owner("a"), h2: owner("b") });
    let now = 0;
    const api = withHealthCheckTagCache(account.api, { maxAgeMs: 1_000, now: () => now });
    const read = async (ids: string[]) =>
      (
        await api.listTagsForResources({ ResourceType: "healthcheck", ResourceIds: ids })
      ).ResourceTagSets?.map((s) => [s.ResourceId, s.Tags?.[0]?.Value]);
    return { account, api, read, at: (ms: number) => (now = ms) };
  };

  it("reads each check's tags once, then answers from memory", async () => {
    const { account, read } = setup();
    expect(await read(["h1", "h2"])).toEqual([
      ["h1", "a"],
      ["h2", "b"],
    ]);
    expect(await read(["h1", "h2"])).toEqual([
      ["h1", "a"],
      ["h2", "b"],
    ]);
    expect(account.reads).toEqual([["h1", "h2"]]);
  });

  it("reads only the ids it does not know, and again once they are older than maxAgeMs", async () => {
    const { account, read, at } = setup();
    await read(["h1"]);
    await read(["h1", "h2"]);
    at(1_000);
    await read(["h1", "h2"]);
    expect(account.reads).toEqual([["h1"], ["h2"], ["h1", "h2"]]);
  });

  it("forgets a check's tags when this controller tags or deletes it", async () => {
    const { account, api, read } = setup();
    await read(["h1", "h2"]);
    await api.changeTagsForResource({ ResourceType: "healthcheck", ResourceId: "h1", AddTags: owner("c") });
    await api.deleteHealthCheck({ HealthCheckId: "h2" });
    await read(["h1", "h2"]);
    expect(account.reads).toEqual([
      ["h1", "h2"],
      ["h1", "h2"],
    ]);
  });
});
