// `apply` through a fault proxy that carries out a share of the change requests and then loses their
// answers (a 503, or a closed connection, after moto made the change). The retry of such a request is
// rejected ("already exists", "not found"); before the read-back this bisected every request down to
// single groups and reported every one of them invalid (exit 1). Requests are counted at the proxy;
// nothing here measures time.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand } from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import {
  type FaultProxy,
  type FaultRule,
  type ProxyRequestLog,
  startFaultProxy,
} from "../peers/fault-proxy.js";
import { cli } from "./bookinfo-on-moto.js";

const DOMAIN = "lost.example.com";
const HOSTS = 400;

/** LoadBalancer Services with twelve IPs each, one weighted member per host (the default policy). */
function manifests(hosts: readonly number[], ipsOf: (i: number) => string[]): string {
  const docs = hosts.map((i) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: `svc-${i}`,
      namespace: "lost",
      annotations: { "route53-gslb.io/hostnames": `h${i}.${DOMAIN}` },
    },
    spec: { type: "LoadBalancer", selector: { app: `a${i}` } },
    status: { loadBalancer: { ingress: ipsOf(i).map((ip) => ({ ip })) } },
  }));
  const dir = mkdtempSync(join(tmpdir(), "lost-"));
  writeFileSync(join(dir, "services.yaml"), docs.map((d) => stringify(d)).join("---\n"));
  return dir;
}

const ips = (generation: number) => (i: number) =>
  Array.from({ length: 12 }, (_, j) => `10.${generation}.${i >> 2}.${(i & 3) * 50 + j + 1}`);

/**
 * 40% of the change requests (retries included) are carried out by moto and then their answer is lost:
 * replaced by a 503, or by a connection closed without an answer. Seeded, so every run is the same.
 */
function losing(fault: "ServiceUnavailable" | "ConnectionReset", seed: number): FaultRule[] {
  return [{ operations: ["ChangeResourceRecordSets"], fault, share: 0.4, seed, phase: "after" }];
}

const cliArgs = (command: "apply" | "plan", dir: string, endpoint: string, ...extra: string[]) => [
  command,
  "-f",
  dir,
  "--cluster-name",
  "c1",
  "--domain-filter",
  DOMAIN,
  "--aws-endpoint",
  endpoint,
  // Far above what the test sends: the limiter must not be what the test measures.
  "--aws-rate",
  "1000",
  "--aws-burst",
  "1000",
  "--aws-change-rate",
  "100000",
  "--aws-change-burst",
  "100000",
  ...extra,
];

/** How many change requests moto accepted with a change of `name` in them (the proxy saw every one). */
function timesAccepted(log: readonly ProxyRequestLog[], name: string): number {
  return log.filter(
    (l) =>
      l.operation === "ChangeResourceRecordSets" &&
      l.upstreamStatus === 200 &&
      (l.body ?? "").includes(`<Name>${name}</Name>`),
  ).length;
}

async function applyThrough(proxy: FaultProxy, dir: string) {
  proxy.resetCounts();
  const result = await cli(cliArgs("apply", dir, proxy.endpoint));
  const requests = proxy.count("ChangeResourceRecordSets");
  const bound = Number(/allow no fewer than (\d+)/.exec(result.stdout)?.[1] ?? Number.NaN);
  return { result, requests, bound, log: [...proxy.log] };
}

describe("apply when Route 53's answers are lost (fault proxy after moto)", () => {
  let zoneId: string;
  beforeEach(async () => {
    await resetMoto();
    const zone = await route53Client().send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `lost-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
  });

  it("400 hosts, then updates and deletions, with 40% of the answers lost: exit 0, each change once, nothing left", async () => {
    const proxy = await startFaultProxy(motoEndpoint(), losing("ServiceUnavailable", 3));
    try {
      const all = Array.from({ length: HOSTS }, (_, i) => i);
      const created = await applyThrough(proxy, manifests(all, ips(1)));
      expect(created.result.stderr).toBe("");
      expect(created.result.code).toBe(0);
      expect(created.result.stdout).toContain("Apply complete.");
      // Answers were lost, and each lost one cost one retry — no bisection: the packed requests plus
      // one per lost answer, whatever the proxy's draw was.
      expect(created.requests.injected).toBeGreaterThan(0);
      expect(created.requests.total).toBeGreaterThanOrEqual(created.bound + created.requests.injected);
      expect(created.requests.total).toBeLessThanOrEqual(created.bound + 1 + created.requests.injected);
      for (const i of all) expect(timesAccepted(created.log, `h${i}.${DOMAIN}.`)).toBe(1);
      // The retries of the lost requests were rejected ("already exists") and read back, not bisected.
      expect(created.log.some((l) => l.upstreamStatus === 400)).toBe(true);
      const listed = await route53Client().send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 10000 }),
      );
      expect(listed.ResourceRecordSets?.filter((r) => r.Type === "A")).toHaveLength(HOSTS);

      // Every other host gets new addresses, every fourth is removed: UPSERTs, and DELETEs whose lost
      // answers make their retries "not found".
      const kept = all.filter((i) => i % 4 !== 3);
      const changedDir = manifests(kept, (i) => (i % 2 === 0 ? ips(2)(i) : ips(1)(i)));
      proxy.setRules(losing("ConnectionReset", 3));
      const changed = await applyThrough(proxy, changedDir);
      expect(changed.result.code).toBe(0);
      expect(changed.requests.injected).toBeGreaterThan(0);
      expect(changed.requests.total).toBeLessThanOrEqual(changed.bound + 1 + changed.requests.injected);
      // Each deletion once. An UPSERT is idempotent: a retry of one whose answer was lost may be
      // accepted again (as by AWS) — the re-plan below shows what it left.
      for (const i of all.filter((i) => i % 4 === 3))
        expect(timesAccepted(changed.log, `h${i}.${DOMAIN}.`)).toBe(1);
      for (const i of kept.filter((i) => i % 2 === 0))
        expect(timesAccepted(changed.log, `h${i}.${DOMAIN}.`)).toBeGreaterThanOrEqual(1);
      // Some retries were rejected for what their lost first attempt had done ("not found").
      expect(changed.log.some((l) => l.upstreamStatus === 400)).toBe(true);

      // A fresh plan against what is in Route 53 finds nothing left to do.
      const replan = await cli(
        cliArgs("plan", changedDir, motoEndpoint(), "--zones", "aws", "--detailed-exitcode"),
      );
      expect(replan.stderr).toBe("");
      expect(replan.code).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
