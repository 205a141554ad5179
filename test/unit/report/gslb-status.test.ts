import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ZoneFilter } from "../../../src/config/config.js";
import type { HealthCheckObservations } from "../../../src/model/health-check.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import {
  buildGslbStatus,
  type GslbStatusInput,
  healthCheckIdsToRead,
  healthFromObservations,
  type MemberHealth,
  statusIdsToRead,
} from "../../../src/report/gslb-status.js";
import { resourceId } from "../../fixtures/planner.js";
import {
  bookinfoHandMade,
  bookinfoWeighted50Cluster1,
  bookinfoWeighted50Cluster2,
  bookinfoZone,
  DOMAIN,
  FILTER,
  HTTPROUTE,
  otherZone,
  ratingsFailoverPrimaryA,
  ratingsFailoverPrimaryAAAA,
  ratingsFailoverSecondary,
  reviewsLatencyCluster1,
  statusInput,
  TETRATE,
  ZONE_ID,
} from "../../fixtures/status.js";

const success = (n: number) => Array.from({ length: n }, () => "Success: HTTP Status Code 200, OK");
const failure = (n: number) => Array.from({ length: n }, () => "Failure: Connection timed out.");
const observed = (statuses: string[]): HealthCheckObservations => ({ ok: true, statuses });

function input(overrides: Partial<GslbStatusInput> = {}): GslbStatusInput {
  return statusInput(
    new Map([
      ["hc-primary", observed(success(16))],
      ["hc-secondary", observed(failure(16))],
    ]),
    overrides,
  );
}

/** `name type set owner health` per member: the whole view in one comparable list. */
function rows(i: GslbStatusInput): string[] {
  return buildGslbStatus(i).names.flatMap((n) =>
    n.members.map((m) => {
      const set = m.record.policy.kind === "simple" ? "-" : m.record.policy.setIdentifier;
      return `${n.name} ${m.record.type} ${set} ${m.owner?.id ?? "-"} ${m.health.status}`;
    }),
  );
}

describe("buildGslbStatus", () => {
  it("lists every member of every managed name across both clusters, hand-made members with owner -", () => {
    expect(rows(input())).toEqual([
      `bookinfo.${DOMAIN} A cluster-1 cluster-1 none`,
      `bookinfo.${DOMAIN} A cluster-2 cluster-2 none`,
      `bookinfo.${DOMAIN} A maintenance - none`,
      `ratings.${DOMAIN} A cluster-1 cluster-1 healthy`,
      `ratings.${DOMAIN} A cluster-2 cluster-2 unhealthy`,
      `ratings.${DOMAIN} AAAA cluster-1 cluster-1 healthy`,
      `reviews.${DOMAIN} A cluster-1 cluster-1 none`,
    ]);
  });

  it("keeps each member's record as read, with the owner and resource of its ownership record", () => {
    const status = buildGslbStatus(input());
    const bookinfo = status.names[0];
    expect(bookinfo).toMatchObject({ zoneId: ZONE_ID, zoneName: DOMAIN, name: `bookinfo.${DOMAIN}` });
    expect(bookinfo?.members).toEqual([
      {
        record: bookinfoWeighted50Cluster1,
        owner: { id: "cluster-1", resource: HTTPROUTE, drained: false },
        health: { status: "none" },
      },
      {
        record: bookinfoWeighted50Cluster2,
        owner: { id: "cluster-2", resource: HTTPROUTE, drained: false },
        health: { status: "none" },
      },
      { record: bookinfoHandMade, owner: undefined, health: { status: "none" } },
    ]);
    const ratings = status.names[1];
    expect(ratings?.members.map((m) => m.record)).toEqual([
      ratingsFailoverPrimaryA,
      ratingsFailoverSecondary,
      ratingsFailoverPrimaryAAAA,
    ]);
    expect(ratings?.members[0]?.owner).toEqual({
      id: "cluster-1",
      resource: resourceId(TETRATE),
      drained: false,
    });
  });

  it("counts members and healthy members per name and in total", () => {
    const status = buildGslbStatus(input());
    expect(status.names.map((n) => [n.name, n.summary])).toEqual([
      [`bookinfo.${DOMAIN}`, { members: 3, healthy: 0 }],
      [`ratings.${DOMAIN}`, { members: 3, healthy: 2 }],
      [`reviews.${DOMAIN}`, { members: 1, healthy: 0 }],
    ]);
    expect(status.summary).toEqual({ names: 3, members: 7, healthy: 2 });
    expect(status.warnings).toEqual([]);
    expect(status.unmatchedHostnames).toEqual([]);
  });

  it("asks for each health check once, though the A and AAAA members share one", () => {
    expect(healthCheckIdsToRead(input())).toEqual(["hc-primary", "hc-secondary"]);
    expect(healthCheckIdsToRead(input({ hostnames: [`bookinfo.${DOMAIN}`] }))).toEqual([]);
  });

  const filters: { name: string; filter: ZoneFilter; names: string[] }[] = [
    {
      name: "--domain-filter leaves out another zone's managed names",
      filter: FILTER,
      names: [`bookinfo.${DOMAIN}`, `ratings.${DOMAIN}`, `reviews.${DOMAIN}`],
    },
    {
      name: "without filters, every zone's managed names (the excluded one included), zone by zone",
      filter: {
        domainFilter: [],
        excludeDomains: [],
        zoneType: "any",
        zoneIds: [],
        zoneTags: [],
        splitHorizon: false,
      },
      names: [
        "www.example.org.",
        `api.internal.${DOMAIN}`,
        `bookinfo.${DOMAIN}`,
        `ratings.${DOMAIN}`,
        `reviews.${DOMAIN}`,
      ],
    },
    {
      name: "--zone-id selects one zone",
      filter: {
        domainFilter: [],
        excludeDomains: [],
        zoneType: "any",
        zoneIds: ["Z0EXAMPLEOTHER"],
        zoneTags: [],
        splitHorizon: false,
      },
      names: ["www.example.org."],
    },
    {
      name: "--zone-type private leaves out public zones",
      filter: { ...FILTER, zoneType: "private" },
      names: [],
    },
  ];
  for (const t of filters) {
    it(`names outside the filter are left out: ${t.name}`, () => {
      expect(buildGslbStatus(input({ filter: t.filter })).names.map((n) => n.name)).toEqual(t.names);
    });
  }

  it("a hand-made name without ownership records is not a managed name", () => {
    const names = buildGslbStatus(input()).names.map((n) => n.name);
    expect(names).not.toContain(`docs.${DOMAIN}`);
  });

  it("--hostname shows only those names and reports the ones that are not managed", () => {
    const status = buildGslbStatus(
      input({
        hostnames: [`ratings.${DOMAIN}`, `docs.${DOMAIN}`, `api.internal.${DOMAIN}`, `ratings.${DOMAIN}`],
      }),
    );
    expect(status.names.map((n) => n.name)).toEqual([`ratings.${DOMAIN}`]);
    expect(status.unmatchedHostnames).toEqual(["docs.tse.tetratelabs.io", "api.internal.tse.tetratelabs.io"]);
    expect(status.summary).toEqual({ names: 1, members: 3, healthy: 2 });
  });

  it("is the same whatever order zones and records come in, and sorted", () => {
    const zones = [bookinfoZone(), otherZone()];
    const expected = buildGslbStatus(input({ zones }));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(zones[0]?.records ?? [], { minLength: zones[0]?.records.length ?? 0 }),
        fc.boolean(),
        (records, reverseZones) => {
          const shuffled: HostedZone[] = [{ ...(zones[0] as HostedZone), records }, zones[1] as HostedZone];
          if (reverseZones) shuffled.reverse();
          expect(buildGslbStatus(input({ zones: shuffled }))).toEqual(expected);
        },
      ),
    );
  });

  it("orders zones by name, then names, then members by type and set identifier", () => {
    const status = buildGslbStatus(
      input({
        filter: {
          domainFilter: [],
          excludeDomains: [],
          zoneType: "any",
          zoneIds: [],
          zoneTags: [],
          splitHorizon: false,
        },
      }),
    );
    expect(status.names.map((n) => `${n.zoneName} ${n.name}`)).toEqual([
      "example.org. www.example.org.",
      `${DOMAIN} api.internal.${DOMAIN}`,
      `${DOMAIN} bookinfo.${DOMAIN}`,
      `${DOMAIN} ratings.${DOMAIN}`,
      `${DOMAIN} reviews.${DOMAIN}`,
    ]);
  });

  it("warns about an ownership record whose member is gone, and still shows the name", () => {
    const zone = bookinfoZone();
    zone.records = zone.records.filter((r) => r !== reviewsLatencyCluster1);
    const status = buildGslbStatus(input({ zones: [zone] }));
    expect(status.names.find((n) => n.name === `reviews.${DOMAIN}`)?.summary).toEqual({
      members: 0,
      healthy: 0,
    });
    expect(status.warnings).toEqual([
      `the ownership record _gslb-a.reviews.${DOMAIN.slice(0, -1)} of cluster-1 guards reviews.${DOMAIN.slice(0, -1)} A set=cluster-1, which does not exist in zone ${DOMAIN.slice(0, -1)} (${ZONE_ID})`,
    ]);
  });

  it("warns about a member two ownership records claim, naming both claims, and shows the first owner", () => {
    const zone = bookinfoZone();
    zone.records.push(
      ownershipRecord(bookinfoHandMade.name, "A", { owner: "cluster-3", setIdentifier: "cluster-1" }),
    );
    const status = buildGslbStatus(input({ zones: [zone] }));
    expect(status.names[0]?.members[0]?.owner?.id).toBe("cluster-1");
    expect(status.warnings).toEqual([
      "contested: bookinfo.tse.tetratelabs.io A set=cluster-1 is claimed by the ownership records of cluster-1 (gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo) and cluster-3; nobody changes or deletes it (or anything else at bookinfo.tse.tetratelabs.io) until a person deletes the wrong ownership record; shown as cluster-1's",
    ]);
  });

  it("shows the drain mark route53-gslb drain leaves in a member's ownership record", () => {
    const zone = bookinfoZone();
    zone.records = zone.records.map((r) =>
      r.name === `_gslb-a.bookinfo.${DOMAIN}` &&
      r.policy.kind === "weighted" &&
      r.policy.setIdentifier === "cluster-1"
        ? ownershipRecord(`bookinfo.${DOMAIN}`, "A", {
            owner: "cluster-1",
            setIdentifier: "cluster-1",
            resource: HTTPROUTE,
            drained: { restoreWeight: 50 },
          })
        : r,
    );
    const bookinfo = buildGslbStatus(input({ zones: [zone] })).names[0];
    expect(bookinfo?.members.map((m) => m.owner?.drained)).toEqual([true, false, undefined]);
  });

  it("shows the policy an owner waits for, from its ownership record", () => {
    const zone = bookinfoZone();
    zone.records = zone.records.map((r) =>
      r.name === `_gslb-a.bookinfo.${DOMAIN}` &&
      r.policy.kind === "weighted" &&
      r.policy.setIdentifier === "cluster-1"
        ? ownershipRecord(`bookinfo.${DOMAIN}`, "A", {
            owner: "cluster-1",
            setIdentifier: "cluster-1",
            resource: HTTPROUTE,
            wants: { kind: "latency", region: "eu-west-2" },
          })
        : r,
    );
    const bookinfo = buildGslbStatus(input({ zones: [zone] })).names[0];
    expect(bookinfo?.members.map((m) => m.owner?.wants)).toEqual([
      { kind: "latency", region: "eu-west-2" },
      undefined,
      undefined,
    ]);
  });

  it("trusts no ownership record whose SetIdentifier is not the owner it names", () => {
    const forged = {
      ...ownershipRecord(`docs.${DOMAIN}`, "CNAME", { owner: "cluster-1" }),
      policy: { kind: "weighted" as const, setIdentifier: "someone-else", weight: 0 },
    };
    const zone = bookinfoZone();
    zone.records.push(forged);
    expect(buildGslbStatus(input({ zones: [zone] })).names.map((n) => n.name)).not.toContain(
      `docs.${DOMAIN}`,
    );
  });
});

describe("healthFromObservations (Route 53: healthy when more than 18% of checkers report success)", () => {
  const table: [string, HealthCheckObservations | undefined, MemberHealth][] = [
    [
      "every checker reports success",
      observed(success(16)),
      { status: "healthy", checkers: 16, reportingSuccess: 16 },
    ],
    [
      "no checker reports success",
      observed(failure(16)),
      { status: "unhealthy", checkers: 16, reportingSuccess: 0 },
    ],
    [
      "3 of 16 (18.75%) is more than 18%",
      observed([...success(3), ...failure(13)]),
      { status: "healthy", checkers: 16, reportingSuccess: 3 },
    ],
    [
      "2 of 16 (12.5%) is not",
      observed([...success(2), ...failure(14)]),
      { status: "unhealthy", checkers: 16, reportingSuccess: 2 },
    ],
    [
      "exactly 18% (9 of 50) is not more than 18%",
      observed([...success(9), ...failure(41)]),
      { status: "unhealthy", checkers: 50, reportingSuccess: 9 },
    ],
    [
      "only statuses starting with Success count",
      observed(["success: lower case", "Failure: Success string later", "Success"]),
      { status: "healthy", checkers: 3, reportingSuccess: 1 },
    ],
    ["no observations", observed([]), { status: "unknown", reason: "no checker has reported yet" }],
    [
      "the call failed",
      { ok: false, error: "GetHealthCheckStatus failed: AccessDenied: not allowed" },
      { status: "unknown", reason: "GetHealthCheckStatus failed: AccessDenied: not allowed" },
    ],
    ["never read", undefined, { status: "unknown", reason: "its status was not read" }],
  ];
  for (const [name, observations, expected] of table) {
    it(name, () => {
      expect(healthFromObservations(observations)).toEqual(expected);
    });
  }

  it("gives each member the health of its own check, and - without one", () => {
    const status = buildGslbStatus(
      input({
        health: new Map([
          ["hc-primary", { ok: false, error: "GetHealthCheckStatus failed: Throttling: slow down" }],
        ]),
      }),
    );
    const ratings = status.names.find((n) => n.name === `ratings.${DOMAIN}`);
    expect(ratings?.members.map((m) => m.health)).toEqual([
      { status: "unknown", reason: "GetHealthCheckStatus failed: Throttling: slow down" },
      { status: "unknown", reason: "its status was not read" },
      { status: "unknown", reason: "GetHealthCheckStatus failed: Throttling: slow down" },
    ]);
    expect(ratings?.summary.healthy).toBe(0);
  });
});

describe("buildGslbStatus: CALCULATED checks (cluster health check)", () => {
  // hc-primary is read as a CALCULATED check over the member's check and the cluster's.
  const calc = (threshold = 2, inverted = false): GslbStatusInput["calculated"] =>
    new Map([
      [
        "hc-primary",
        {
          type: "CALCULATED",
          children: ["hc-member", "hc-cluster"],
          healthThreshold: threshold,
          ...(inverted ? { inverted: true as const } : {}),
        },
      ],
    ]);
  const primaryHealth = (health: [string, HealthCheckObservations][], calculated = calc()) =>
    buildGslbStatus(statusInput(new Map(health), { calculated }))
      .names.flatMap((n) => n.members)
      .find((m) => m.record.healthCheckId === "hc-primary" && m.record.type === "A")?.health;

  it("reads the children's status instead of the CALCULATED check's, which AWS does not answer for", () => {
    expect(statusIdsToRead(["hc-primary", "hc-secondary"], calc() ?? new Map())).toEqual([
      "hc-cluster",
      "hc-member",
      "hc-secondary",
    ]);
  });
  it("healthy when both children are, with the children's checkers added up", () => {
    expect(
      primaryHealth([
        ["hc-member", observed(success(16))],
        ["hc-cluster", observed(success(16))],
      ]),
    ).toEqual({
      status: "healthy",
      checkers: 32,
      reportingSuccess: 32,
      calculated: { healthyChildren: 2, children: 2, threshold: 2 },
    });
  });
  it("unhealthy when the cluster check fails although the member's own check passes", () => {
    expect(
      primaryHealth([
        ["hc-member", observed(success(16))],
        ["hc-cluster", observed(failure(16))],
      ]),
    ).toMatchObject({ status: "unhealthy", calculated: { healthyChildren: 1 } });
  });
  it("unknown only when an unknown child could tip the verdict", () => {
    const unread: [string, HealthCheckObservations] = ["hc-cluster", { ok: false, error: "AccessDenied" }];
    expect(primaryHealth([["hc-member", observed(success(16))], unread])).toEqual({
      status: "unknown",
      reason: "CALCULATED check: AccessDenied",
    });
    expect(primaryHealth([["hc-member", observed(failure(16))], unread])).toMatchObject({
      status: "unhealthy",
    });
  });
  it("an inverted CALCULATED check reads the other way round", () => {
    expect(
      primaryHealth(
        [
          ["hc-member", observed(success(16))],
          ["hc-cluster", observed(success(16))],
        ],
        calc(2, true),
      ),
    ).toMatchObject({ status: "unhealthy", inverted: true });
  });
});
