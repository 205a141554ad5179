import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";
import { cli } from "./bookinfo-on-moto.js";

const DOMAIN = "scale.example.com";

/** LoadBalancer Services with IP addresses: one per host, each asking for a simple record. */
function services(count: number, ipsOf: (i: number) => string[]): string {
  const docs = Array.from({ length: count }, (_, i) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: `svc-${i}`,
      namespace: "scale",
      annotations: {
        "route53-gslb.io/hostnames": `h${i}.${DOMAIN}`,
        "route53-gslb.io/routing-policy": "simple",
      },
    },
    spec: { type: "LoadBalancer", selector: { app: `a${i}` } },
    status: { loadBalancer: { ingress: ipsOf(i).map((ip) => ({ ip })) } },
  }));
  const dir = mkdtempSync(join(tmpdir(), "scale-"));
  writeFileSync(join(dir, "services.yaml"), docs.map((d) => stringify(d)).join("---\n"));
  return dir;
}

async function listAll(endpoint: string, zoneId: string): Promise<ResourceRecordSet[]> {
  const out = await route53Client(endpoint).send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 10000 }),
  );
  return out.ResourceRecordSets ?? [];
}

async function applyThroughProxy(
  dir: string,
  rules: Parameters<typeof startFaultProxy>[1] = [],
  options: Parameters<typeof startFaultProxy>[2] = {},
) {
  const endpoint = motoEndpoint();
  const proxy = await startFaultProxy(endpoint, rules, options);
  try {
    const result = await cli([
      "apply",
      "-f",
      dir,
      "--cluster-name",
      "c1",
      "--domain-filter",
      DOMAIN,
      "--aws-endpoint",
      proxy.endpoint,
      // Far above what the test sends: the limiter must not be what the test measures.
      "--aws-rate",
      "1000",
      "--aws-burst",
      "1000",
      "--aws-change-rate",
      "100000",
      "--aws-change-burst",
      "100000",
    ]);
    return { result, requests: proxy.count("ChangeResourceRecordSets"), log: [...proxy.log] };
  } finally {
    await proxy.close();
  }
}

describe("apply at scale against moto (requests counted at the proxy)", () => {
  let zoneId: string;
  beforeEach(async () => {
    await resetMoto();
    const zone = await route53Client().send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `scale-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
  });

  it("writes 2,500 records in the minimum number of requests the limits allow", async () => {
    const dir = services(2500, (i) => [`10.${(i >> 8) & 255}.${i & 255}.1`]);
    const { result, requests } = await applyThroughProxy(dir);
    expect(result.code).toBe(0);
    // The bound, measured from what landed in Route 53: 1,000 ResourceRecord elements and 32,000
    // characters of values per request. Here the ownership TXT values make characters the binding limit.
    const written = (await listAll(motoEndpoint(), zoneId)).filter((r) => r.Type === "A" || r.Type === "TXT");
    const values = written.flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ""));
    expect(values).toHaveLength(5000);
    const bound = Math.max(Math.ceil(values.length / 1000), Math.ceil(values.join("").length / 32000));
    expect(requests.total).toBeGreaterThanOrEqual(bound);
    expect(requests.total).toBeLessThanOrEqual(bound + 1);
    expect(result.stdout).toMatch(
      new RegExp(`Applied: 5000 record changes in ${requests.total} ChangeResourceRecordSets requests`),
    );
  });

  it("under Route 53's quotas, converges with change requests at the lower bound plus the refused ones it retried", async () => {
    // The quota model holds a zone for 3 s after each accepted batch (PriorRequestNotComplete meanwhile),
    // far longer than the next batch takes to arrive; its change bucket is set wide so that the
    // one-batch-per-zone rule is what this test exercises (the CLI's own limiter is not what paces it).
    const dir = services(1000, (i) => [`10.${(i >> 8) & 255}.${i & 255}.2`]);
    const { result, requests, log } = await applyThroughProxy(dir, [], {
      quota: { propagationMs: 3000, changes: { rate: 1000, burst: 100_000 } },
    });
    expect(result.code).toBe(0);
    const written = (await listAll(motoEndpoint(), zoneId)).filter((r) => r.Type === "A" || r.Type === "TXT");
    const values = written.flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ""));
    expect(values).toHaveLength(2000);
    const bound = Math.max(Math.ceil(values.length / 1000), Math.ceil(values.join("").length / 32000));
    expect(bound).toBeGreaterThan(1);
    expect(requests.forwarded).toBeGreaterThanOrEqual(bound);
    expect(requests.forwarded).toBeLessThanOrEqual(bound + 1);
    // Every other request was a refusal by the model, answered as Route 53 answers, and retried.
    const refused = log.filter((l) => l.operation === "ChangeResourceRecordSets" && l.modelled === "quota");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((l) => l.fault === "PriorRequestNotComplete")).toBe(true);
    expect(requests.total).toBe(requests.forwarded + refused.length);
    // The CLI counts every attempt it sent, the refused ones included.
    expect(result.stdout).toMatch(
      new RegExp(
        `Applied: 2000 record changes in ${requests.total} ChangeResourceRecordSets requests ` +
          `\\(the Route 53 limits allow no fewer than ${bound}\\)`,
      ),
    );
  });

  it("packs record sets with many long values by characters, not by count", async () => {
    // 60 hosts x 40 IPv6 values of 39 characters: 2,460 elements fit 3 requests, but about
    // 100,000 characters of values need 4 (32,000 per request).
    // No zero groups, so no spelling of these addresses is shorter than 39 characters.
    const ipv6 = (i: number, j: number) =>
      `2001:db8:1111:2222:3333:4444:${(0x1000 + i).toString(16)}:${(0x1000 + j).toString(16)}`;
    const dir = services(60, (i) => Array.from({ length: 40 }, (_, j) => ipv6(i, j)));
    const { result, requests } = await applyThroughProxy(dir);
    expect(result.code).toBe(0);
    const written = (await listAll(motoEndpoint(), zoneId)).filter(
      (r) => r.Type === "AAAA" || r.Type === "TXT",
    );
    const values = written.flatMap((r) => (r.ResourceRecords ?? []).map((v) => v.Value ?? ""));
    expect(values).toHaveLength(60 * 41);
    const byElements = Math.ceil(values.length / 1000);
    const byCharacters = Math.ceil(values.join("").length / 32000);
    expect(byCharacters).toBeGreaterThan(byElements);
    expect(requests.total).toBeGreaterThanOrEqual(byCharacters);
    expect(requests.total).toBeLessThanOrEqual(byCharacters + 1);
  });

  it("one invalid group among 200 leaves the other 199 applied and names the bad one", async () => {
    const dir = services(200, (i) => [`10.0.${i}.1`]);
    const { result } = await applyThroughProxy(dir, [
      {
        operations: ["ChangeResourceRecordSets"],
        fault: "InvalidChangeBatch",
        every: 1,
        bodyIncludes: `h137.${DOMAIN}`,
      },
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(`! h137\\.${DOMAIN.replaceAll(".", "\\.")}.*not applied \\(invalid\\)`),
    );
    const a = (await listAll(motoEndpoint(), zoneId)).filter((r) => r.Type === "A");
    expect(a).toHaveLength(199);
    expect(a.some((r) => r.Name === `h137.${DOMAIN}.`)).toBe(false);
  });
});
