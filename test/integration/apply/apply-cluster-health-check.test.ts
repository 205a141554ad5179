// `--cluster-health-check` through `apply` on moto with the real SDK: the cluster check, the member's
// check and the CALCULATED check over both are created, the member's record carries the CALCULATED
// one, a second plan reads them all back as they are (no changes); without the flag again the record
// goes back to the member's check and the other two are deleted, leaving nothing behind. moto checks
// neither that a CALCULATED check's children exist nor that a named child stays; the order that
// Route 53 needs is unit-tested (test/unit/apply/plan-applier-calculated.test.ts).

import {
  type HealthCheck,
  ListHealthChecksCommand,
  ListTagsForResourcesCommand,
} from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { applyArgs, type BookinfoOnMoto, bookinfoOnMoto, cli, member } from "./bookinfo-on-moto.js";

const EDGE = "https://edge.cluster-1.example.com/healthz";

/** Every health check in the account with its `route53-gslb/kind` tag (`member` when it has none). */
async function checksByKind(): Promise<Map<string, HealthCheck[]>> {
  const r53 = route53Client();
  const checks = (await r53.send(new ListHealthChecksCommand({}))).HealthChecks ?? [];
  const out = new Map<string, HealthCheck[]>();
  if (checks.length === 0) return out;
  const tags = await r53.send(
    new ListTagsForResourcesCommand({
      ResourceType: "healthcheck",
      ResourceIds: checks.map((c) => c.Id ?? ""),
    }),
  );
  for (const check of checks) {
    const set = tags.ResourceTagSets?.find((t) => t.ResourceId === check.Id);
    const kind = set?.Tags?.find((t) => t.Key === "route53-gslb/kind")?.Value ?? "member";
    out.set(kind, [...(out.get(kind) ?? []), check]);
  }
  return out;
}

describe("apply --cluster-health-check (moto)", () => {
  let b: BookinfoOnMoto;
  beforeEach(async () => {
    await resetMoto();
    b = await bookinfoOnMoto(motoEndpoint());
  });

  const apply = (...extra: string[]) => cli(applyArgs(b, "cluster-1", motoEndpoint(), ...extra));
  const plan = (...extra: string[]) =>
    cli(
      [...applyArgs(b, "cluster-1", motoEndpoint(), ...extra), "--zones", "aws", "--detailed-exitcode"].map(
        (x) => (x === "apply" ? "plan" : x),
      ),
    );

  it("creates the cluster check, the member's check and the CALCULATED check the record carries; removing the flag leaves only the member's", async () => {
    const on = await apply("--cluster-health-check", EDGE);
    expect(on.stderr).toBe("");
    expect(on.code).toBe(0);
    expect(on.stdout).toContain(
      "for cluster cluster-1: HTTPS https://edge.cluster-1.example.com:443/healthz",
    );
    expect(on.stdout).toMatch(/for ratings\.[^ ]+ \(member \+ cluster\): CALCULATED healthy when 2 of 2 are/);

    const kinds = await checksByKind();
    expect([...kinds.keys()].sort()).toEqual(["calculated", "cluster", "member"]);
    const [cluster] = kinds.get("cluster") ?? [];
    const [own] = kinds.get("member") ?? [];
    const [calculated] = kinds.get("calculated") ?? [];
    expect(kinds.get("calculated")).toHaveLength(1);
    expect(cluster?.HealthCheckConfig).toMatchObject({
      Type: "HTTPS",
      FullyQualifiedDomainName: "edge.cluster-1.example.com",
      Port: 443,
      ResourcePath: "/healthz",
    });
    expect(calculated?.HealthCheckConfig?.Type).toBe("CALCULATED");
    expect(calculated?.HealthCheckConfig?.HealthThreshold).toBe(2);
    expect(calculated?.HealthCheckConfig?.ChildHealthChecks).toEqual([own?.Id, cluster?.Id]);
    const ratings = member(await listZoneRecords(b.zoneId), "ratings", "cluster-1");
    expect(ratings?.HealthCheckId).toBe(calculated?.Id);

    // Read back from Route 53, the CALCULATED check is what the planner wants: nothing to do.
    const again = await plan("--cluster-health-check", EDGE);
    expect(again.stdout).toMatch(/No changes/);
    expect(again.code).toBe(0);

    const off = await apply();
    expect(off.stderr).toBe("");
    expect(off.code).toBe(0);
    const after = await checksByKind();
    expect([...after.keys()]).toEqual(["member"]);
    expect(after.get("member")?.map((c) => c.Id)).toEqual([own?.Id]);
    expect(member(await listZoneRecords(b.zoneId), "ratings", "cluster-1")?.HealthCheckId).toBe(own?.Id);

    const settled = await plan();
    expect(settled.stdout).toMatch(/No changes/);
    expect(settled.code).toBe(0);
  });

  it("a new cluster URL of another scheme replaces the cluster check and repoints the CALCULATED check, the record untouched", async () => {
    expect((await apply("--cluster-health-check", EDGE)).code).toBe(0);
    const before = await checksByKind();
    const [calculated] = before.get("calculated") ?? [];
    const [own] = before.get("member") ?? [];

    const tcp = await apply("--cluster-health-check", "tcp://edge.cluster-1.example.com:443");
    expect(tcp.stderr).toBe("");
    expect(tcp.code).toBe(0);
    const after = await checksByKind();
    const [cluster] = after.get("cluster") ?? [];
    expect(after.get("cluster")).toHaveLength(1);
    expect(cluster?.HealthCheckConfig).toMatchObject({ Type: "TCP", Port: 443 });
    const [updated] = after.get("calculated") ?? [];
    expect(updated?.Id).toBe(calculated?.Id);
    expect(updated?.HealthCheckConfig?.ChildHealthChecks).toEqual([own?.Id, cluster?.Id]);
    expect(member(await listZoneRecords(b.zoneId), "ratings", "cluster-1")?.HealthCheckId).toBe(
      calculated?.Id,
    );
    expect((await plan("--cluster-health-check", "tcp://edge.cluster-1.example.com:443")).code).toBe(0);
  });
});
