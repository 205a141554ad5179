import type {
  ListHealthChecksCommandInput,
  ListTagsForResourcesCommandInput,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { listHealthChecks } from "../../../src/route53/health-check-list.js";

const meta = { $metadata: {} };

describe("listHealthChecks", () => {
  it("pages with Marker, tags in chunks of 10, skips non-endpoint checks", async () => {
    const checks = Array.from({ length: 23 }, (_, i) => ({
      Id: `hc${i}`,
      CallerReference: `r${i}`,
      HealthCheckVersion: 1,
      HealthCheckConfig: { Type: "HTTPS" as const, FullyQualifiedDomainName: `h${i}.example.com` },
    }));
    const calculated = {
      Id: "calc",
      CallerReference: "c",
      HealthCheckVersion: 1,
      HealthCheckConfig: { Type: "CLOUDWATCH_METRIC" as const },
    };
    const all = [...checks, calculated];
    const tagCalls: string[][] = [];
    const api = {
      async listHealthChecks(input: ListHealthChecksCommandInput) {
        const from = input.Marker ? Number(input.Marker) : 0;
        const next = from + 10 < all.length ? String(from + 10) : undefined;
        return {
          ...meta,
          HealthChecks: all.slice(from, from + 10),
          IsTruncated: next !== undefined,
          NextMarker: next,
          Marker: "",
          MaxItems: 10,
        };
      },
      async listTagsForResources(input: ListTagsForResourcesCommandInput) {
        tagCalls.push(input.ResourceIds ?? []);
        return {
          ...meta,
          ResourceTagSets: (input.ResourceIds ?? []).map((id) => ({
            ResourceType: "healthcheck" as const,
            ResourceId: id,
            Tags: [{ Key: "k", Value: id }],
          })),
        };
      },
    };
    const out = await listHealthChecks(api, 10);
    expect(out.healthChecks).toHaveLength(23);
    expect(out.healthChecks[22]).toMatchObject({ id: "hc22", tags: { k: "hc22" } });
    expect(out.skipped).toHaveLength(1);
    expect(tagCalls.map((c) => c.length)).toEqual([10, 10, 4]);
  });
});
