// Health-check CallerReferences through `apply`, with the fault proxy modelling Route 53's rules for
// them (moto has none: it makes a second check for a repeated reference and forgets deleted ones):
// a create whose answer is lost must not leave a second check, and a check deleted and wanted again
// must be created again although its old reference can never be used again.

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ListHealthChecksCommand } from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { nthCallerReference } from "../../../src/health/health-checks.js";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";
import { applyArgs, type BookinfoOnMoto, bookinfoOnMoto, cli, member } from "./bookinfo-on-moto.js";

async function healthChecks() {
  const out = await route53Client().send(new ListHealthChecksCommand({}));
  return out.HealthChecks ?? [];
}

describe("apply: health-check CallerReferences as Route 53 treats them (modelled by the fault proxy)", () => {
  let b: BookinfoOnMoto;
  beforeEach(async () => {
    await resetMoto();
    b = await bookinfoOnMoto(motoEndpoint());
  });

  it("a CreateHealthCheck whose answer is lost is retried into the same check: one check, the member carries it", async () => {
    const proxy = await startFaultProxy(
      motoEndpoint(),
      [{ operations: ["CreateHealthCheck"], fault: "ConnectionReset", every: 1, limit: 1, phase: "after" }],
      { callerReferences: true },
    );
    try {
      const applied = await cli(applyArgs(b, "cluster-1", proxy.endpoint));
      expect(applied.stderr).toBe("");
      expect(applied.code).toBe(0);
      expect(proxy.log.filter((l) => l.operation === "CreateHealthCheck")).toMatchObject([
        { outcome: "injected", fault: "ConnectionReset", upstreamStatus: 201 },
        { outcome: "forwarded", modelled: "existing-check" },
      ]);
    } finally {
      await proxy.close();
    }
    const checks = await healthChecks();
    expect(checks).toHaveLength(1);
    const primary = member(await listZoneRecords(b.zoneId), "ratings", "cluster-1");
    expect(primary?.HealthCheckId).toBe(checks[0]?.Id);
  });

  // The member's health check is turned off (the check is deleted: Route 53 burns its reference) and on
  // again with the same settings, so the planner names the same reference. The next test removes the
  // whole member and adds it back.
  it("a member's check deleted and wanted again is created under a fresh CallerReference", async () => {
    const proxy = await startFaultProxy(motoEndpoint(), [], { callerReferences: true });
    const tetrate = join(b.dirs["cluster-1"], "tetrate.yaml");
    const manifest = readFileSync(tetrate, "utf8");
    const annotation = "route53-gslb.io/health-check: auto";
    expect(manifest).toContain(annotation);
    try {
      expect((await cli(applyArgs(b, "cluster-1", proxy.endpoint))).code).toBe(0);
      const [first] = await healthChecks();
      const planned = first?.CallerReference ?? "";
      expect(planned).toMatch(/^r53gslb-[0-9a-f]{16}$/);

      const off = manifest
        .replace(annotation, "route53-gslb.io/health-check: none")
        .replace(/^ *route53-gslb\.io\/health-check-path: .*\n/m, "");
      writeFileSync(tetrate, off);
      expect((await cli(applyArgs(b, "cluster-1", proxy.endpoint))).code).toBe(0);
      expect(await healthChecks()).toEqual([]);
      expect(member(await listZoneRecords(b.zoneId), "ratings", "cluster-1")?.HealthCheckId).toBeUndefined();

      writeFileSync(tetrate, manifest);
      const again = await cli(applyArgs(b, "cluster-1", proxy.endpoint));
      expect(again.stdout).toContain(`caller reference ${planned}`);
      expect(again.stdout).not.toMatch(/HealthCheckAlreadyExists|HealthCheckReferenceConflict/);
      expect(again.code).toBe(0);
      // Route 53 refused the burnt reference; the next one of its sequence was used.
      const creates = proxy.log.filter((l) => l.operation === "CreateHealthCheck");
      expect(creates.at(-2)).toMatchObject({ modelled: "HealthCheckAlreadyExists" });
      const checks = await healthChecks();
      expect(checks.map((c) => c.CallerReference)).toEqual([nthCallerReference(planned, 2)]);
      const primary = member(await listZoneRecords(b.zoneId), "ratings", "cluster-1");
      expect(primary?.HealthCheckId).toBe(checks[0]?.Id);
    } finally {
      await proxy.close();
    }
    const replan = await cli(
      [...applyArgs(b, "cluster-1", motoEndpoint()), "--zones", "aws", "--detailed-exitcode"].map((x) =>
        x === "apply" ? "plan" : x,
      ),
    );
    expect(replan.stdout).toMatch(/No changes/);
    expect(replan.code).toBe(0);
  });

  it("a member removed and added back (its check deleted, its reference burnt) is published again", async () => {
    const proxy = await startFaultProxy(motoEndpoint(), [], { callerReferences: true });
    const tetrate = join(b.dirs["cluster-1"], "tetrate.yaml");
    const manifest = readFileSync(tetrate, "utf8");
    try {
      expect((await cli(applyArgs(b, "cluster-1", proxy.endpoint))).code).toBe(0);
      const planned = (await healthChecks())[0]?.CallerReference ?? "";
      expect(planned).toMatch(/^r53gslb-[0-9a-f]{16}$/);

      rmSync(tetrate);
      expect((await cli(applyArgs(b, "cluster-1", proxy.endpoint, "--max-deletions", "100%"))).code).toBe(0);
      expect(member(await listZoneRecords(b.zoneId), "ratings", "cluster-1")).toBeUndefined();
      expect(await healthChecks()).toEqual([]);

      writeFileSync(tetrate, manifest);
      const again = await cli(applyArgs(b, "cluster-1", proxy.endpoint));
      expect(again.code).toBe(0);
      const checks = await healthChecks();
      expect(checks.map((c) => c.CallerReference)).toEqual([nthCallerReference(planned, 2)]);
      const primary = member(await listZoneRecords(b.zoneId), "ratings", "cluster-1");
      expect(primary?.HealthCheckId).toBe(checks[0]?.Id);
    } finally {
      await proxy.close();
    }
  });
});
