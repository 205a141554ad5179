import { describe, expect, it } from "vitest";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { AwsState } from "../../../src/model/aws-state.js";
import type { Plan } from "../../../src/model/changes.js";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { setIdentifierOf } from "../../../src/model/routing-policy.js";
import { ownershipRecord, readOwnershipValue } from "../../../src/plan/ownership.js";
import { planChanges } from "../../../src/plan/planner.js";
import { endpointsFromObjects } from "../../../src/sources/source.js";
import { config, lbCluster1, lbCluster2, soa, state, zone } from "../../fixtures/planner.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

/*
 * DESIGN.md "Trust boundaries", one case per row, through the real sources and planner: what an
 * untrusted object or record can no longer make a cluster do.
 */

const P = "route53-gslb.io/";

function service(
  name: unknown,
  annotations: Record<string, string>,
  lb = lbCluster1.dnsName,
  namespace: unknown = "default",
): unknown {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, annotations },
    spec: { type: "LoadBalancer" },
    status: { loadBalancer: { ingress: [{ hostname: lb }] } },
  };
}

function plan(s: AwsState, cluster: string, objects: unknown[]): Plan {
  const { endpoints, skipped } = endpointsFromObjects(objects);
  return planChanges({
    config: config({ clusterName: cluster, ownerId: cluster, maxDeletions: { kind: "percent", value: 100 } }),
    endpoints,
    skipped,
    state: s,
  });
}

function apply(s: AwsState, p: Plan): AwsState {
  return { ...s, zones: applyChangesToZones(s.zones, p.changes) };
}

function records(s: AwsState): RecordSet[] {
  return s.zones[0]?.records ?? [];
}

/** `name TYPE set` of the members (not TXT, not SOA) in the zone. */
function members(s: AwsState): string[] {
  return records(s)
    .filter((r) => r.type !== "TXT" && r.type !== "SOA")
    .map((r) => `${r.name} ${r.type} ${setIdentifierOf(r.policy) ?? "-"}`)
    .sort();
}

/** cluster-2 has published app.example.com. */
function withCluster2(): AwsState {
  const s = state([zone([soa])]);
  return apply(
    s,
    plan(s, "cluster-2", [service("app", { [`${P}hostnames`]: "app.example.com" }, lbCluster2.dnsName)]),
  );
}

describe("one cluster can never delete another cluster's member", () => {
  const attacks: [string, Record<string, string>][] = [
    ["set-identifier smuggling a second key", { [`${P}set-identifier`]: "cluster-2,x=1" }],
    ["set-identifier repeating the key", { [`${P}set-identifier`]: "cluster-2,set-identifier=cluster-2" }],
    [
      "external-dns set-identifier alias",
      { "external-dns.alpha.kubernetes.io/set-identifier": "cluster-2,x=1" },
    ],
    ["the other cluster's set identifier itself", { [`${P}set-identifier`]: "cluster-2" }],
  ];
  for (const [what, extra] of attacks) {
    it(`${what}: cluster-2's member survives the attacker's object coming and going`, () => {
      let s = withCluster2();
      const before = members(s);
      const attacker = service("evil", { [`${P}hostnames`]: "app.example.com", ...extra });
      const p1 = plan(s, "cluster-1", [attacker]);
      s = apply(s, p1);
      // Whatever cluster-1 wrote, its ownership record claims only its own member.
      for (const c of p1.changes.filter(
        (c) => c.purpose === "ownership" && c.record.target.kind === "values",
      )) {
        const read = readOwnershipValue(
          c.record.target.kind === "values" ? (c.record.target.values[0] ?? "") : "",
        );
        expect(read.kind).toBe("ownership");
        if (read.kind === "ownership") expect(read.ownership.setIdentifier).not.toBe("cluster-2");
      }
      const gone = plan(s, "cluster-1", []);
      s = apply(s, gone);
      expect(members(s)).toEqual(before);
      expect(
        plan(s, "cluster-2", [service("app", { [`${P}hostnames`]: "app.example.com" }, lbCluster2.dnsName)])
          .changes,
      ).toEqual([]);
    });
  }

  it("a name or namespace carrying `,set-identifier=` cannot claim through `resource=`", () => {
    let s = withCluster2();
    const before = members(s);
    const attacker = service("x,set-identifier=cluster-2", { [`${P}hostnames`]: "app.example.com" });
    s = apply(s, plan(s, "cluster-1", [attacker]));
    s = apply(s, plan(s, "cluster-1", []));
    expect(members(s)).toEqual(before);
  });
});

describe("a member two ownership records claim is contested", () => {
  /** cluster-1 forged (or a bug wrote) an ownership record naming cluster-2's member. */
  function contested(): AwsState {
    const s = withCluster2();
    const forged = ownershipRecord("app.example.com.", "A", {
      owner: "cluster-1",
      setIdentifier: "cluster-2",
    });
    return { ...s, zones: [zone([...records(s), forged])] };
  }

  it("nobody changes or deletes it, and both plans name both claims", () => {
    const s = contested();
    const c1 = plan(s, "cluster-1", []);
    const c2 = plan(s, "cluster-2", []); // cluster-2's Service is gone: it would delete, but may not
    for (const p of [c1, c2]) {
      expect(p.changes).toEqual([]);
      expect(p.conflicts.map((c) => c.claims.map((k) => k.owner))).toEqual([["cluster-1", "cluster-2"]]);
      expect(msg(p.conflicts[0])).toMatch(/^contested: app\.example\.com A set=cluster-2 is claimed by/);
    }
  });

  it("a cluster that wants the name is skipped with the conflict, not allowed to write", () => {
    const s = contested();
    const p = plan(s, "cluster-2", [
      service("app", { [`${P}hostnames`]: "app.example.com" }, lbCluster1.dnsName),
    ]);
    expect(p.changes).toEqual([]);
    expect(p.skipped.map((k) => msg(k))).toEqual([expect.stringMatching(/^contested: /)]);
  });
});

describe("ownership records that do not read back exactly are not anyone's", () => {
  const forgeries: [string, string][] = [
    [
      "duplicate key",
      '"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-1,set-identifier=cluster-2"',
    ],
    ["unknown key", '"heritage=route53-gslb,owner=cluster-1,set-identifier=cluster-2,x=1"'],
    ["raw comma inside a value", '"heritage=route53-gslb,owner=cluster-1,set-identifier=c2,x"'],
    ["fields out of order", '"heritage=route53-gslb,set-identifier=cluster-2,owner=cluster-1"'],
    ["lower-case escape", '"heritage=route53-gslb,owner=cluster-1,set-identifier=c%2c"'],
  ];
  for (const [what, value] of forgeries) {
    it(`${what}: cluster-1 neither deletes the member it names nor trusts it, and reports it`, () => {
      const s0 = withCluster2();
      const forged: RecordSet = {
        ...ownershipRecord("app.example.com.", "A", { owner: "cluster-1" }),
        target: { kind: "values", values: [value], ttl: 300 },
      };
      const s = { ...s0, zones: [zone([...records(s0), forged])] };
      const p = plan(s, "cluster-1", []);
      expect(p.changes).toEqual([]);
      expect(p.conflicts.map((c) => msg(c))).toEqual([
        expect.stringMatching(/^untrusted ownership record: /),
      ]);
    });
  }
});

describe("records of an object that exists but cannot be read are held", () => {
  const good = () => service("web", { [`${P}hostnames`]: "s1.example.com,s3.example.com" });
  /** cluster-1 has published s1 and s3 through Service default/web. */
  function published(): AwsState {
    const s = state([zone([soa])]);
    return apply(s, plan(s, "cluster-1", [good()]));
  }
  const broken: [string, unknown][] = [
    ["a hostname typo", service("web", { [`${P}hostnames`]: "s1.example.com,s3.example_com" })],
    ["a trailing double dot", service("web", { [`${P}hostnames`]: "s1.example.com.." })],
    ["a bad annotation", service("web", { [`${P}hostnames`]: "s1.example.com", [`${P}weight`]: "heavy" })],
    ["metadata.name a number", service(1234, { [`${P}hostnames`]: "s1.example.com" })],
    ["metadata.namespace a list", service("web", { [`${P}hostnames`]: "s1.example.com" }, undefined, ["a"])],
  ];
  for (const [what, object] of broken) {
    it(`${what}: nothing is deleted; the deletions show as held with the reason`, () => {
      const s = published();
      const p = plan(s, "cluster-1", [object]);
      expect(p.changes.filter((c) => c.action === "DELETE")).toEqual([]);
      expect(p.heldBack.length).toBeGreaterThan(0);
      expect(p.heldBack.every((h) => h.reason.startsWith("held: ") && h.kind === "unreadable-object")).toBe(
        true,
      );
    });
  }

  it("a Gateway whose listener hostname has the wrong type (`hostname: 42`) holds its records", () => {
    const gateway = (hostname: unknown) => ({
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "gw", namespace: "default" },
      spec: { listeners: [{ name: "https", port: 443, protocol: "HTTPS", hostname }] },
      status: { addresses: [{ type: "Hostname", value: lbCluster1.dnsName }] },
    });
    let s = state([zone([soa])]);
    s = apply(s, plan(s, "cluster-1", [gateway("g.example.com")]));
    expect(members(s)).toEqual(["g.example.com. A cluster-1"]);
    const p = plan(s, "cluster-1", [gateway(42)]);
    expect(p.changes).toEqual([]);
    expect(p.heldBack.map((h) => h.reason)).toContain(
      "held: gateway.networking.k8s.io/Gateway default/gw cannot be used (`spec.listeners[0].hostname` is 42; expected a hostname (the object's records are kept until it is fixed))",
    );
  });

  it("an object that is gone releases its records", () => {
    const s = published();
    const p = plan(s, "cluster-1", []);
    expect(p.changes.filter((c) => c.action === "DELETE" && c.purpose === "record")).toHaveLength(2);
    expect(p.heldBack).toEqual([]);
  });

  it("an object that opts out releases its records", () => {
    const s = published();
    const p = plan(s, "cluster-1", [
      service("web", { [`${P}hostnames`]: "s1.example.com", [`${P}enabled`]: "false" }),
    ]);
    expect(p.changes.filter((c) => c.action === "DELETE" && c.purpose === "record")).toHaveLength(2);
  });

  it("a fixed object picks up where it left off: s3 was held, now it is deleted as asked", () => {
    let s = published();
    s = apply(
      s,
      plan(s, "cluster-1", [service("web", { [`${P}hostnames`]: "s1.example.com,s3.example_com" })]),
    );
    expect(members(s)).toEqual(["s1.example.com. A cluster-1", "s3.example.com. A cluster-1"]);
    s = apply(s, plan(s, "cluster-1", [service("web", { [`${P}hostnames`]: "s1.example.com" })]));
    expect(members(s)).toEqual(["s1.example.com. A cluster-1"]);
  });
});

describe("the new kinds follow the hold rule (Ingress, DNSEndpoint, the Gateway API routes)", () => {
  const dnsEndpoint = (name: unknown, endpoints: unknown, namespace: unknown = "default") => ({
    apiVersion: "externaldns.k8s.io/v1alpha1",
    kind: "DNSEndpoint",
    metadata: { name, namespace },
    spec: { endpoints },
  });
  const a = (dnsName: string, extra: Record<string, unknown> = {}) => ({
    dnsName,
    recordType: "A",
    targets: ["192.0.2.1"],
    ...extra,
  });
  const ingress = (name: unknown, hosts: unknown[]) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "default" },
    spec: { rules: hosts.map((host) => ({ host })) },
    status: { loadBalancer: { ingress: [{ hostname: lbCluster1.dnsName }] } },
  });
  const gateway = {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: { name: "gw", namespace: "default" },
    spec: { listeners: [{ name: "tls", port: 443, protocol: "TLS" }] },
    status: { addresses: [{ type: "Hostname", value: lbCluster1.dnsName }] },
  };
  const tlsRoute = (name: unknown, hostnames: unknown) => ({
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "TLSRoute",
    metadata: { name, namespace: "default" },
    spec: { hostnames, parentRefs: [{ name: "gw" }] },
  });

  const cases: [string, unknown[], unknown[]][] = [
    [
      "DNSEndpoint: a bad value in one entry",
      [dnsEndpoint("dns", [a("d1.example.com"), a("d2.example.com")])],
      [
        dnsEndpoint("dns", [
          a("d1.example.com", {
            setIdentifier: "x",
            providerSpecific: [{ name: "aws/weight", value: "heavy" }],
          }),
        ]),
      ],
    ],
    [
      "DNSEndpoint: an entry of the wrong type",
      [dnsEndpoint("dns", [a("d1.example.com"), a("d2.example.com")])],
      [dnsEndpoint("dns", [a("d1.example.com"), { dnsName: 42 }])],
    ],
    [
      "DNSEndpoint: metadata.name a number",
      [dnsEndpoint("dns", [a("d1.example.com"), a("d2.example.com")])],
      [dnsEndpoint(1234, [])],
    ],
    [
      "Ingress: a host typo",
      [ingress("web", ["i1.example.com", "i2.example.com"])],
      [ingress("web", ["i1.example.com", "i2.example_com"])],
    ],
    [
      "Ingress: a host of the wrong type",
      [ingress("web", ["i1.example.com", "i2.example.com"])],
      [ingress("web", [42])],
    ],
    [
      "Ingress: metadata.namespace a list",
      [ingress("web", ["i1.example.com", "i2.example.com"])],
      [{ ...ingress("web", []), metadata: { name: "web", namespace: ["x"] } }],
    ],
    [
      "TLSRoute: hostnames of the wrong type",
      [gateway, tlsRoute("db", ["t1.example.com", "t2.example.com"])],
      [gateway, tlsRoute("db", "t1.example.com")],
    ],
    [
      "TLSRoute: metadata.name a number",
      [gateway, tlsRoute("db", ["t1.example.com", "t2.example.com"])],
      [gateway, tlsRoute(7, [])],
    ],
  ];
  it.each(cases)("%s: nothing is deleted; the deletions show as held", (_what, before, after) => {
    let s = state([zone([soa])]);
    s = apply(s, plan(s, "cluster-1", before));
    expect(members(s)).toHaveLength(2);
    const p = plan(s, "cluster-1", after);
    expect(p.changes.filter((c) => c.action === "DELETE")).toEqual([]);
    expect(p.heldBack.length).toBeGreaterThan(0);
    expect(p.heldBack.every((h) => h.reason.startsWith("held: "))).toBe(true);
  });

  it("a DNSEndpoint entry of a record type route53-gslb does not write holds only its own name", () => {
    let s = state([zone([soa])]);
    s = apply(s, plan(s, "cluster-1", [dnsEndpoint("dns", [a("d1.example.com"), a("d2.example.com")])]));
    const mx = { dnsName: "d1.example.com", recordType: "MX", targets: ["10 mx.example.com"] };
    // d1's A is no longer asked for, but the MX entry at d1 cannot be read as a record: d1 is held;
    // d2 goes as asked.
    const p = plan(s, "cluster-1", [dnsEndpoint("dns", [mx])]);
    expect(
      p.changes.filter((c) => c.action === "DELETE" && c.purpose === "record").map((c) => c.record.name),
    ).toEqual(["d2.example.com."]);
    expect(p.heldBack.map((h) => h.change.record.name)).toContain("d1.example.com.");
  });
});
