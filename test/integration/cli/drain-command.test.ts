// `route53-gslb drain` / `undrain` against moto: the bookinfo example applied from two clusters, then
// cluster-1 taken out of rotation and put back, with only Route 53 (no manifests) as input.

import { GetHealthCheckCommand, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import {
  applyBoth,
  type BookinfoOnMoto,
  bookinfoOnMoto,
  cli,
  DOMAIN,
  member,
} from "../apply/bookinfo-on-moto.js";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";

const records = (endpoint: string, zoneId: string) => listZoneRecords(zoneId, endpoint);

async function inverted(endpoint: string, id: string | undefined): Promise<boolean | undefined> {
  const out = await route53Client(endpoint).send(new GetHealthCheckCommand({ HealthCheckId: id }));
  return out.HealthCheck?.HealthCheckConfig?.Inverted;
}

describe("drain and undrain against moto", () => {
  let b: BookinfoOnMoto;
  let endpoint: string;
  const aws = () => ["--domain-filter", DOMAIN, "--aws-endpoint", endpoint];
  const run = (command: string, cluster: string, ...extra: string[]) =>
    cli([command, "--cluster-name", cluster, ...aws(), ...extra]);
  const manifests = (command: "plan", cluster: "cluster-1" | "cluster-2", ...extra: string[]) =>
    cli([command, "-f", b.dirs[cluster], "--cluster-name", cluster, "--zones", "aws", ...aws(), ...extra]);

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    b = await bookinfoOnMoto(endpoint);
    await applyBoth(b, endpoint);
  });

  it("takes one cluster out of rotation without deleting anything, and undrain puts back exactly what was", async () => {
    const before = await records(endpoint, b.zoneId);
    const primaryCheck = member(before, "ratings", "cluster-1")?.HealthCheckId;
    expect(primaryCheck).toBeDefined();

    const drain = await run("drain", "cluster-1");
    expect(drain.stderr).not.toMatch(/error/);
    expect(drain.code).toBe(0);
    // The latency member has no health check: drain says so instead of pretending.
    expect(drain.stdout).toMatch(/reviews\.tse\.tetratelabs\.io.*cannot be drained.*health-check: auto/);

    const drained = await records(endpoint, b.zoneId);
    expect(member(drained, "bookinfo", "cluster-1")?.Weight).toBe(0);
    expect(await inverted(endpoint, primaryCheck)).toBe(true);
    expect(member(drained, "_gslb-a.bookinfo", "cluster-1", "TXT")?.ResourceRecords?.[0]?.Value).toMatch(
      /drained=true,restore-weight=50/,
    );
    // Nothing deleted, nothing of cluster-2's or anybody else's touched.
    const key = (r: ResourceRecordSet) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ""}`;
    expect(drained.map(key).sort()).toEqual(before.map(key).sort());
    const notOurs = (all: ResourceRecordSet[]) => all.filter((r) => r.SetIdentifier !== "cluster-1");
    expect(notOurs(drained)).toEqual(notOurs(before));
    expect(member(drained, "reviews", "cluster-1")).toEqual(member(before, "reviews", "cluster-1"));

    // The drain holds: this cluster's own plan and apply from its manifests keep it drained.
    const plan = await manifests("plan", "cluster-1", "--detailed-exitcode");
    expect(plan.stdout).toMatch(/No changes/);
    expect(plan.code).toBe(0);
    expect((await run("drain", "cluster-1")).stdout).toMatch(/No changes/);

    const undrain = await run("undrain", "cluster-1");
    expect(undrain.code).toBe(0);
    expect(await records(endpoint, b.zoneId)).toEqual(before);
    expect(await inverted(endpoint, primaryCheck)).toBe(false);
    expect((await manifests("plan", "cluster-1", "--detailed-exitcode")).code).toBe(0);
  });

  it("--dry-run prints the drain and writes nothing", async () => {
    const before = await records(endpoint, b.zoneId);
    const dry = await run("drain", "cluster-2", "--dry-run", "--output", "json");
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { changes: { action: string; recordSet: { Name: string } }[] };
    expect(plan.changes.map((c) => `${c.action} ${c.recordSet.Name}`)).toEqual([
      `UPSERT bookinfo.${DOMAIN}.`,
      `UPSERT _gslb-a.bookinfo.${DOMAIN}.`,
    ]);
    expect(await records(endpoint, b.zoneId)).toEqual(before);
  });
});
