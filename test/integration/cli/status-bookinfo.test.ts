import { ChangeResourceRecordSetsCommand, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { beforeAll, describe, expect, it } from "vitest";
import type { StatusJson, StatusJsonMember } from "../../../src/report/status-json.js";
import {
  applyBoth,
  type BookinfoOnMoto,
  bookinfoOnMoto,
  cli,
  DOMAIN,
  member,
} from "../apply/bookinfo-on-moto.js";
import { listZoneRecords, motoEndpoint, resetMoto, route53Client } from "../peers/aws.js";
import { startFaultProxy } from "../peers/fault-proxy.js";

/**
 * `route53-gslb status` run through the CLI entry point against moto, after both clusters applied
 * bookinfo: the view must hold every member of both clusters as Route 53 holds them, read through the
 * real SDK over HTTP. moto's GetHealthCheckStatus always answers one successful observation.
 */

/** A member someone added by hand to the managed bookinfo set, with a health check that does not exist. */
const HAND_MADE_CHECK = "00000000-0000-4000-8000-00000000dead";
const handMade: ResourceRecordSet = {
  Name: `bookinfo.${DOMAIN}.`,
  Type: "A",
  SetIdentifier: "maintenance",
  Weight: 0,
  TTL: 60,
  ResourceRecords: [{ Value: "203.0.113.10" }],
  HealthCheckId: HAND_MADE_CHECK,
};

/** The A member of `<name>.<DOMAIN>.` with `setIdentifier` in a status document. */
function shown(json: StatusJson, name: string, setIdentifier: string): StatusJsonMember | undefined {
  return json.names
    .find((n) => n.name === `${name}.${DOMAIN}.`)
    ?.members.find((m) => m.type === "A" && m.setIdentifier === setIdentifier);
}

describe("status against moto: bookinfo applied from two clusters", () => {
  let b: BookinfoOnMoto;
  let endpoint: string;
  let records: ResourceRecordSet[];

  beforeAll(async () => {
    endpoint = motoEndpoint();
    await resetMoto(endpoint);
    b = await bookinfoOnMoto(endpoint);
    await applyBoth(b, endpoint);
    await route53Client(endpoint).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: b.zoneId,
        ChangeBatch: { Changes: [{ Action: "CREATE", ResourceRecordSet: handMade }] },
      }),
    );
    records = await listZoneRecords(b.zoneId, endpoint);
  });

  const status = (...extra: string[]) =>
    cli(["status", "--domain-filter", DOMAIN, "--aws-endpoint", endpoint, ...extra]);

  /** What Route 53 holds for one member, as listed independently of the command. */
  function listed(name: string, setIdentifier: string): ResourceRecordSet {
    const found = member(records, name, setIdentifier);
    if (!found) throw new Error(`${name} ${setIdentifier} is not in the zone`);
    // moto lists alias records with `TTL: 0`; Route 53 lists none, and an alias has no TTL in the model.
    if (found.AliasTarget) {
      const { TTL: _ttl, ...alias } = found;
      return alias;
    }
    return found;
  }

  it("lists every member of both clusters with owner, routing, target, health check and health (JSON)", async () => {
    const run = await status("--output", "json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as StatusJson;
    expect(json.version).toBe(1);
    // docs.… is hand-made and has no ownership record: not a managed name.
    expect(json.names.map((n) => [n.zoneId, n.name, n.summary])).toEqual([
      [b.zoneId, `bookinfo.${DOMAIN}.`, { members: 3, healthy: 0 }],
      [b.zoneId, `ratings.${DOMAIN}.`, { members: 2, healthy: 1 }],
      [b.zoneId, `reviews.${DOMAIN}.`, { members: 2, healthy: 0 }],
    ]);
    expect(json.summary).toEqual({ names: 3, members: 7, healthy: 1 });

    const rows = json.names.flatMap((n) =>
      n.members.map((m) => [
        n.name.split(".")[0],
        m.type,
        m.setIdentifier,
        m.owner?.id ?? "-",
        m.owner?.source ?? "-",
        m.recordSet.Weight ?? m.recordSet.Region ?? m.recordSet.Failover,
        m.health.status,
      ]),
    );
    const httpRoute = "gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo";
    const istio = "networking.istio.io/Gateway bookinfo/reviews-gateway";
    const tetrate = "gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway";
    expect(rows).toEqual([
      ["bookinfo", "A", "cluster-1", "cluster-1", httpRoute, 50, "none"],
      ["bookinfo", "A", "cluster-2", "cluster-2", httpRoute, 50, "none"],
      ["bookinfo", "A", "maintenance", "-", "-", 0, "unknown"],
      ["ratings", "A", "cluster-1", "cluster-1", tetrate, "PRIMARY", "healthy"],
      ["ratings", "A", "cluster-2", "cluster-2", tetrate, "SECONDARY", "none"],
      ["reviews", "A", "cluster-1", "cluster-1", istio, "eu-west-2", "none"],
      ["reviews", "A", "cluster-2", "cluster-2", istio, "eu-west-1", "none"],
    ]);

    // Each member's record set is what Route 53 holds, health check id included.
    for (const [name, set] of [
      ["bookinfo", "cluster-1"],
      ["bookinfo", "cluster-2"],
      ["ratings", "cluster-1"],
      ["ratings", "cluster-2"],
      ["reviews", "cluster-1"],
      ["reviews", "cluster-2"],
    ] as const) {
      expect(shown(json, name, set)?.recordSet).toEqual(listed(name, set));
    }
    const primary = shown(json, "ratings", "cluster-1");
    expect(primary?.healthCheckId).toMatch(/^[0-9a-f-]{36}$/);
    expect(primary?.healthCheckId).toBe(listed("ratings", "cluster-1").HealthCheckId);
    expect(primary?.health).toEqual({ status: "healthy", checkers: 1, reportingSuccess: 1 });
    expect(shown(json, "bookinfo", "cluster-1")?.recordSet.AliasTarget?.DNSName).toBe(
      `${b.loadBalancers.get("k8s-bookinfo-bookinfo-5f3e2a1b9c-1234567890.eu-west-2.elb.amazonaws.com")}.`,
    );
    // The hand-made member's health check does not exist: unknown, with Route 53's answer as the reason.
    expect(shown(json, "bookinfo", "maintenance")).toMatchObject({
      owner: null,
      healthCheckId: HAND_MADE_CHECK,
      health: {
        status: "unknown",
        reason: expect.stringMatching(/^GetHealthCheckStatus failed: NoSuchHealthCheck/),
      },
    });
  });

  it("prints the same view as text, one line per member and its owner and health", async () => {
    const run = await status();
    expect(run.code).toBe(0);
    const lb = (example: string) => b.loadBalancers.get(example);
    const ratings = lb("k8s-bookinfo-bookinfo-6b7c8d9e0f-1122334455667788.elb.eu-west-2.amazonaws.com");
    const checkId = listed("ratings", "cluster-1").HealthCheckId;
    expect(run.stdout).toContain(
      `Zone ${DOMAIN} (${b.zoneId}):\n  bookinfo.${DOMAIN}: 3 members, 0 healthy\n`,
    );
    expect(run.stdout).toContain(
      `  ratings.${DOMAIN}: 2 members, 1 healthy\n` +
        `    A failover set=cluster-1 PRIMARY -> alias ${ratings} (zone ${listed("ratings", "cluster-1").AliasTarget?.HostedZoneId}, evaluate-target-health) health-check=${checkId}\n` +
        "      owner cluster-1 (gateway.tsb.tetrate.io/Gateway bookinfo/ratings-gateway), health healthy (1 of 1 checkers report success)\n",
    );
    expect(run.stdout).toContain(
      "    A weighted set=maintenance weight=0 -> 203.0.113.10 ttl=60 health-check=" +
        `${HAND_MADE_CHECK}\n      owner -, health unknown (GetHealthCheckStatus failed: NoSuchHealthCheck`,
    );
    expect(run.stdout).not.toContain("docs.");
    expect(run.stdout.endsWith("3 managed names, 7 members, 1 healthy.\n")).toBe(true);
  });

  it("--hostname limits the view to those names and names the ones that are not managed", async () => {
    const run = await status(
      "--hostname",
      `Ratings.${DOMAIN}.`,
      "--hostname",
      `docs.${DOMAIN}`,
      "--output",
      "json",
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as StatusJson;
    expect(json.names.map((n) => n.name)).toEqual([`ratings.${DOMAIN}.`]);
    expect(json.unmatchedHostnames).toEqual([`docs.${DOMAIN}`]);
    expect(json.summary).toEqual({ names: 1, members: 2, healthy: 1 });
  });

  it("reads only zones, records and health: one GetHealthCheckStatus per check, no load balancer", async () => {
    const proxy = await startFaultProxy(endpoint, []);
    try {
      const run = await cli(["status", "--domain-filter", DOMAIN, "--aws-endpoint", proxy.endpoint]);
      expect(run.code).toBe(0);
      expect(Object.keys(proxy.counts()).sort()).toEqual([
        "GetHealthCheckStatus",
        "ListHealthChecks",
        "ListHostedZones",
        "ListResourceRecordSets",
        "ListTagsForResources",
      ]);
      // The ratings primary's check and the hand-made member's (missing) one.
      expect(proxy.count("GetHealthCheckStatus").total).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it("shows nothing of zones outside the filters", async () => {
    const run = await status("--zone-type", "private", "--output", "json");
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as StatusJson).names).toEqual([]);
  });
});

describe("status against moto: after route53-gslb drain", () => {
  it("marks the drained cluster's members, and shows their weight 0", async () => {
    const endpoint = motoEndpoint();
    await resetMoto(endpoint);
    const b = await bookinfoOnMoto(endpoint);
    await applyBoth(b, endpoint);
    const aws = ["--domain-filter", DOMAIN, "--aws-endpoint", endpoint];
    const drain = await cli(["drain", "--cluster-name", "cluster-1", ...aws]);
    expect(drain.code, drain.stderr).toBe(0);

    const run = await cli(["status", ...aws, "--output", "json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as StatusJson;
    expect(shown(json, "bookinfo", "cluster-1")).toMatchObject({ owner: { id: "cluster-1", drained: true } });
    expect(shown(json, "bookinfo", "cluster-1")?.recordSet.Weight).toBe(0);
    expect(shown(json, "ratings", "cluster-1")?.owner?.drained).toBe(true);
    // Its check is Inverted: moto's checkers report success, so Route 53 reads it unhealthy.
    expect(shown(json, "ratings", "cluster-1")?.health).toEqual({
      status: "unhealthy",
      checkers: 1,
      reportingSuccess: 1,
      inverted: true,
    });
    for (const name of ["bookinfo", "ratings", "reviews"]) {
      expect(shown(json, name, "cluster-2")?.owner?.drained).toBe(false);
    }
    const text = await cli(["status", ...aws]);
    expect(text.stdout).toContain(
      "      owner cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo), drained, health -\n",
    );
  });
});
