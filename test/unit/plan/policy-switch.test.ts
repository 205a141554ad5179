import { describe, expect, it } from "vitest";
import type { PlannerConfig } from "../../../src/config/config.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { Plan } from "../../../src/model/changes.js";
import type { EndpointIntent } from "../../../src/model/endpoint.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import { problemMessage } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { setIdentifierOf } from "../../../src/model/routing-policy.js";
import { healthCheckTags } from "../../../src/plan/health-planner.js";
import { parseOwnershipValue } from "../../../src/plan/ownership.js";
import { planChanges } from "../../../src/plan/planner.js";
import {
  config,
  endpoint,
  handMade,
  lbCluster2,
  ownedMember,
  soa,
  state,
  zone,
} from "../../fixtures/planner.js";

/*
 * Policy switches (plan/policy-switch.ts): a name two clusters share moves from failover (or weighted)
 * to latency. cluster-1 plans; cluster-2's members are described by what its ownership records say.
 */

const host = "shop.example.com";
const primary = { kind: "failover", setIdentifier: "cluster-1", role: "PRIMARY" } as const;
const secondary = { kind: "failover", setIdentifier: "cluster-2", role: "SECONDARY" } as const;
const latencyEuWest1 = { kind: "latency", region: "eu-west-1" } as const;
const latencyEuWest2 = { kind: "latency", region: "eu-west-2" } as const;

/** cluster-1's Gateway asking for latency routing (its load balancer is in eu-west-2). */
const wantsLatency = endpoint(host, { routing: { policy: "latency" } });
/** cluster-1's Gateway as it was: the failover PRIMARY, without a health check of ours. */
const wantsPrimary = endpoint(host, {
  routing: { policy: "failover", failover: "PRIMARY", healthCheck: { kind: "none" } },
});

function plan(
  records: RecordSet[],
  endpoints: EndpointIntent[],
  overrides: Partial<PlannerConfig> = {},
  healthChecks: HealthCheck[] = [],
): Plan {
  return planChanges({
    config: config(overrides),
    endpoints,
    skipped: [],
    state: state([zone([soa, ...records])], healthChecks),
  });
}

/** `ACTION purpose name TYPE set [for owner]`: the shape the scenarios compare. */
function lines(p: Plan): string[] {
  return p.changes.map((c) => {
    const set = setIdentifierOf(c.record.policy) ?? "-";
    const onBehalf = c.onBehalfOf ? ` for ${c.onBehalfOf}` : "";
    return `${c.action} ${c.purpose} ${c.record.name} ${c.record.type} ${set}${onBehalf}`;
  });
}

/** What cluster-1's ownership record says it wants after the plan (undefined: the policy it has). */
function ourWish(p: Plan) {
  const txt = p.changes.find((c) => c.purpose === "ownership" && !c.onBehalfOf && c.action !== "DELETE");
  const value = txt?.record.target.kind === "values" ? txt.record.target.values.join(" ") : "";
  return parseOwnershipValue(value)?.wants;
}

interface Scenario {
  name: string;
  current: RecordSet[];
  desired: EndpointIntent[];
  config?: Partial<PlannerConfig>;
  expected: string[];
  /** `state` of the one switch reported, or none. */
  switchState?: "converting" | "waiting" | "blocked";
  /** Words the report of the switch must hold (who is waited for, what blocks). */
  reported?: RegExp;
  heldBack?: number;
}

const scenarios: Scenario[] = [
  {
    name: "the first cluster to want latency waits: its member stays, its ownership record says what it wants",
    current: [...ownedMember(host, "cluster-1", primary), ...ownedMember(host, "cluster-2", secondary)],
    desired: [wantsLatency],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
    switchState: "waiting",
    reported: /cluster-2 wants failover SECONDARY/,
  },
  {
    name: "waiting again changes nothing",
    current: [
      ...ownedMember(host, "cluster-1", primary, { wants: latencyEuWest2 }),
      ...ownedMember(host, "cluster-2", secondary),
    ],
    desired: [wantsLatency],
    expected: [],
    switchState: "waiting",
  },
  {
    name: "the wish that completes the set converts every member in one group, others' on their consent",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ],
    desired: [wantsLatency],
    expected: [
      "DELETE record shop.example.com. A cluster-1",
      "DELETE record shop.example.com. A cluster-2 for cluster-2",
      "DELETE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
      "CREATE record shop.example.com. A cluster-1",
      "CREATE record shop.example.com. A cluster-2 for cluster-2",
      "CREATE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
    ],
    switchState: "converting",
  },
  {
    name: "a recorded wish of ours is fulfilled by our own conversion: the wish leaves our record",
    current: [
      ...ownedMember(host, "cluster-1", primary, { wants: latencyEuWest2 }),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ],
    desired: [wantsLatency],
    expected: [
      "DELETE record shop.example.com. A cluster-1",
      "DELETE record shop.example.com. A cluster-2 for cluster-2",
      "DELETE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
      "CREATE record shop.example.com. A cluster-1",
      "CREATE record shop.example.com. A cluster-2 for cluster-2",
      "UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1",
      "CREATE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
    ],
    switchState: "converting",
  },
  {
    name: "changing our mind back withdraws the wish; nothing else changes",
    current: [
      ...ownedMember(host, "cluster-1", primary, { wants: latencyEuWest2 }),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ],
    desired: [wantsPrimary],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
  },
  {
    name: "another owner that wants a third policy is waited for, named with what it wants",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: { kind: "weighted", weight: 10 } }),
    ],
    desired: [wantsLatency],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
    switchState: "waiting",
    reported: /cluster-2 wants weighted weight=10/,
  },
  {
    name: "a member nobody here owns blocks the switch",
    current: [
      ...ownedMember(host, "cluster-1", { kind: "weighted", setIdentifier: "cluster-1", weight: 1 }),
      ...ownedMember(
        host,
        "cluster-2",
        { kind: "weighted", setIdentifier: "cluster-2", weight: 1 },
        { wants: latencyEuWest1 },
      ),
      { ...handMade(host), policy: { kind: "weighted", setIdentifier: "legacy", weight: 1 } },
    ],
    desired: [wantsLatency],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
    switchState: "blocked",
    reported: /set legacy has no ownership record/,
  },
  {
    name: "a member two ownership records claim blocks the switch",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
      ...ownedMember(host, "cluster-3", secondary).slice(1),
    ],
    desired: [wantsLatency],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
    switchState: "blocked",
    reported: /claimed by the ownership records of cluster-2 and cluster-3/,
  },
  {
    name: "a switch that would put two members in one latency region is blocked, not sent",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest2 }),
    ],
    desired: [wantsLatency],
    expected: ["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"],
    switchState: "blocked",
    reported: /after the switch, .*latency member for region eu-west-2/,
  },
  {
    name: "a conversion is a replacement, not a deletion: --max-deletions does not hold it",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ],
    desired: [wantsLatency],
    config: { maxDeletions: { kind: "count", value: 0 } },
    expected: [
      "DELETE record shop.example.com. A cluster-1",
      "DELETE record shop.example.com. A cluster-2 for cluster-2",
      "DELETE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
      "CREATE record shop.example.com. A cluster-1",
      "CREATE record shop.example.com. A cluster-2 for cluster-2",
      "CREATE ownership _gslb-a.shop.example.com. TXT cluster-2 for cluster-2",
    ],
    switchState: "converting",
  },
  {
    name: "--policy create-only holds the whole conversion back, ours and theirs together",
    current: [
      ...ownedMember(host, "cluster-1", primary),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ],
    desired: [wantsLatency],
    config: { policy: "create-only" },
    expected: [],
    switchState: "converting",
    heldBack: 6,
  },
  {
    name: "joining a name of another policy without a member of ours stays a conflict (nothing to switch)",
    current: ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    desired: [wantsLatency],
    expected: [],
  },
  {
    name: "a name only this owner has switches in place, as before (no wish, no waiting)",
    current: ownedMember(host, "cluster-1", primary),
    desired: [wantsLatency],
    expected: ["DELETE record shop.example.com. A cluster-1", "CREATE record shop.example.com. A cluster-1"],
  },
];

describe("policy switches (planner scenarios)", () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const p = plan(s.current, s.desired, s.config);
      expect(lines(p)).toEqual(s.expected);
      expect(p.heldBack.length).toBe(s.heldBack ?? 0);
      expect(p.policySwitches.map((w) => w.state)).toEqual(s.switchState ? [s.switchState] : []);
      if (s.reported) expect(describeForTest(p)).toMatch(s.reported);
    });
  }
});

/** The switch, one line per member and what blocks it (report/ words it for people; tested there). */
function describeForTest(p: Plan): string {
  return p.policySwitches
    .flatMap((w) => [
      w.blockedBy ?? "",
      ...w.members.map((m) => {
        const wants = m.wants;
        const setting =
          wants?.kind === "latency"
            ? ` region=${wants.region}`
            : wants?.kind === "weighted"
              ? ` weight=${wants.weight}`
              : wants?.kind === "failover"
                ? ` ${wants.role}`
                : "";
        return `${m.owner} wants ${wants?.kind}${setting}`;
      }),
    ])
    .join("\n");
}

describe("policy switches: what the changes hold", () => {
  it("the waiting record records the policy and its setting; the member is untouched", () => {
    const p = plan(
      [...ownedMember(host, "cluster-1", primary), ...ownedMember(host, "cluster-2", secondary)],
      [wantsLatency],
    );
    expect(ourWish(p)).toEqual(latencyEuWest2);
    expect(p.changes.filter((c) => c.purpose === "record")).toEqual([]);
  });

  it("each converted member keeps its set identifier, target and health check; only its policy changes", () => {
    const theirs = ownedMember(host, "cluster-2", secondary, {
      wants: latencyEuWest1,
      healthCheckId: "hc-of-cluster-2",
    });
    const p = plan([...ownedMember(host, "cluster-1", primary), ...theirs], [wantsLatency]);
    const created = p.changes.find((c) => c.action === "CREATE" && c.onBehalfOf && c.purpose === "record");
    expect(created?.record).toEqual({
      ...theirs[0],
      policy: { kind: "latency", setIdentifier: "cluster-2", region: "eu-west-1" },
    });
    const deleted = p.changes.filter((c) => c.action === "DELETE" && c.onBehalfOf).map((c) => c.record);
    // DELETE names the records exactly as read: Route 53 deletes only an exact match, so the request
    // fails whole if anything of theirs changed since (a compare-and-swap).
    expect(deleted).toEqual([theirs[0], theirs[1]]);
    const txt = p.changes.find((c) => c.action === "CREATE" && c.purpose === "ownership");
    const value = txt?.record.target.kind === "values" ? txt.record.target.values.join(" ") : "";
    const { wants: _fulfilled, ...rest } = parseOwnershipValue(
      theirs[1]?.target.kind === "values" ? (theirs[1].target.values[0] ?? "") : "",
    ) ?? { owner: "" };
    expect(parseOwnershipValue(value)).toEqual(rest);
    // Every change of the host travels in one atomic group, and the other cluster's carry no source.
    expect(new Set(p.changes.map((c) => c.group)).size).toBe(1);
    for (const c of p.changes.filter((c) => c.onBehalfOf)) expect(c.source).toBeUndefined();
  });

  it("whichever cluster converts, Route 53 ends in the same state (two concurrent conversions agree)", () => {
    const current = [
      ...ownedMember(host, "cluster-1", primary, { wants: latencyEuWest2 }),
      ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
    ];
    const s = state([zone([soa, ...current])]);
    const theirsWantsLatency = endpoint(host, {
      targets: [lbCluster2.dnsName],
      routing: { policy: "latency" },
    });
    const by1 = planChanges({ config: config(), endpoints: [wantsLatency], skipped: [], state: s });
    const by2 = planChanges({
      config: config({ clusterName: "cluster-2", ownerId: "cluster-2" }),
      endpoints: [theirsWantsLatency],
      skipped: [],
      state: s,
    });
    const after1 = applyChangesToZones(s.zones, by1.changes);
    const after2 = applyChangesToZones(s.zones, by2.changes);
    const sorted = (zs: typeof after1) =>
      (zs[0]?.records ?? []).map((r) => JSON.stringify(r)).sort((a, b) => (a < b ? -1 : 1));
    expect(sorted(after1)).toEqual(sorted(after2));
    // And after either, both clusters' plans are empty: the switch is over.
    const next = { ...s, zones: after1 };
    expect(
      planChanges({ config: config(), endpoints: [wantsLatency], skipped: [], state: next }).changes,
    ).toEqual([]);
    const again2 = planChanges({
      config: config({ clusterName: "cluster-2", ownerId: "cluster-2" }),
      endpoints: [theirsWantsLatency],
      skipped: [],
      state: next,
    });
    expect(again2.changes).toEqual([]);
    expect(again2.policySwitches).toEqual([]);
  });

  it("while waiting, our member keeps its health check (it is still in use)", () => {
    const check: HealthCheck = {
      id: "hc-c1",
      callerReference: "r53gslb-x",
      version: 1,
      spec: {
        type: "HTTPS",
        fqdn: "gw",
        port: 443,
        resourcePath: "/healthz",
        requestInterval: 30,
        failureThreshold: 3,
        regions: [],
        enableSni: true,
      },
      tags: healthCheckTags({
        ownerId: "cluster-1",
        clusterName: "cluster-1",
        hostname: `${host}.`,
        setIdentifier: "cluster-1",
      }),
    };
    const p = plan(
      [
        ...ownedMember(host, "cluster-1", primary, { healthCheckId: "hc-c1" }),
        ...ownedMember(host, "cluster-2", secondary),
      ],
      [wantsLatency],
      {},
      [check],
    );
    expect(p.policySwitches.map((w) => w.state)).toEqual(["waiting"]);
    expect(p.healthChecks).toEqual([]);
  });

  it("an object that cannot be read holds its host: no conversion, nothing deleted", () => {
    const p = planChanges({
      config: config(),
      endpoints: [],
      skipped: [
        {
          source: wantsLatency.source,
          problem: {
            kind: "invalid-annotation",
            key: "route53-gslb.io/weight",
            value: "x",
            accepted: "0-255",
            text: "bad",
          },
        },
      ],
      state: state([
        zone([
          soa,
          ...ownedMember(host, "cluster-1", primary),
          ...ownedMember(host, "cluster-2", secondary, { wants: latencyEuWest1 }),
        ]),
      ]),
    });
    expect(p.changes).toEqual([]);
    expect(p.policySwitches).toEqual([]);
    expect(p.heldBack.map((h) => h.kind)).toEqual(["unreadable-object", "unreadable-object"]);
  });

  it("joining a name of another policy is reported as the Route 53 rule it breaks, as before", () => {
    const p = plan(ownedMember(host, "cluster-2", secondary), [wantsLatency]);
    expect(p.skipped.map((s) => problemMessage(s.problem))).toEqual([
      expect.stringMatching(/cannot mix routing policies/),
    ]);
  });
});

describe("policy switches to and from geoproximity", () => {
  const weighted = (set: string) => ({ kind: "weighted", setIdentifier: set, weight: 50 }) as const;
  const nyc = { kind: "coordinates", latitude: "40.71", longitude: "-74.01" } as const;
  const wantsGeo = endpoint(host, { routing: { policy: "geoproximity", geoproximity: nyc, bias: 20 } });

  it("the first cluster waits, its record wanting the place and bias; the wish that completes the set converts both", () => {
    const before = [
      ...ownedMember(host, "cluster-1", weighted("cluster-1")),
      ...ownedMember(host, "cluster-2", weighted("cluster-2")),
    ];
    const first = plan(before, [wantsGeo]);
    expect(lines(first)).toEqual(["UPSERT ownership _gslb-a.shop.example.com. TXT cluster-1"]);
    expect(ourWish(first)).toEqual({ kind: "geoproximity", place: nyc, bias: 20 });
    expect(first.policySwitches.map((s) => s.state)).toEqual(["waiting"]);

    const cluster2Wants = {
      kind: "geoproximity",
      place: { kind: "region", region: "eu-west-1" },
      bias: -5,
    } as const;
    const ready = [
      ...ownedMember(host, "cluster-1", weighted("cluster-1")),
      ...ownedMember(host, "cluster-2", weighted("cluster-2"), { wants: cluster2Wants }),
    ];
    const converting = plan(ready, [wantsGeo]);
    expect(converting.policySwitches.map((s) => s.state)).toEqual(["converting"]);
    const created = converting.changes
      .filter((c) => c.action === "CREATE" && c.purpose === "record")
      .map((c) => [setIdentifierOf(c.record.policy), c.record.policy]);
    expect(created).toEqual([
      ["cluster-1", { kind: "geoproximity", setIdentifier: "cluster-1", place: nyc, bias: 20 }],
      [
        "cluster-2",
        { kind: "geoproximity", setIdentifier: "cluster-2", place: cluster2Wants.place, bias: -5 },
      ],
    ]);
  });
});
