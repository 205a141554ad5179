// Every AWS call the commands make is allowed by the policy `route53-gslb iam-policy` prints for them
// and by the policies shipped in iam/. "Every call" is not a list written by hand: the commands run
// against moto through the fault proxy, which logs each request (operation, path, signing key, body),
// and each logged request is evaluated against the policies — its action, its resources (zone and
// health-check ARNs) and, for record changes, Route 53's condition keys computed from the change
// batch actually sent (names, types, actions). moto itself checks only actions (see
// iam-enforced-on-moto.test.ts), so resources and conditions are decided by the evaluator in
// test/fixtures/iam-policy-evaluator.ts, which has its own unit tests.

import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BookinfoOnMoto, bookinfoOnMoto, cli, DOMAIN } from "../apply/bookinfo-on-moto.js";
import { ACCOUNT_B, roleCredentials } from "../credentials/credentials-on-moto.js";
import {
  defaultSubnetIds,
  elbv2Client,
  motoEndpoint,
  resetMoto,
  route53Client,
  TEST_CREDENTIALS,
} from "../peers/aws.js";
import { type FaultProxy, type ProxyRequestLog, startFaultProxy } from "../peers/fault-proxy.js";
import { denied, generated, iamRequestOf, shippedPolicy } from "./iam-requests.js";

/** The operations of a log, each once, sorted. */
const operations = (log: readonly ProxyRequestLog[]) =>
  [...new Set(log.filter((e) => e.operation !== "MotoApi").map((e) => e.operation))].sort();

/** A LoadBalancer Service published at `hosts`, with `ingress` and route53-gslb annotations. */
function service(name: string, hosts: string[], ingress: string, annotations: Record<string, string> = {}) {
  const extra = Object.entries(annotations)
    .map(([k, v]) => `    route53-gslb.io/${k}: "${v}"\n`)
    .join("");
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
  annotations:
    route53-gslb.io/hostnames: "${hosts.join(",")}"
${extra}spec:
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
      - ${ingress}
`;
}

async function manifests(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "r53gslb-iam-"));
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
  return dir;
}

const EXCLUDED = `internal.${DOMAIN}`;
/** A failover primary with a health check of its own (an IP target needs the host to call). */
const FAILOVER = {
  "routing-policy": "failover",
  failover: "primary",
  "health-check": "auto",
  "health-check-host": "health.example.net",
};

/**
 * Names beyond bookinfo's: a wildcard, the zone apex, an IPv6 member, a CNAME, health-checked
 * failover members, and a name under --exclude-domain (skipped, never written).
 */
const FIRST = {
  "wildcard.yaml": service("wildcard", [`*.apps.${DOMAIN}`], "ip: 192.0.2.10"),
  "apex.yaml": service("apex", [DOMAIN], "ip: 192.0.2.11"),
  "v6.yaml": service("v6", [`v6.${DOMAIN}`], "ip: 2001:db8::1"),
  "cname.yaml": service("cname", [`www.${DOMAIN}`], "ip: 192.0.2.12", { target: "web.example.net" }),
  "checked.yaml": service("checked", [`checked.${DOMAIN}`], "ip: 192.0.2.13", FAILOVER),
  "gone.yaml": service("gone", [`gone.${DOMAIN}`], "ip: 192.0.2.14", FAILOVER),
  "internal.yaml": service("internal", [`db.${EXCLUDED}`], "ip: 192.0.2.15"),
};
/** The second apply: an UPSERT, a DELETE, a replacement, a health check updated and one deleted. */
const SECOND = {
  ...FIRST,
  "wildcard.yaml": service("wildcard", [`*.apps.${DOMAIN}`], "ip: 192.0.2.20"),
  "v6.yaml": "",
  "cname.yaml": service("cname", [`www.${DOMAIN}`], "ip: 192.0.2.12"),
  "checked.yaml": service("checked", [`checked.${DOMAIN}`], "ip: 192.0.2.13", {
    ...FAILOVER,
    "health-check-path": "/ready",
  }),
  "gone.yaml": "",
};

describe("every AWS call of every command is allowed by the generated and the shipped policies", () => {
  let proxy: FaultProxy;
  let b: BookinfoOnMoto;
  let zoneId: string;
  const logs: Partial<Record<string, ProxyRequestLog[]>> = {};
  const zoneFlags = () => ["--domain-filter", DOMAIN, "--exclude-domain", EXCLUDED, "--zone-id", zoneId];

  /** Run one command through the proxy and keep its log under `label`. */
  async function logged(label: string, args: string[]): Promise<void> {
    proxy.resetCounts();
    const run = await cli([...args, "--aws-endpoint", proxy.endpoint]);
    if (run.code !== 0) throw new Error(`${label} failed (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
    // Of this test's own objects (namespace shop; bookinfo skips some of its own on purpose) only the
    // one under --exclude-domain may be skipped.
    const skipped = run.stdout
      .split("\n")
      .filter((l) => l.includes("* Service shop/") && !l.includes(EXCLUDED));
    if (skipped.length > 0) throw new Error(`${label} skipped objects:\n${skipped.join("\n")}`);
    logs[label] = [...proxy.log];
    const failed = proxy.log.filter((e) => (e.upstreamStatus ?? 0) >= 400);
    if (failed.length > 0)
      throw new Error(`${label}: moto refused ${failed.map((e) => e.operation).join(", ")}`);
  }

  beforeAll(async () => {
    await resetMoto();
    b = await bookinfoOnMoto(motoEndpoint());
    zoneId = b.zoneId;
    proxy = await startFaultProxy(motoEndpoint(), []);
    const first = await manifests(FIRST);
    const second = await manifests(SECOND);
    const cluster = ["--cluster-name", "cluster-1", ...zoneFlags()];
    await logged("apply (create)", ["apply", "-f", b.dirs["cluster-1"], "-f", first, ...cluster]);
    await logged("apply (update, delete)", [
      "apply",
      "-f",
      b.dirs["cluster-1"],
      "-f",
      second,
      ...cluster,
      "--max-deletions",
      "100%",
    ]);
    await logged("plan --zones aws", [
      "plan",
      "-f",
      b.dirs["cluster-1"],
      "-f",
      second,
      "--zones",
      "aws",
      ...cluster,
    ]);
    await logged("status", ["status", ...zoneFlags()]);
    await logged("drain", ["drain", ...cluster]);
    await logged("undrain", ["undrain", ...cluster]);
  }, 300_000);
  afterAll(async () => {
    await proxy?.close();
  });

  it("the runs made every kind of call the policies cover", () => {
    expect(
      operations([...(logs["apply (create)"] ?? []), ...(logs["apply (update, delete)"] ?? [])]),
    ).toEqual([
      "ChangeResourceRecordSets",
      "ChangeTagsForResource",
      "CreateHealthCheck",
      "DeleteHealthCheck",
      "DescribeLoadBalancers",
      "ListHealthChecks",
      "ListHostedZones",
      "ListResourceRecordSets",
      "ListTagsForResources",
      "UpdateHealthCheck",
    ]);
    expect(operations(logs.status ?? [])).toContain("GetHealthCheckStatus");
    expect(operations(logs.drain ?? [])).toEqual(
      expect.arrayContaining(["ChangeResourceRecordSets", "UpdateHealthCheck", "ChangeTagsForResource"]),
    );
    // The change batches really hold what the names and types conditions are about.
    const changes = Object.values(logs)
      .flatMap((log) => log ?? [])
      .filter((e) => e.operation === "ChangeResourceRecordSets")
      .map((e) => iamRequestOf(e).context ?? {});
    const all = (key: string) => new Set(changes.flatMap((c) => c[key] ?? []));
    expect([...all("route53:ChangeResourceRecordSetsRecordTypes")].sort()).toEqual([
      "A",
      "AAAA",
      "CNAME",
      "TXT",
    ]);
    expect([...all("route53:ChangeResourceRecordSetsActions")].sort()).toEqual([
      "CREATE",
      "DELETE",
      "UPSERT",
    ]);
    const names = all("route53:ChangeResourceRecordSetsNormalizedRecordNames");
    expect(names).toContain(`\\052.apps.${DOMAIN}`);
    expect(names).toContain(`_gslb-a._wildcard.apps.${DOMAIN}`);
    expect(names).toContain(DOMAIN);
    expect([...names].filter((n) => n.endsWith(EXCLUDED))).toEqual([]);
  });

  // command run → the iam-policy --commands it needs, the shipped policy for it
  const runs: [string, string, string][] = [
    ["apply (create)", "apply", "policy.json"],
    ["apply (update, delete)", "apply", "policy.json"],
    ["plan --zones aws", "plan", "policy-readonly.json"],
    ["status", "status", "policy-readonly.json"],
    ["drain", "drain", "policy.json"],
    ["undrain", "undrain", "policy.json"],
  ];

  it.each(runs)("%s: allowed by iam-policy --commands %s", async (label, command) => {
    const log = logs[label] ?? [];
    expect(log.length).toBeGreaterThan(0);
    // The run's own flags; then zone ids alone, and domain filters alone (zones as hostedzone/*).
    expect(denied(log, await generated(["--commands", command, ...zoneFlags()]))).toEqual([]);
    expect(denied(log, await generated(["--commands", command, "--zone-id", zoneId]))).toEqual([]);
    expect(denied(log, await generated(["--commands", command, "--domain-filter", DOMAIN]))).toEqual([]);
    // What a Deployment gets by default (the controller: apply's calls) covers apply's runs too.
    if (command === "apply") expect(denied(log, await generated(zoneFlags()))).toEqual([]);
  });

  it.each(runs)("%s: allowed by iam/%s", (label, _, file) => {
    const policy = shippedPolicy(file, { ZONE_ID_1: zoneId, ZONE_ID_2: "Z0UNUSEDZONE" });
    expect(denied(logs[label] ?? [], policy)).toEqual([]);
  });

  it("the checks can fail: narrower policies deny calls these runs made", async () => {
    const apply = [...(logs["apply (create)"] ?? []), ...(logs["apply (update, delete)"] ?? [])];
    // A read-only policy denies every write.
    expect(denied(apply, await generated(["--commands", "plan", ...zoneFlags()]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ChangeResourceRecordSets /)]),
    );
    // Another domain: the names condition denies every record change.
    expect(denied(apply, await generated(["--domain-filter", "example.org"]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ChangeResourceRecordSets .*hostedzone\//)]),
    );
    // Another zone id: reads and changes of this zone are denied.
    expect(denied(apply, await generated(["--zone-id", "Z0OTHERZONE"]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ListResourceRecordSets /)]),
    );
    // No health checks: creating one is denied; no load balancers: the lookup is.
    expect(
      denied(apply, await generated(["--no-health-checks", "--no-load-balancers", ...zoneFlags()])),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CreateHealthCheck /),
        expect.stringMatching(/^DescribeLoadBalancers /),
      ]),
    );
    // create-only allows no UPSERT or DELETE; drain's UPSERTs need --commands drain.
    expect(denied(apply, await generated(["--policy", "create-only", ...zoneFlags()]))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ChangeResourceRecordSets .*no statement allows it/)]),
    );
    expect(denied(logs.drain ?? [], await generated(["--commands", "status", ...zoneFlags()]))).not.toEqual(
      [],
    );
    // Excluding a domain the runs wrote to denies those writes outright.
    expect(
      denied(apply, await generated(["--domain-filter", DOMAIN, "--exclude-domain", `apps.${DOMAIN}`])),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/a statement denies it$/)]));
  });
});

describe("a central DNS account: each identity's calls are allowed by its own role's policy", () => {
  const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/route53-gslb-dns`;
  const CENTRAL = "central.example.com";
  const COMMANDS = ["apply", "status", "drain"] as const;
  let proxy: FaultProxy;
  let zoneId: string;
  const logs: Partial<Record<(typeof COMMANDS)[number], ProxyRequestLog[]>> = {};

  beforeAll(async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    const inB = route53Client(endpoint, { credentials: roleCredentials(endpoint, ACCOUNT_B) });
    const zone = await inB.send(
      new CreateHostedZoneCommand({ Name: `${CENTRAL}.`, CallerReference: "iam-central" }),
    );
    inB.destroy();
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    const elb = elbv2Client(endpoint);
    const lb = await elb.send(
      new CreateLoadBalancerCommand({
        Name: "central",
        Subnets: await defaultSubnetIds(endpoint),
        Type: "application",
        Scheme: "internet-facing",
      }),
    );
    elb.destroy();
    const dns = (lb.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase();
    const dir = await manifests({
      "web.yaml": service("web", [`web.${CENTRAL}`], `hostname: ${dns}`),
      "checked.yaml": service("checked", [`checked.${CENTRAL}`], "ip: 192.0.2.30", FAILOVER),
    });
    proxy = await startFaultProxy(endpoint, []);
    const role = ["--aws-assume-role", ROLE, "--aws-assume-role-external-id", "x"];
    const flags = ["--domain-filter", CENTRAL, "--aws-endpoint", proxy.endpoint, ...role];
    const args = {
      apply: ["apply", "-f", dir, "--cluster-name", "c1", ...flags],
      status: ["status", ...flags],
      drain: ["drain", "--cluster-name", "c1", ...flags],
    };
    for (const command of COMMANDS) {
      proxy.resetCounts();
      const run = await cli(args[command]);
      if (run.code !== 0 || run.stdout.includes("* Service shop/"))
        throw new Error(`${command} failed or skipped an object:\n${run.stdout}\n${run.stderr}`);
      logs[command] = [...proxy.log];
    }
  }, 180_000);
  afterAll(async () => {
    await proxy?.close();
  });

  /** The cluster's own calls (signed with its static keys) and the assumed DNS role's. */
  const own = (command: (typeof COMMANDS)[number]) =>
    (logs[command] ?? []).filter((e) => e.accessKeyId === TEST_CREDENTIALS.accessKeyId);
  const assumed = (command: (typeof COMMANDS)[number]) =>
    (logs[command] ?? []).filter(
      (e) => e.operation !== "MotoApi" && e.accessKeyId !== TEST_CREDENTIALS.accessKeyId,
    );
  const forRole = (command: string, role: "cluster" | "dns-account", zones: string[]) =>
    generated(["--commands", command, ...zones, "--aws-assume-role", ROLE, "--for", role]);

  it("the cluster's own keys made only STS and ELBv2 calls; the role made the Route 53 ones", () => {
    expect(operations(own("apply"))).toEqual(["AssumeRole", "DescribeLoadBalancers"]);
    expect(operations(own("status"))).toEqual(["AssumeRole"]);
    expect(new Set(COMMANDS.flatMap((c) => assumed(c)).map((e) => e.service))).toEqual(new Set(["route53"]));
    expect(operations(assumed("apply"))).toEqual(
      expect.arrayContaining(["ChangeResourceRecordSets", "CreateHealthCheck", "ChangeTagsForResource"]),
    );
    expect(operations(assumed("status"))).toContain("GetHealthCheckStatus");
  });

  it.each(COMMANDS)(
    "%s: the cluster role's calls are allowed by iam-policy --for cluster and iam/cluster-role-policy-central-dns.json",
    async (command) => {
      const policy = await forRole(command, "cluster", ["--domain-filter", CENTRAL]);
      expect(denied(own(command), policy)).toEqual([]);
      const shipped = shippedPolicy("cluster-role-policy-central-dns.json", { DNS_ACCOUNT_ID: ACCOUNT_B });
      expect(denied(own(command), shipped)).toEqual([]);
      // The cluster role's policy allows the DNS role's calls no Route 53 call, and the other way round.
      expect(denied(assumed(command), policy)).not.toEqual([]);
      const dnsPolicy = await forRole(command, "dns-account", ["--domain-filter", CENTRAL]);
      expect(denied(own(command), dnsPolicy)).not.toEqual([]);
    },
  );

  it.each(COMMANDS)(
    "%s: the DNS role's calls are allowed by iam-policy --for dns-account",
    async (command) => {
      for (const zones of [
        ["--zone-id", zoneId],
        ["--domain-filter", CENTRAL],
      ]) {
        expect(denied(assumed(command), await forRole(command, "dns-account", zones))).toEqual([]);
      }
    },
  );

  it("iam/dns-account-policy.json allows the DNS role's calls of apply and drain; status needs GetHealthCheckStatus besides", () => {
    const shipped = shippedPolicy("dns-account-policy.json", {
      ZONE_ID_1: zoneId,
      ZONE_ID_2: "Z0UNUSEDZONE",
    });
    expect(denied(assumed("apply"), shipped)).toEqual([]);
    expect(denied(assumed("drain"), shipped)).toEqual([]);
    // The file is policy.json's Route 53 part, for the controller; docs/iam.md says what status adds.
    expect(new Set(denied(assumed("status"), shipped).map((d) => d.split(" ")[0]))).toEqual(
      new Set(["GetHealthCheckStatus"]),
    );
  });
});
