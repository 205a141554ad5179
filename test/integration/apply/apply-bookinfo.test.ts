import { rmSync } from "node:fs";
import { join } from "node:path";
import { ListHealthChecksCommand } from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";
import { applyArgs, type BookinfoOnMoto, bookinfoOnMoto, cli, DOMAIN, member } from "./bookinfo-on-moto.js";

const records = (endpoint: string, zoneId: string) => listZoneRecords(zoneId, endpoint);

async function healthCheckCount(endpoint: string): Promise<number> {
  const out = await route53Client(endpoint).send(new ListHealthChecksCommand({}));
  return out.HealthChecks?.length ?? 0;
}

const args = applyArgs;

describe("apply against moto: the bookinfo example in two clusters", () => {
  let b: BookinfoOnMoto;
  let endpoint: string;
  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    b = await bookinfoOnMoto(endpoint);
  });

  it("writes each cluster's member of every set, then a second plan is empty", async () => {
    const first = await cli(args(b, "cluster-1", endpoint));
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const second = await cli(args(b, "cluster-2", endpoint));
    expect(second.code).toBe(0);

    const all = await records(endpoint, b.zoneId);
    const lb = (example: string) => `${b.loadBalancers.get(example)}.`;
    const w1 = member(all, "bookinfo", "cluster-1");
    const w2 = member(all, "bookinfo", "cluster-2");
    expect(w1?.Weight).toBe(50);
    expect(w2?.Weight).toBe(50);
    expect(w1?.AliasTarget?.DNSName).toBe(
      lb("k8s-bookinfo-bookinfo-5f3e2a1b9c-1234567890.eu-west-2.elb.amazonaws.com"),
    );
    expect(member(all, "reviews", "cluster-1")?.Region).toBe("eu-west-2");
    expect(member(all, "reviews", "cluster-2")?.Region).toBe("eu-west-1");
    const primary = member(all, "ratings", "cluster-1");
    const secondary = member(all, "ratings", "cluster-2");
    expect(primary?.Failover).toBe("PRIMARY");
    expect(primary?.HealthCheckId).toMatch(/^[0-9a-f-]{36}$/);
    expect(secondary?.Failover).toBe("SECONDARY");
    expect(member(all, "_gslb-a.bookinfo", "cluster-1", "TXT")).toBeDefined();
    expect(member(all, "_gslb-a.bookinfo", "cluster-2", "TXT")).toBeDefined();
    // The hand-made record is as it was.
    expect(all.find((r) => r.Name === `docs.${DOMAIN}.`)?.ResourceRecords).toEqual([
      { Value: "docs.example.org" },
    ]);

    for (const cluster of ["cluster-1", "cluster-2"] as const) {
      const again = await cli(
        [...args(b, cluster, endpoint), "--detailed-exitcode"]
          .map((a) => (a === "apply" ? "plan" : a))
          .concat(["--zones", "aws"]),
      );
      expect(again.stdout).toMatch(/No changes/);
      expect(again.code).toBe(0);
    }
  });

  it("--dry-run prints the plan and writes nothing", async () => {
    const before = await records(endpoint, b.zoneId);
    const dry = await cli(args(b, "cluster-1", endpoint, "--dry-run"));
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\+ bookinfo\.tse\.tetratelabs\.io A weighted set=cluster-1 weight=50/);
    expect(dry.stdout).not.toMatch(/Applied:/);
    expect(await records(endpoint, b.zoneId)).toEqual(before);
    expect(await healthCheckCount(endpoint)).toBe(0);
  });

  it("applying twice creates each health check once", async () => {
    await cli(args(b, "cluster-1", endpoint));
    await cli(args(b, "cluster-1", endpoint));
    expect(await healthCheckCount(endpoint)).toBe(1);
  });

  it("removing a Gateway deletes only this cluster's member and its ownership record", async () => {
    await cli(args(b, "cluster-1", endpoint));
    await cli(args(b, "cluster-2", endpoint));
    const before = await records(endpoint, b.zoneId);
    rmSync(join(b.dirs["cluster-1"], "tetrate.yaml"));
    const result = await cli(args(b, "cluster-1", endpoint));
    expect(result.code).toBe(0);
    const after = await records(endpoint, b.zoneId);
    const gone = before.filter(
      (r) =>
        !after.some((a) => a.Name === r.Name && a.Type === r.Type && a.SetIdentifier === r.SetIdentifier),
    );
    expect(gone.map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier}`).sort()).toEqual([
      `_gslb-a.ratings.${DOMAIN}. TXT cluster-1`,
      `ratings.${DOMAIN}. A cluster-1`,
    ]);
    expect(member(after, "ratings", "cluster-2")?.Failover).toBe("SECONDARY");
    // Its health check goes once no record refers to it.
    expect(await healthCheckCount(endpoint)).toBe(0);
  });

  it("a crash between creating a health check and writing its record does not duplicate the check", async () => {
    const proxy = await startFaultProxy(endpoint, [
      { operations: ["ChangeResourceRecordSets"], fault: "ServiceUnavailable", every: 1 },
    ]);
    try {
      const crashed = await cli(
        args(b, "cluster-1", proxy.endpoint, "--aws-rate", "1000", "--aws-burst", "1000"),
      );
      expect(crashed.code).toBe(1);
      expect(await healthCheckCount(endpoint)).toBe(1);
    } finally {
      await proxy.close();
    }
    const recovered = await cli(args(b, "cluster-1", endpoint));
    expect(recovered.code).toBe(0);
    expect(await healthCheckCount(endpoint)).toBe(1);
    expect(member(await records(endpoint, b.zoneId), "ratings", "cluster-1")?.HealthCheckId).toBeDefined();
  });

  it("converges with 30% of requests throttled, with no lost or duplicated change", async () => {
    const proxy = await startFaultProxy(endpoint, [{ fault: "Throttling", share: 0.3, seed: 7 }]);
    try {
      const result = await cli(args(b, "cluster-1", proxy.endpoint));
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(proxy.count("ChangeResourceRecordSets").total).toBeGreaterThan(0);
      expect(Object.values(proxy.counts()).reduce((n, c) => n + c.injected, 0)).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }
    const all = await records(endpoint, b.zoneId);
    const keys = all.map((r) => `${r.Name}|${r.Type}|${r.SetIdentifier ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(all.filter((r) => r.SetIdentifier === "cluster-1")).toHaveLength(6);
    expect(await healthCheckCount(endpoint)).toBe(1);
    const again = await cli([
      "plan",
      "-f",
      b.dirs["cluster-1"],
      "--zones",
      "aws",
      "--cluster-name",
      "cluster-1",
      "--domain-filter",
      DOMAIN,
      "--aws-endpoint",
      endpoint,
      "--detailed-exitcode",
    ]);
    expect(again.code).toBe(0);
  });
});
