import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateLoadBalancerCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../apply/bookinfo-on-moto.js";
import {
  defaultSubnetIds,
  elbv2Client,
  listZoneRecords,
  motoEndpoint,
  resetMoto,
  route53Client,
} from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";

/*
 * A policy switch across two clusters (docs/planning.md "Policy switches"), through the CLI against
 * moto with the real SDK: `shop` is served by cluster-1 (eu-west-2) and cluster-2 (eu-west-1), each
 * planning and applying only its own manifests with its own --cluster-name, as their controllers
 * would. Both move the name from failover to latency; neither may touch the other's member until
 * both want it, and then one request moves both.
 */

const DOMAIN = "switch.example.com";
const SHOP = `shop.${DOMAIN}.`;
const P = "route53-gslb.io/";
type Cluster = "cluster-1" | "cluster-2";

/** A LoadBalancer Service for `shop` behind `lb`, with the routing annotations given. */
function shop(lb: string, annotations: Record<string, string>): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "shop",
      namespace: "default",
      annotations: { [`${P}hostnames`]: `shop.${DOMAIN}`, ...annotations },
    },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ hostname: lb }] } },
  });
}

describe("policy switch across two clusters on moto", () => {
  let endpoint: string;
  let zoneId: string;
  let dir: string;
  const lbs = new Map<Cluster, string>();

  beforeEach(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    const zone = await route53Client(endpoint).send(
      new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `switch-${Date.now()}` }),
    );
    zoneId = (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
    for (const [cluster, region] of [
      ["cluster-1", "eu-west-2"],
      ["cluster-2", "eu-west-1"],
    ] as const) {
      const out = await elbv2Client(endpoint, region).send(
        new CreateLoadBalancerCommand({
          Name: `shop-${cluster}`,
          Subnets: await defaultSubnetIds(endpoint, region),
          Type: "network",
          Scheme: "internet-facing",
        }),
      );
      lbs.set(cluster, (out.LoadBalancers?.[0]?.DNSName ?? "").toLowerCase());
    }
    dir = mkdtempSync(join(tmpdir(), "switch-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** One cluster's manifests for `shop`, in a file of their own. */
  function manifest(cluster: Cluster, annotations: Record<string, string>): string {
    const file = join(dir, `${cluster}-${Object.values(annotations).join("-")}.yaml`);
    writeFileSync(file, shop(lbs.get(cluster) ?? "", annotations));
    return file;
  }
  const failover = (cluster: Cluster) =>
    manifest(cluster, {
      [`${P}routing-policy`]: "failover",
      [`${P}failover`]: cluster === "cluster-1" ? "primary" : "secondary",
    });
  // cluster-1 keeps the health check it had as PRIMARY, so its member is the same before and after.
  const latency = (cluster: Cluster) =>
    manifest(cluster, {
      [`${P}routing-policy`]: "latency",
      ...(cluster === "cluster-1" ? { [`${P}health-check`]: "auto" } : {}),
    });
  const weighted = (cluster: Cluster) => manifest(cluster, { [`${P}routing-policy`]: "weighted" });

  const run = (
    command: "plan" | "apply",
    cluster: Cluster,
    file: string,
    at = endpoint,
    ...extra: string[]
  ) =>
    cli([
      command,
      "-f",
      file,
      "--cluster-name",
      cluster,
      "--domain-filter",
      DOMAIN,
      "--aws-endpoint",
      at,
      ...(command === "plan" ? ["--zones", "aws", "--detailed-exitcode"] : []),
      ...extra,
    ]);
  async function applied(cluster: Cluster, file: string, at = endpoint): Promise<string> {
    const out = await run("apply", cluster, file, at);
    expect([cluster, out.stderr, out.code]).toEqual([cluster, "", 0]);
    return out.stdout;
  }

  const shopMembers = async (): Promise<ResourceRecordSet[]> =>
    (await listZoneRecords(zoneId, endpoint))
      .filter((r) => r.Name === SHOP && r.Type === "A")
      .sort((a, b) => (a.SetIdentifier ?? "").localeCompare(b.SetIdentifier ?? ""));
  const ownership = async (cluster: Cluster): Promise<string> =>
    (await listZoneRecords(zoneId, endpoint)).find(
      (r) => r.Name === `_gslb-a.${SHOP}` && r.SetIdentifier === cluster,
    )?.ResourceRecords?.[0]?.Value ?? "";

  it("failover to latency: the first cluster waits, the second's wish converts both in one request", async () => {
    await applied("cluster-1", failover("cluster-1"));
    await applied("cluster-2", failover("cluster-2"));
    const before = await shopMembers();
    expect(before.map((m) => [m.SetIdentifier, m.Failover])).toEqual([
      ["cluster-1", "PRIMARY"],
      ["cluster-2", "SECONDARY"],
    ]);
    const primaryCheck = before[0]?.HealthCheckId;
    expect(primaryCheck).toMatch(/^[0-9a-f-]{36}$/);

    // cluster-1 alone wants latency: it waits, says for whom, and only records its wish.
    const waiting = await run("plan", "cluster-1", latency("cluster-1"));
    expect(waiting.stdout).toMatch(
      /\. shop\.switch\.example\.com A: failover -> latency region=eu-west-2, waiting for cluster-2 \(wants failover SECONDARY\)/,
    );
    expect(waiting.stdout).not.toMatch(/cannot mix/);
    expect(waiting.code).toBe(2);
    await applied("cluster-1", latency("cluster-1"));
    expect(await shopMembers()).toEqual(before);
    expect(await ownership("cluster-1")).toMatch(/,policy=latency,region=eu-west-2"$/);
    // Waiting is a steady state: nothing more to write, and the report stays.
    const still = await run("plan", "cluster-1", latency("cluster-1"));
    expect([still.code, still.stdout.includes("waiting for cluster-2")]).toEqual([0, true]);

    // cluster-2's wish completes the set: its apply converts both members, in one request.
    const proxy = await startFaultProxy(endpoint, []);
    try {
      await applied("cluster-2", latency("cluster-2"), proxy.endpoint);
      const writes = proxy.log.filter((r) => r.operation === "ChangeResourceRecordSets");
      expect(writes.length).toBe(1);
      const body = writes[0]?.body ?? "";
      const changes = [
        ...body.matchAll(
          /<Action>(\w+)<\/Action><ResourceRecordSet><Name>([^<]+)<\/Name><Type>(\w+)<\/Type><SetIdentifier>([^<]+)</g,
        ),
      ].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
      expect(changes.sort()).toEqual(
        [
          `DELETE ${SHOP} A cluster-1`,
          `DELETE ${SHOP} A cluster-2`,
          `CREATE ${SHOP} A cluster-1`,
          `CREATE ${SHOP} A cluster-2`,
          `DELETE _gslb-a.${SHOP} TXT cluster-1`,
          `CREATE _gslb-a.${SHOP} TXT cluster-1`,
        ].sort(),
      );
    } finally {
      await proxy.close();
    }

    // Both members are latency members now, each with its own target and region; cluster-1's keeps
    // its health check; neither ownership record still asks for anything.
    const after = await shopMembers();
    expect(after.map((m) => [m.SetIdentifier, m.Region, m.Failover, m.AliasTarget?.DNSName])).toEqual([
      ["cluster-1", "eu-west-2", undefined, before[0]?.AliasTarget?.DNSName],
      ["cluster-2", "eu-west-1", undefined, before[1]?.AliasTarget?.DNSName],
    ]);
    expect(after[0]?.HealthCheckId).toBe(primaryCheck);
    expect(await ownership("cluster-1")).not.toMatch(/policy=/);
    expect(await ownership("cluster-2")).not.toMatch(/policy=/);

    // The switch is over: both clusters' plans are empty.
    for (const cluster of ["cluster-1", "cluster-2"] as const) {
      const again = await run("plan", cluster, latency(cluster));
      expect([cluster, again.code, again.stdout]).toEqual([cluster, 0, expect.stringMatching(/No changes/)]);
      expect(again.stdout).not.toMatch(/Policy switches/);
    }
  });

  it("a member nobody owns blocks the switch: reported, and nothing but the wishes written", async () => {
    await applied("cluster-1", weighted("cluster-1"));
    await applied("cluster-2", weighted("cluster-2"));
    // A member someone made by hand, with no ownership record.
    const legacy: ResourceRecordSet = {
      Name: SHOP,
      Type: "A",
      SetIdentifier: "legacy",
      Weight: 10,
      TTL: 60,
      ResourceRecords: [{ Value: "192.0.2.10" }],
    };
    await route53Client(endpoint).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: { Changes: [{ Action: "CREATE", ResourceRecordSet: legacy }] },
      }),
    );
    const before = await shopMembers();
    expect(before.map((m) => m.SetIdentifier)).toEqual(["cluster-1", "cluster-2", "legacy"]);

    await applied("cluster-1", latency("cluster-1"));
    const out = await applied("cluster-2", latency("cluster-2"));
    expect(out).toMatch(
      /! shop\.switch\.example\.com A: weighted -> latency region=eu-west-1, blocked: set legacy has no ownership record: a member nobody here owns/,
    );
    // Both wishes are recorded, no member changed: the name answers as before.
    expect(await shopMembers()).toEqual(before);
    expect(await ownership("cluster-1")).toMatch(/policy=latency,region=eu-west-2/);
    expect(await ownership("cluster-2")).toMatch(/policy=latency,region=eu-west-1/);
    const json = await run("plan", "cluster-1", latency("cluster-1"), endpoint, "--output", "json");
    const plan = JSON.parse(json.stdout) as { policySwitches: { state: string; blockedBy: string }[] };
    expect(plan.policySwitches).toEqual([
      expect.objectContaining({ state: "blocked", blockedBy: expect.stringMatching(/set legacy/) }),
    ]);
  });
});
