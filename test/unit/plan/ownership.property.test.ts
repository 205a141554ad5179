import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PlannerConfig } from "../../../src/config/config.js";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { Plan } from "../../../src/model/changes.js";
import { LATENCY_REGIONS } from "../../../src/model/latency-regions.js";
import type { PolicyWish } from "../../../src/model/policy-wish.js";
import { keyOf, recordKeyString } from "../../../src/model/record-set.js";
import { setIdentifierOf } from "../../../src/model/routing-policy.js";
import {
  guardedBy,
  type Ownership,
  ownershipValue,
  parseOwnershipValue,
  readOwnershipValue,
} from "../../../src/plan/ownership.js";
import { planChanges } from "../../../src/plan/planner.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { config, lbCluster1, lbCluster2, soa, state, zone } from "../../fixtures/planner.js";

/*
 * Hostile input, end to end: objects whose annotations, names and namespaces are arbitrary strings
 * (the separators of the ownership format, quotes, `%`, Unicode, the other cluster's own set
 * identifier and hostnames) go through the real sources and the planner of cluster-1, over a zone
 * where cluster-2 already wrote its members. Whatever they say, cluster-1 never changes or deletes a
 * record cluster-2 wrote — while they exist, while they change, and once they are deleted.
 */

const HOSTS = ["a.example.com", "b.example.com", "example.com", "*.w.example.com"];
const P = "route53-gslb.io/";

/** Strings built from the characters that matter to the ownership format, plus arbitrary ones. */
const hostileText = fc.oneof(
  fc.constantFrom(
    "cluster-2",
    "cluster-2,x=1",
    "cluster-2,set-identifier=cluster-2",
    "x,owner=cluster-2",
    "c%2C",
    "cluster-1",
    "eu",
    "",
  ),
  fc.string({ unit: fc.constantFrom(...'ab-2,=/%"\\ .é𝄞_'), maxLength: 24 }),
  fc.string({ maxLength: 12 }),
);

const hostileObject = fc.record({
  name: fc.oneof(fc.constantFrom("web", "api", "gw"), hostileText),
  namespace: fc.oneof(fc.constantFrom("default", "team-a"), hostileText),
  hostnames: fc.oneof(
    fc.subarray(HOSTS, { minLength: 1 }).map((h) => h.join(",")),
    hostileText,
    fc.constantFrom("s3.example_com", "a.example.com..", "42"),
  ),
  setIdentifier: fc.option(hostileText, { nil: undefined }),
  externalDnsSetIdentifier: fc.option(hostileText, { nil: undefined }),
  weight: fc.option(fc.oneof(fc.constantFrom("0", "50", "255"), hostileText), { nil: undefined }),
  policy: fc.option(fc.constantFrom("weighted", "simple", "latency", "failover", "multivalue"), {
    nil: undefined,
  }),
});
type HostileObject = typeof hostileObject extends fc.Arbitrary<infer T> ? T : never;

function service(o: HostileObject): unknown {
  const annotations: Record<string, string> = { [`${P}hostnames`]: o.hostnames };
  if (o.setIdentifier !== undefined) annotations[`${P}set-identifier`] = o.setIdentifier;
  if (o.externalDnsSetIdentifier !== undefined)
    annotations["external-dns.alpha.kubernetes.io/set-identifier"] = o.externalDnsSetIdentifier;
  if (o.weight !== undefined) annotations[`${P}weight`] = o.weight;
  if (o.policy !== undefined) annotations[`${P}routing-policy`] = o.policy;
  if (o.policy === "failover") annotations[`${P}failover`] = "secondary";
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: o.name, namespace: o.namespace, annotations },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ hostname: lbCluster1.dnsName }] } },
  };
}

/** cluster-2's own, well-behaved objects. */
function cluster2Objects(hosts: string[]): unknown[] {
  return hosts.map((h, i) => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `svc-${i}`, namespace: "default", annotations: { [`${P}hostnames`]: h } },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ hostname: lbCluster2.dnsName }] } },
  }));
}

const cfg = (cluster: string): PlannerConfig =>
  config({ clusterName: cluster, ownerId: cluster, maxDeletions: { kind: "percent", value: 100 } });

function plan(s: AwsState, cluster: string, objects: unknown[]): Plan {
  const { endpoints, skipped } = endpointsFromObjects(objects);
  return planChanges({ config: cfg(cluster), endpoints, skipped, state: s });
}

/** Apply a plan as Route 53 would, remembering who wrote each record (zone|name|type|set). */
function apply(s: AwsState, p: Plan, writers: Map<string, string>, writer: string): AwsState {
  for (const c of p.changes) {
    const key = recordKeyString(keyOf(c.record));
    if (c.action === "DELETE") writers.delete(key);
    else writers.set(key, writer);
  }
  return { ...s, zones: applyChangesToZones(s.zones, p.changes) };
}

/** Every change names a record `writer` wrote, or (CREATE) a free key or one it just deleted. */
function expectOnlyOwn(p: Plan, writers: Map<string, string>, writer: string): void {
  const deleted = new Set<string>();
  for (const c of p.changes) {
    const key = recordKeyString(keyOf(c.record));
    const who = writers.get(key);
    if (c.action === "CREATE") expect([key, who === undefined || deleted.has(key)]).toEqual([key, true]);
    else expect([key, c.action, who]).toEqual([key, c.action, writer]);
    if (c.action === "DELETE") deleted.add(key);
  }
}

/** Every ownership record a plan writes reads back as exactly what guards its member. */
function expectOwnershipRoundTrips(p: Plan, owner: string): void {
  const members = new Map(
    p.changes
      .filter((c) => c.purpose === "record" && c.action !== "DELETE")
      .map((c) => [`${c.record.name}|${c.record.type}`, c.record]),
  );
  for (const c of p.changes) {
    if (c.purpose !== "ownership" || c.action === "DELETE" || c.record.target.kind !== "values") continue;
    const read = readOwnershipValue(c.record.target.values.join(" "));
    expect(read.kind).toBe("ownership");
    if (read.kind !== "ownership") continue;
    expect(read.ownership.owner).toBe(owner);
    const guarded = guardedBy(c.record.name);
    const member = members.get(`${guarded?.host}|${guarded?.type}`);
    if (member) expect(read.ownership.setIdentifier).toBe(setIdentifierOf(member.policy));
  }
}

/** Every wish route53-gslb can record (policy-wish.ts). */
const wishArb: fc.Arbitrary<PolicyWish> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((weight) => ({ kind: "weighted" as const, weight })),
  fc.constantFrom(...LATENCY_REGIONS).map((region) => ({ kind: "latency" as const, region })),
  fc.constantFrom("PRIMARY", "SECONDARY" as const).map((role) => ({ kind: "failover" as const, role })),
  fc
    .constantFrom(
      { continentCode: "EU" },
      { countryCode: "DE" },
      { countryCode: "US", subdivisionCode: "CA" },
      { countryCode: "*" },
    )
    .map((location) => ({ kind: "geolocation" as const, location })),
  fc.constant({ kind: "multivalue" as const }),
  fc
    .tuple(
      fc.constantFrom(
        { kind: "region" as const, region: "eu-west-1" },
        { kind: "local-zone-group" as const, group: "us-west-2-lax-1" },
        { kind: "coordinates" as const, latitude: "-33.87", longitude: "151.21" },
      ),
      fc.integer({ min: -99, max: 99 }),
    )
    .map(([place, bias]) => ({ kind: "geoproximity" as const, place, bias: bias === 0 ? 0 : bias })),
);

describe("ownership under hostile input (property)", () => {
  it("no plan of cluster-1 ever changes or deletes a record cluster-2 wrote", () => {
    fc.assert(
      fc.property(
        fc.subarray(HOSTS, { minLength: 1 }),
        fc.array(hostileObject, { minLength: 1, maxLength: 5 }),
        fc.array(hostileObject, { maxLength: 5 }),
        (theirHosts, hostile, changed) => {
          const writers = new Map<string, string>();
          let s = state([zone([soa])]);
          s = apply(s, plan(s, "cluster-2", cluster2Objects(theirHosts)), writers, "cluster-2");

          // cluster-1's objects appear, change, and go; every plan on the way is checked.
          for (const objects of [hostile, changed, []].map((os) => os.map(service))) {
            const p = plan(s, "cluster-1", objects);
            expectOnlyOwn(p, writers, "cluster-1");
            expectOwnershipRoundTrips(p, "cluster-1");
            s = apply(s, p, writers, "cluster-1");
          }
          // And cluster-2, planning again with the same objects, has nothing to do: its members are intact.
          expect(plan(s, "cluster-2", cluster2Objects(theirHosts)).changes).toEqual([]);
          // Once cluster-1's objects are gone, nothing of cluster-1 is left behind (no orphan takes traffic).
          expect([...writers.values()].filter((w) => w === "cluster-1")).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("every ownership value parses back to exactly what was written", () => {
    const text = fc.oneof(hostileText, fc.string({ unit: "grapheme", maxLength: 40 }));
    const ownership = fc.record(
      {
        owner: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
        setIdentifier: text.filter((t) => t !== ""),
        resource: fc.record({
          group: fc.constantFrom("", "gateway.networking.k8s.io", "networking.istio.io"),
          kind: fc.constantFrom("Service", "Gateway", "HTTPRoute"),
          namespace: text,
          name: text,
        }),
        drained: fc.record({ restoreWeight: fc.integer({ min: 0, max: 255 }) }, { requiredKeys: [] }),
        wants: wishArb,
      },
      { requiredKeys: ["owner"] },
    );
    fc.assert(
      fc.property(ownership, (o: Ownership) => {
        expect(parseOwnershipValue(ownershipValue(o))).toEqual(o);
      }),
      { numRuns: 1000 },
    );
  });
});
