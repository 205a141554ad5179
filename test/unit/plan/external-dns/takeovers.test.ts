import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import type { ExternalDnsAdoption, PlannerConfig } from "../../../../src/config/config.js";
import { applyChangesToZones } from "../../../../src/model/applied-state.js";
import type { Plan, TakeoverHow } from "../../../../src/model/changes.js";
import type { EndpointIntent } from "../../../../src/model/endpoint.js";
import { problemMessage } from "../../../../src/model/problem.js";
import type { RecordSet } from "../../../../src/model/record-set.js";
import { keyOf, recordKeyString } from "../../../../src/model/record-set.js";
import type { GeoProximityPlace, RoutingPolicy } from "../../../../src/model/routing-policy.js";
import { planChanges } from "../../../../src/plan/planner.js";
import { zoneOwnership } from "../../../../src/plan/zone-ownership.js";
import { routingPolicyOf } from "../../../../src/route53/from-route53.js";
import { externalDnsRecords, registryTxt } from "../../../fixtures/external-dns.js";
import {
  config,
  endpoint,
  handMade,
  lbCluster1,
  lbCluster1Dualstack,
  ownedWeighted,
  soa,
  state,
  zone,
} from "../../../fixtures/planner.js";

/*
 * Taking records over from external-dns (`--adopt-external-dns-owner team-a`), through the whole
 * planner, in external-dns's scenario shape: what external-dns wrote (current), what this cluster
 * publishes (desired), and the changes, takeovers and skips that result.
 */

const ADOPT: ExternalDnsAdoption = {
  owner: "team-a",
  txtPrefix: "",
  txtSuffix: "",
  txtWildcardReplacement: "",
};
const weighted = (setIdentifier: string, weight = 100): RoutingPolicy => ({
  kind: "weighted",
  setIdentifier,
  weight,
});
/** A member's routing as the Route 53 reader gives it for these routing fields (external-dns's spelling). */
function read(fields: Omit<ResourceRecordSet, "Name" | "Type">): RoutingPolicy {
  const policy = routingPolicyOf({ Name: "web.example.com.", Type: "A", ...fields });
  if (!policy.ok) throw new Error(policy.error);
  return policy.value;
}
const ingress = "ingress/default/web";

/** What external-dns of `owner` wrote for web.example.com: alias A + AAAA to cluster-1's balancer. */
const webOf = (owner: string, policy?: RoutingPolicy, extra: { healthCheckId?: string } = {}) =>
  externalDnsRecords({
    name: "web.example.com",
    owner,
    resource: ingress,
    target: { loadBalancer: lbCluster1 },
    ...(policy ? { policy } : {}),
    ...extra,
  });

/** This cluster's wish for web.example.com: weighted, set cluster-1, weight 100, cluster-1's balancer. */
const web = endpoint("web.example.com", { name: "web" });
/** The same, with geoproximity routing (external-dns's `aws-geoproximity-*` keys give this). */
const geoWeb = (geoproximity: GeoProximityPlace, bias: number) =>
  endpoint("web.example.com", { name: "web", routing: { policy: "geoproximity", geoproximity, bias } });

function plan(desired: EndpointIntent[], current: RecordSet[], overrides: Partial<PlannerConfig> = {}): Plan {
  return planChanges({
    config: config({ adoptExternalDns: ADOPT, ...overrides }),
    endpoints: desired,
    skipped: [],
    state: state([zone([soa, ...current])]),
  });
}

/** `ACTION purpose name TYPE setId [takeover]`. */
function lines(p: Plan): string[] {
  return p.changes.map((c) => {
    const pol = c.record.policy;
    const id = pol.kind === "simple" ? "-" : pol.setIdentifier;
    return `${c.action} ${c.purpose} ${c.record.name} ${c.record.type} ${id}${c.takeover ? ` [takeover ${c.takeover.owner}]` : ""}`;
  });
}

const key = (r: RecordSet): string => recordKeyString(keyOf(r));

const howOf = (p: Plan): string[] =>
  (p.takeovers ?? []).map((t) => `${t.how} ${t.current.name} ${t.current.type} from ${t.externalDns.owner}`);

interface Scenario {
  name: string;
  current: RecordSet[];
  desired?: EndpointIntent[];
  config?: Partial<PlannerConfig>;
  expected: string[];
  takeovers: string[];
  skipped?: RegExp[];
  heldBack?: number;
}

const scenarios: Scenario[] = [
  {
    name: "a member external-dns wrote exactly as this cluster wants it: only the ownership changes hands",
    current: webOf("team-a", weighted("cluster-1")),
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "a member with another weight is UPSERTed in place, never deleted",
    current: webOf("team-a", weighted("cluster-1", 50)),
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "UPSERT record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["update web.example.com. A from team-a"],
  },
  {
    name: "a simple record becomes this cluster's weighted member in one atomic group (conversion)",
    current: webOf("team-a"),
    expected: [
      "DELETE record web.example.com. A - [takeover team-a]",
      "DELETE ownership a-web.example.com. TXT - [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. A from team-a"],
  },
  {
    name: "a simple record stays in place when this cluster asks for a simple record too",
    current: webOf("team-a"),
    desired: [endpoint("web.example.com", { name: "web", routing: { policy: "simple" } })],
    expected: [
      "DELETE ownership a-web.example.com. TXT - [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "the only weighted member of another set identifier is converted to this cluster's",
    current: webOf("team-a", weighted("eu")),
    expected: [
      "DELETE record web.example.com. A eu [takeover team-a]",
      "DELETE ownership a-web.example.com. TXT eu [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. A from team-a"],
  },
  {
    name: "another external-dns owner's member is never taken: its set identifier is in use",
    current: webOf("team-b", weighted("cluster-1")),
    expected: [],
    takeovers: [],
    skipped: [/set identifier `cluster-1` is already used/],
  },
  {
    name: "without --adopt-external-dns-owner nothing is taken over (today's behaviour)",
    current: webOf("team-a", weighted("cluster-1")),
    config: { adoptExternalDns: undefined },
    expected: [],
    takeovers: [],
    skipped: [/set identifier `cluster-1` is already used/],
  },
  {
    name: "a record of the adopted owner that this cluster does not publish is untouched",
    current: [
      ...webOf("team-a", weighted("cluster-1")),
      ...externalDnsRecords({ name: "api.example.com", owner: "team-a", target: { ips: ["192.0.2.9"] } }),
    ],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "every registry TXT external-dns would consult goes: current, legacy `cname-` and pre-0.12",
    current: [
      ...webOf("team-a", weighted("cluster-1")),
      registryTxt("cname-web.example.com", "team-a", ingress, weighted("cluster-1")),
      registryTxt("web.example.com", "team-a", ingress, weighted("cluster-1")),
    ],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "DELETE ownership cname-web.example.com. TXT cluster-1 [takeover team-a]",
      "DELETE ownership web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    // external-dns looks an alias A up at its legacy `cname-` TXT too, a plain A not: a TXT left there
    // would claim the record again once it is an alias (found by the property test, seed 527927954).
    name: "a plain A that becomes an alias: the legacy `cname-` TXT the alias would be looked up at goes too",
    current: [
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        resource: ingress,
        target: { ips: ["192.0.2.9"] },
        policy: weighted("cluster-1"),
      }),
      registryTxt("cname-web.example.com", "team-a", ingress, weighted("cluster-1")),
    ],
    expected: [
      "DELETE record web.example.com. A cluster-1 [takeover team-a]",
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "DELETE ownership cname-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. A from team-a"],
  },
  {
    name: "a pre-0.12 TXT that also decides an MX is not removed: blocked, nothing changes",
    current: [
      ...webOf("team-a", weighted("cluster-1")),
      { ...handMade("web.example.com", "MX", ["10 mail.example.com"]), policy: weighted("cluster-1") },
      registryTxt("web.example.com", "team-a", ingress, weighted("cluster-1")),
    ],
    expected: [],
    takeovers: [],
    skipped: [
      /cannot take web.example.com A set=cluster-1 over from external-dns owner `team-a`: external-dns's registry TXT `web.example.com` also decides the owner of `web.example.com` MX set=cluster-1/,
    ],
  },
  {
    name: "a lower registry TXT naming another owner would inherit the record: blocked",
    current: [
      ...webOf("team-a", weighted("cluster-1")),
      registryTxt("web.example.com", "team-b", undefined, weighted("cluster-1")),
    ],
    expected: [],
    takeovers: [],
    skipped: [
      /registry TXT `web.example.com` names owner `team-b`, which would own it once `team-a`'s TXT is removed/,
    ],
  },
  {
    name: "an encrypted registry TXT cannot be read: blocked, reported",
    current: [
      webOf("team-a", weighted("cluster-1"))[0] as RecordSet,
      {
        ...registryTxt("a-web.example.com", "team-a", undefined, weighted("cluster-1")),
        target: { kind: "values", values: [`"${"QUJD".repeat(20)}"`], ttl: 300 },
      },
    ],
    expected: [],
    takeovers: [],
    skipped: [/`a-web.example.com` is encrypted \(--txt-encrypt-enabled\)/],
  },
  {
    name: "two members of the adopted owner, neither the one wanted: which one is not guessed",
    current: [
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        target: { ips: ["192.0.2.1"] },
        policy: weighted("eu"),
      }),
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        target: { ips: ["192.0.2.2"] },
        policy: weighted("us"),
      }),
    ],
    desired: [endpoint("web.example.com", { name: "web", targets: ["192.0.2.3"] })],
    expected: [],
    takeovers: [],
    skipped: [/external-dns has 2 A members there \(set identifiers eu, us\)/],
  },
  {
    name: "one of two members of the adopted owner, by set identifier; the other stays external-dns's",
    current: [
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        target: { ips: ["192.0.2.1"] },
        policy: weighted("eu"),
      }),
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        target: { ips: ["192.0.2.2"] },
        policy: weighted("us"),
      }),
    ],
    desired: [
      endpoint("web.example.com", {
        name: "web",
        targets: ["192.0.2.1"],
        routing: { setIdentifier: "eu", ttl: 300 },
      }),
    ],
    expected: [
      "DELETE ownership a-web.example.com. TXT eu [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "a CNAME to the balancer (--aws-prefer-cname) becomes an alias A in one atomic group",
    current: externalDnsRecords({
      name: "web.example.com",
      owner: "team-a",
      resource: ingress,
      target: { cname: lbCluster1.dnsName },
    }),
    expected: [
      "DELETE record web.example.com. CNAME - [takeover team-a]",
      "DELETE ownership cname-web.example.com. TXT - [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. CNAME from team-a"],
  },
  {
    name: "A records where this cluster wants a CNAME are not converted",
    current: externalDnsRecords({ name: "web.example.com", owner: "team-a", target: { ips: ["192.0.2.1"] } }),
    desired: [endpoint("web.example.com", { name: "web", targets: ["app.example.net"] })],
    expected: [],
    takeovers: [],
    skipped: [/external-dns wrote A records there and this cluster wants a CNAME/],
  },
  {
    name: "a member a route53-gslb ownership record claims is that owner's, whatever external-dns says",
    current: [
      ...ownedWeighted("web.example.com", "cluster-2", 100, lbCluster1, "cluster-1"),
      registryTxt("a-web.example.com", "team-a", ingress, weighted("cluster-1")),
    ],
    expected: [],
    takeovers: [],
    skipped: [/set identifier `cluster-1` is already used/],
  },
  {
    name: "already ours, with external-dns's leftover TXT: only the TXT goes (cleanup)",
    current: [
      ...ownedWeighted("web.example.com", "cluster-1", 100),
      registryTxt("a-web.example.com", "team-a", ingress, weighted("cluster-1")),
    ],
    desired: [endpoint("web.example.com")],
    expected: ["DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]"],
    takeovers: ["cleanup web.example.com. A from team-a"],
  },
  {
    name: "--policy create-only does not take records over: held back, with the reason",
    current: webOf("team-a", weighted("cluster-1", 50)),
    config: { policy: "create-only" },
    expected: [],
    takeovers: [],
    heldBack: 3,
  },
  {
    // external-dns writes the place as annotated and `Bias` always (0 when not annotated), on the
    // member and on its registry TXT; the reader must give both back as geoproximity (`read`).
    name: "an external-dns geoproximity member (region, bias 0) wanted as it is: only the ownership changes hands",
    current: webOf(
      "team-a",
      read({ SetIdentifier: "cluster-1", GeoProximityLocation: { AWSRegion: "eu-west-2", Bias: 0 } }),
    ),
    desired: [geoWeb({ kind: "region", region: "eu-west-2" }, 0)],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "geoproximity coordinates as external-dns spelled them (`49.20`), another bias: UPSERTed in place",
    current: webOf(
      "team-a",
      read({
        SetIdentifier: "cluster-1",
        GeoProximityLocation: { Coordinates: { Latitude: "49.20", Longitude: "-123.10" }, Bias: 10 },
      }),
    ),
    desired: [geoWeb({ kind: "coordinates", latitude: "49.2", longitude: "-123.1" }, 20)],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "UPSERT record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["update web.example.com. A from team-a"],
  },
  {
    name: "geoproximity coordinates that differ only in spelling (`49.20` and `49.2`) are not rewritten",
    current: webOf(
      "team-a",
      read({
        SetIdentifier: "cluster-1",
        GeoProximityLocation: { Coordinates: { Latitude: "49.20", Longitude: "-123.10" }, Bias: 0 },
      }),
    ),
    desired: [geoWeb({ kind: "coordinates", latitude: "49.2", longitude: "-123.1" }, 0)],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "a Local Zone group member where this cluster wants weighted: converted in one atomic group",
    current: webOf(
      "team-a",
      read({
        SetIdentifier: "cluster-1",
        GeoProximityLocation: { LocalZoneGroup: "us-east-1-bos-1", Bias: 0 },
      }),
    ),
    expected: [
      "DELETE record web.example.com. A cluster-1 [takeover team-a]",
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. A from team-a"],
  },
  {
    name: "a weighted member where this cluster wants geoproximity: converted in one atomic group",
    current: webOf("team-a", weighted("cluster-1")),
    desired: [geoWeb({ kind: "region", region: "eu-west-2" }, -5)],
    expected: [
      "DELETE record web.example.com. A cluster-1 [takeover team-a]",
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE record web.example.com. A cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["conversion web.example.com. A from team-a"],
  },
  {
    // Route 53 takes one place per member; the reader keeps such a member as `other`, which the
    // model cannot spell back, so neither the member nor its TXT could be deleted exactly.
    name: "a geoproximity member naming two places cannot be spelled back to Route 53: blocked",
    current: webOf(
      "team-a",
      read({
        SetIdentifier: "cluster-1",
        GeoProximityLocation: {
          AWSRegion: "eu-west-2",
          Coordinates: { Latitude: "51.5", Longitude: "0" },
          Bias: 0,
        },
      }),
    ),
    desired: [geoWeb({ kind: "region", region: "eu-west-2" }, 0)],
    expected: [],
    takeovers: [],
    skipped: [/uses routing route53-gslb cannot write back \(geoproximity eu-west-2 bias=0\)/],
  },
  {
    name: "a CIDR member cannot be spelled back to Route 53: blocked",
    current: webOf(
      "team-a",
      read({
        SetIdentifier: "cluster-1",
        CidrRoutingConfig: { CollectionId: "c-1", LocationName: "office" },
      }),
    ),
    expected: [],
    takeovers: [],
    skipped: [/uses routing route53-gslb cannot write back \(cidr c-1\/office\)/],
  },
  {
    name: "a failover PRIMARY with its health check (external-dns's TXT carries both) is taken in place",
    current: webOf(
      "team-a",
      { kind: "failover", setIdentifier: "cluster-1", role: "PRIMARY" },
      { healthCheckId: "hc-1" },
    ),
    desired: [
      endpoint("web.example.com", {
        name: "web",
        routing: { policy: "failover", failover: "PRIMARY", healthCheck: { kind: "existing", id: "hc-1" } },
      }),
    ],
    expected: [
      "DELETE ownership a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "a name whose routing policy is switching across clusters is taken over once the switch is done",
    current: [
      ...ownedWeighted("web.example.com", "cluster-1", 100, lbCluster1Dualstack),
      ...ownedWeighted("web.example.com", "cluster-2", 100),
      ...externalDnsRecords({
        name: "web.example.com",
        owner: "team-a",
        target: { loadBalancer: lbCluster1Dualstack },
        policy: weighted("cluster-1"),
      }).filter((r) => r.type === "AAAA" || r.name.startsWith("aaaa-")),
    ],
    desired: [
      endpoint("web.example.com", {
        name: "web",
        targets: [lbCluster1Dualstack.dnsName],
        routing: { policy: "latency", region: "eu-west-2" },
      }),
    ],
    expected: [],
    takeovers: [],
    skipped: [/a routing-policy switch of this name is under way; it is taken over once the switch is done/],
    // This owner's own A member and its ownership record are held as they are, not deleted.
    heldBack: 2,
  },
  {
    name: "with the registry's --txt-prefix: found at `ext-a-…`",
    current: externalDnsRecords({
      name: "web.example.com",
      owner: "team-a",
      target: { loadBalancer: lbCluster1 },
      policy: weighted("cluster-1"),
      txtName: (n, t) => `ext-${t.toLowerCase()}-${n}`,
    }),
    config: { adoptExternalDns: { ...ADOPT, txtPrefix: "ext-" } },
    expected: [
      "DELETE ownership ext-a-web.example.com. TXT cluster-1 [takeover team-a]",
      "CREATE ownership _gslb-a.web.example.com. TXT cluster-1 [takeover team-a]",
    ],
    takeovers: ["in-place web.example.com. A from team-a"],
  },
  {
    name: "without the prefix the registry TXT is not found, so the record is not the adopted owner's",
    current: externalDnsRecords({
      name: "web.example.com",
      owner: "team-a",
      target: { loadBalancer: lbCluster1 },
      policy: weighted("cluster-1"),
      txtName: (n, t) => `ext-${t.toLowerCase()}-${n}`,
    }),
    expected: [],
    takeovers: [],
    skipped: [/set identifier `cluster-1` is already used/],
  },
];

describe("planner: taking records over from external-dns", () => {
  it.each(scenarios)("$name", (s) => {
    const p = plan(s.desired ?? [web], s.current, s.config);
    expect(lines(p)).toEqual(s.expected);
    expect(howOf(p)).toEqual(s.takeovers);
    const skips = p.skipped.map((k) => problemMessage(k.problem));
    expect(skips).toHaveLength(s.skipped?.length ?? 0);
    for (const [i, re] of (s.skipped ?? []).entries()) expect(skips[i]).toMatch(re);
    expect(p.heldBack).toHaveLength(s.heldBack ?? 0);
  });

  it("changes or deletes only records this owner holds or takes over in the same plan", () => {
    for (const s of scenarios) {
      const p = plan(s.desired ?? [web], s.current, s.config);
      const owned = zoneOwnership(zone([soa, ...s.current]), "cluster-1");
      const mayChange = new Set<string>([
        ...[
          ...owned.members.values(),
          ...[...owned.txtByHost.values()].flatMap((m) => [...m.values()].map((f) => f.record)),
        ].map(key),
        ...(p.takeovers ?? []).flatMap((t) => [t.current, ...t.externalDns.records]).map(key),
      ]);
      for (const c of p.changes)
        if (c.action !== "CREATE") expect(mayChange, s.name).toContain(key(c.record));
      // and whatever it takes over is the adopted owner's, never another's
      for (const t of p.takeovers ?? []) expect(t.externalDns.owner).toBe("team-a");
    }
  });

  it.each(scenarios.filter((s) => s.takeovers.length > 0))("is done once applied: $name", (s) => {
    const first = plan(s.desired ?? [web], s.current, s.config);
    const after = applyChangesToZones([zone([soa, ...s.current])], first.changes);
    const second = planChanges({
      config: config({ adoptExternalDns: ADOPT, ...s.config }),
      endpoints: s.desired ?? [web],
      skipped: [],
      state: state(after),
    });
    expect(lines(second)).toEqual([]);
    expect(second.takeovers).toEqual([]);
  });

  it("records what it took, from whom, and which external-dns TXTs went", () => {
    const p = plan([web], webOf("team-a", weighted("cluster-1", 50)));
    const [t] = p.takeovers ?? [];
    expect(t?.externalDns).toEqual({
      owner: "team-a",
      resource: ingress,
      records: [registryTxt("a-web.example.com", "team-a", ingress, weighted("cluster-1", 50))],
    });
    expect(t?.how satisfies TakeoverHow | undefined).toBe("update");
    expect(t?.source).toEqual(web.source);
    expect(t?.group).toBe("ZEXAMPLE|web.example.com.");
    // Every change of the takeover travels in its group, so apply/ sends them in one request.
    expect(new Set(p.changes.map((c) => c.group))).toEqual(new Set([t?.group]));
  });
});
