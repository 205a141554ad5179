import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordSet } from "../../../src/model/record-set.js";
import type { GeoProximityPlace, RoutingPolicy } from "../../../src/model/routing-policy.js";
import { toResourceRecordSet } from "../../../src/route53/to-route53.js";
import { externalDnsRecords } from "../../fixtures/external-dns.js";
import { cli } from "../apply/bookinfo-on-moto.js";
import {
  createHostedZone,
  defaultSubnetIds,
  elbv2Client,
  listZoneRecords,
  motoEndpoint,
  resetMoto,
  route53Client,
} from "../peers/aws.js";
import { changeBatches } from "../peers/change-batches.js";
import { type FaultProxy, startFaultProxy } from "../peers/fault-proxy.js";

/*
 * Migration from external-dns on moto, through the CLI and the real SDK: a zone holding the records of
 * two external-dns owners, written exactly as external-dns v0.22 writes them (alias A *and* AAAA to a
 * load balancer, A records for IPs, one registry TXT per record carrying the record's routing), and
 * `apply --adopt-external-dns-owner team-a` from cluster-1, whose Services carry the same
 * external-dns annotations. The fault proxy between the CLI and moto records every change batch, so
 * the test can say what was sent, not only what moto ended up with (moto does not apply a batch
 * atomically, AWS does).
 */

const DOMAIN = "adopt.example.com";
const EXT = "external-dns.alpha.kubernetes.io/";
const weighted = (setIdentifier: string, weight: number): RoutingPolicy => ({
  kind: "weighted",
  setIdentifier,
  weight,
});

/** A LoadBalancer Service with external-dns's annotations and its address already assigned. */
function service(
  name: string,
  annotations: Record<string, string>,
  ingress: { ip?: string; hostname?: string },
) {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", annotations },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [ingress] } },
  });
}

describe("apply --adopt-external-dns-owner on moto: a zone with two external-dns owners", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let dir: string;
  let manifests: string;
  let lbDnsName: string;
  /** Every record set, as ListResourceRecordSets returned it before the takeover. */
  let before: ResourceRecordSet[];
  /** The ChangeResourceRecordSets bodies the takeover's apply sent. */
  let batches: string[][];
  let applied: { code: number; stdout: string; stderr: string };

  const run = (command: "plan" | "apply", ...extra: string[]) =>
    cli([
      command,
      "-f",
      manifests,
      "--cluster-name",
      "cluster-1",
      "--domain-filter",
      DOMAIN,
      "--aws-endpoint",
      proxy.endpoint,
      ...(command === "plan" ? ["--zones", "aws"] : []),
      ...extra,
    ]);
  const records = () => listZoneRecords(zoneId);
  const at = (all: ResourceRecordSet[], name: string, type: string) =>
    all.filter((r) => r.Name === `${name}.${DOMAIN}.` && r.Type === type);

  beforeAll(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    proxy = await startFaultProxy(endpoint, []);
    const zone = await route53Client(endpoint).send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `adopt-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    const lb = await elbv2Client(endpoint).send(
      new CreateLoadBalancerCommand({
        Name: "web-lb",
        Subnets: await defaultSubnetIds(endpoint),
        Type: "application",
        Scheme: "internet-facing",
      }),
    );
    lbDnsName = (lb.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
    expect(lbDnsName).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);

    // What external-dns v0.22 wrote: team-a for web (an alias to the balancer, weighted through its
    // annotations), ip (an A record) and old (which cluster-1 does not publish); team-b for api
    // (not published here) and shared (published here too, so cluster-1's claim must lose).
    const written: RecordSet[] = [
      ...externalDnsRecords({
        name: `web.${DOMAIN}`,
        owner: "team-a",
        resource: "service/default/web",
        target: { loadBalancer: { dnsName: lbDnsName } },
        policy: weighted("cluster-1", 100),
      }),
      ...externalDnsRecords({
        name: `ip.${DOMAIN}`,
        owner: "team-a",
        resource: "service/default/ip",
        target: { ips: ["192.0.2.10"] },
        policy: weighted("cluster-1", 100),
      }),
      ...externalDnsRecords({
        name: `old.${DOMAIN}`,
        owner: "team-a",
        resource: "service/default/old",
        target: { ips: ["192.0.2.11"] },
      }),
      ...externalDnsRecords({
        name: `api.${DOMAIN}`,
        owner: "team-b",
        resource: "ingress/shop/api",
        target: { loadBalancer: { dnsName: lbDnsName } },
      }),
      ...externalDnsRecords({
        name: `shared.${DOMAIN}`,
        owner: "team-b",
        resource: "service/default/shared",
        target: { ips: ["192.0.2.12"] },
        policy: weighted("cluster-1", 100),
      }),
    ];
    await route53Client(endpoint).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: written.map((r) => ({ Action: "CREATE", ResourceRecordSet: toResourceRecordSet(r) })),
        },
      }),
    );
    before = await records();

    dir = mkdtempSync(join(tmpdir(), "adopt-"));
    manifests = join(dir, "services.yaml");
    const weightedHere = { [`${EXT}set-identifier`]: "cluster-1", [`${EXT}aws-weight`]: "100" };
    writeFileSync(
      manifests,
      [
        service("web", { [`${EXT}hostname`]: `web.${DOMAIN}`, ...weightedHere }, { hostname: lbDnsName }),
        service(
          "ip",
          { [`${EXT}hostname`]: `ip.${DOMAIN}`, [`${EXT}ttl`]: "300", ...weightedHere },
          { ip: "192.0.2.10" },
        ),
        service("shared", { [`${EXT}hostname`]: `shared.${DOMAIN}`, ...weightedHere }, { ip: "192.0.2.13" }),
      ].join("\n---\n"),
    );

    const from = proxy.log.length;
    applied = await run("apply", "--adopt-external-dns-owner", "team-a");
    batches = changeBatches(proxy.log.slice(from));
  });

  afterAll(async () => {
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("applies, showing each takeover as its own kind of change", () => {
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /> web\.adopt\.example\.com A weighted set=cluster-1 weight=100 -> alias .*: taken over in place, updated \(UPSERT\), from external-dns owner `team-a` \(service\/default\/web\) \[Service default\/web\]/,
    );
    expect(applied.stdout).toMatch(
      /> ip\.adopt\.example\.com A weighted set=cluster-1 weight=100 -> 192\.0\.2\.10 ttl=300: taken over in place, unchanged, from external-dns owner `team-a`/,
    );
    expect(applied.stdout).toMatch(/; 2 taken over from external-dns\./);
    expect(applied.stdout).toMatch(
      /shared\.adopt\.example\.com\): conflict: set identifier `cluster-1` is already used/,
    );
  });

  it("makes the adopted owner's records that cluster-1 publishes its own, and removes that owner's TXTs", async () => {
    const after = await records();
    for (const name of ["web", "ip"]) {
      const [ownership] = at(after, `_gslb-a.${name}`, "TXT");
      expect(ownership?.SetIdentifier).toBe("cluster-1");
      expect(ownership?.ResourceRecords?.[0]?.Value).toBe(
        `"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-1,resource=core/Service/default/${name}"`,
      );
      expect(at(after, `a-${name}`, "TXT")).toEqual([]);
      expect(at(after, name, "A")).toHaveLength(1);
    }
    // web's alias now names the balancer's canonical zone as ELBv2 gives it (moto's), UPSERTed in place.
    expect(at(after, "web", "A")[0]?.AliasTarget?.HostedZoneId).toBe("Z2P70J7EXAMPLE");
    // ip was already what cluster-1 wants: the very same record set.
    expect(at(after, "ip", "A")).toEqual(at(before, "ip", "A"));
  });

  it("leaves byte-identical: the other owner's records and TXTs, and the adopted owner's records cluster-1 does not publish", async () => {
    const after = await records();
    const kept: [string, string][] = [
      ["api", "A"],
      ["api", "AAAA"],
      ["a-api", "TXT"],
      ["aaaa-api", "TXT"],
      ["shared", "A"],
      ["a-shared", "TXT"],
      ["old", "A"],
      ["a-old", "TXT"],
      // external-dns writes an alias AAAA beside every alias A to a balancer; cluster-1 publishes no
      // AAAA for an IPv4 balancer, so that record (and its TXT) stays team-a's.
      ["web", "AAAA"],
      ["aaaa-web", "TXT"],
    ];
    const untouched = (all: ResourceRecordSet[]) =>
      kept.map(([name, type]) => at(all, name, type).map((r) => JSON.stringify(r)));
    expect(untouched(before).every((found) => found.length === 1)).toBe(true);
    expect(untouched(after)).toEqual(untouched(before));
  });

  it("never left the member without its record: it was only UPSERTed, and ownership changed hands in one request", () => {
    const all = batches.flat();
    const members = all.filter((c) => / (web|ip)\.adopt\.example\.com\. (A|AAAA)/.test(c));
    expect(members).toEqual([`UPSERT web.${DOMAIN}. A cluster-1`]);
    for (const name of ["web", "ip"]) {
      const batch = batches.find((b) => b.includes(`CREATE _gslb-a.${name}.${DOMAIN}. TXT cluster-1`));
      expect(batch, `the request that writes ${name}'s ownership record`).toContain(
        `DELETE a-${name}.${DOMAIN}. TXT cluster-1`,
      );
    }
    // No request deletes a record that is not a TXT, of any name.
    expect(all.filter((c) => c.startsWith("DELETE") && !/ TXT( |$)/.test(c))).toEqual([]);
  });

  it("plans nothing more afterwards, with or without the flag", async () => {
    for (const flags of [["--adopt-external-dns-owner", "team-a"], []]) {
      const again = await run("plan", "--detailed-exitcode", ...flags);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/No changes\. 1 skipped\./);
    }
  });

  it("a plan shows the takeovers in JSON too (format v1, additive)", async () => {
    // A fresh look at what the first plan would have said: put team-a's TXT for ip back.
    const txt = before.find((r) => r.Name === `a-ip.${DOMAIN}.`);
    const ours = (await records()).find((r) => r.Name === `_gslb-a.ip.${DOMAIN}.`);
    await route53Client(motoEndpoint()).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: [
            { Action: "DELETE", ResourceRecordSet: ours },
            { Action: "CREATE", ResourceRecordSet: txt },
          ],
        },
      }),
    );
    const plan = await run("plan", "--adopt-external-dns-owner", "team-a", "--output", "json");
    const json = JSON.parse(plan.stdout) as {
      takeovers: {
        how: string;
        recordSet: { Name: string };
        externalDns: { owner: string; records: { Name: string }[] };
      }[];
      changes: { action: string; recordSet: { Name: string }; takeover?: { externalDnsRegistry: boolean } }[];
    };
    expect(json.takeovers.map((t) => [t.how, t.recordSet.Name, t.externalDns.owner])).toEqual([
      ["in-place", `ip.${DOMAIN}.`, "team-a"],
    ]);
    expect(json.takeovers[0]?.externalDns.records.map((r) => r.Name)).toEqual([`a-ip.${DOMAIN}.`]);
    expect(json.changes.map((c) => [c.action, c.recordSet.Name, c.takeover?.externalDnsRegistry])).toEqual([
      ["DELETE", `a-ip.${DOMAIN}.`, true],
      ["CREATE", `_gslb-a.ip.${DOMAIN}.`, false],
    ]);
  });
});

/*
 * Geoproximity members, as external-dns writes them from its `aws-geoproximity-*` annotations
 * (provider/aws/aws.go: the place as annotated, `Bias` always, 0 when the annotation is absent; the
 * registry TXT carries the same GeoProximityLocation), taken over by a cluster whose Services carry the
 * same annotations: one whose coordinates external-dns spelled with trailing zeros (`49.20`) and that
 * is already what cluster-1 wants, one whose bias cluster-1 changes (UPSERTed in place).
 */
describe("apply --adopt-external-dns-owner on moto: external-dns's geoproximity members", () => {
  let proxy: FaultProxy;
  let zoneId: string;
  let dir: string;
  let before: ResourceRecordSet[];
  let batches: string[][];
  let applied: { code: number; stdout: string; stderr: string };
  let run: (command: "plan" | "apply", ...extra: string[]) => ReturnType<typeof cli>;

  const records = () => listZoneRecords(zoneId);
  const at = (all: ResourceRecordSet[], name: string, type: string) =>
    all.filter((r) => r.Name === `${name}.${DOMAIN}.` && r.Type === type);
  const geo = (place: GeoProximityPlace, bias: number): RoutingPolicy => ({
    kind: "geoproximity",
    setIdentifier: "cluster-1",
    place,
    bias,
  });

  beforeAll(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    proxy = await startFaultProxy(endpoint, []);
    zoneId = await createHostedZone(DOMAIN, endpoint);
    const lb = await elbv2Client(endpoint).send(
      new CreateLoadBalancerCommand({
        Name: "geo-lb",
        Subnets: await defaultSubnetIds(endpoint),
        Type: "application",
        Scheme: "internet-facing",
      }),
    );
    const lbDnsName = (lb.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
    const written: RecordSet[] = [
      ...externalDnsRecords({
        name: `pos.${DOMAIN}`,
        owner: "team-a",
        resource: "service/default/pos",
        target: { ips: ["192.0.2.20"] },
        policy: geo({ kind: "coordinates", latitude: "49.20", longitude: "-123.10" }, 0),
      }),
      ...externalDnsRecords({
        name: `near.${DOMAIN}`,
        owner: "team-a",
        resource: "service/default/near",
        target: { loadBalancer: { dnsName: lbDnsName } },
        policy: geo({ kind: "region", region: "us-east-1" }, 10),
      }),
    ];
    await route53Client(endpoint).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: written.map((r) => ({ Action: "CREATE", ResourceRecordSet: toResourceRecordSet(r) })),
        },
      }),
    );
    before = await records();
    // What external-dns wrote, as Route 53 lists it: the place and the bias, on the member and its TXT.
    for (const name of ["pos", "a-pos"]) {
      expect(at(before, name, name === "pos" ? "A" : "TXT")[0]?.GeoProximityLocation).toEqual({
        Coordinates: { Latitude: "49.20", Longitude: "-123.10" },
        Bias: 0,
      });
    }

    dir = mkdtempSync(join(tmpdir(), "adopt-geo-"));
    const manifests = join(dir, "services.yaml");
    const here = (name: string) => ({
      [`${EXT}hostname`]: `${name}.${DOMAIN}`,
      [`${EXT}set-identifier`]: "cluster-1",
    });
    writeFileSync(
      manifests,
      [
        service(
          "pos",
          { ...here("pos"), [`${EXT}ttl`]: "300", [`${EXT}aws-geoproximity-coordinates`]: "49.20,-123.10" },
          { ip: "192.0.2.20" },
        ),
        service(
          "near",
          {
            ...here("near"),
            [`${EXT}aws-geoproximity-region`]: "us-east-1",
            [`${EXT}aws-geoproximity-bias`]: "20",
          },
          { hostname: lbDnsName },
        ),
      ].join("\n---\n"),
    );
    run = (command, ...extra) =>
      cli([
        command,
        "-f",
        manifests,
        "--cluster-name",
        "cluster-1",
        "--domain-filter",
        DOMAIN,
        "--aws-endpoint",
        proxy.endpoint,
        ...(command === "plan" ? ["--zones", "aws"] : []),
        ...extra,
      ]);

    const from = proxy.log.length;
    applied = await run("apply", "--adopt-external-dns-owner", "team-a");
    batches = changeBatches(proxy.log.slice(from));
  });

  afterAll(async () => {
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("takes both over, neither blocked", () => {
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).not.toMatch(/takeover-blocked|cannot take/);
    expect(applied.stdout).toMatch(/; 2 taken over from external-dns\./);
  });

  it("keeps each member in place: the one cluster-1 wants as it is untouched, the other UPSERTed with the new bias", async () => {
    const after = await records();
    expect(at(after, "pos", "A")).toEqual(at(before, "pos", "A"));
    expect(at(after, "near", "A")[0]?.GeoProximityLocation).toEqual({ AWSRegion: "us-east-1", Bias: 20 });
    for (const name of ["pos", "near"]) {
      expect(at(after, `a-${name}`, "TXT")).toEqual([]);
      expect(at(after, `_gslb-a.${name}`, "TXT")[0]?.ResourceRecords?.[0]?.Value).toMatch(
        /^"heritage=route53-gslb,owner=cluster-1,/,
      );
    }
    // cluster-1 publishes no AAAA for an IPv4 balancer: external-dns's alias AAAA stays team-a's.
    expect(at(after, "near", "AAAA")).toEqual(at(before, "near", "AAAA"));
    expect(at(after, "aaaa-near", "TXT")).toEqual(at(before, "aaaa-near", "TXT"));
  });

  it("never deleted a member, and removed external-dns's TXT in the request that wrote cluster-1's", () => {
    const all = batches.flat();
    expect(all.filter((c) => c.startsWith("DELETE") && !/ TXT( |$)/.test(c))).toEqual([]);
    expect(all.filter((c) => / (pos|near)\.adopt\.example\.com\. (A|AAAA)/.test(c))).toEqual([
      `UPSERT near.${DOMAIN}. A cluster-1`,
    ]);
    for (const name of ["pos", "near"]) {
      const batch = batches.find((b) => b.includes(`CREATE _gslb-a.${name}.${DOMAIN}. TXT cluster-1`));
      expect(batch, `the request that writes ${name}'s ownership record`).toContain(
        `DELETE a-${name}.${DOMAIN}. TXT cluster-1`,
      );
    }
  });

  it("plans nothing more afterwards, and reports nothing (--strict)", async () => {
    const again = await run(
      "plan",
      "--detailed-exitcode",
      "--strict",
      "--adopt-external-dns-owner",
      "team-a",
    );
    expect(again.stdout).toMatch(/No changes\./);
    expect(again.code).toBe(0);
  });
});
