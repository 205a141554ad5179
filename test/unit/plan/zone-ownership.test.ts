import { describe, expect, it } from "vitest";
import { problemMessage as msgOf, type Problem } from "../../../src/model/problem.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { formatSourceRef } from "../../../src/model/source-ref.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import { allOwnershipConflicts, hostOwnership, zoneOwnership } from "../../../src/plan/zone-ownership.js";
import { handMade, ownedWeighted, soa, zone } from "../../fixtures/planner.js";

/** A skip's or conflict's problem as plan output words it. */
const msg = (s: { problem: Problem } | undefined): string => (s ? msgOf(s.problem) : "");

const untrusted = (value: string, setIdentifier = "cluster-1"): RecordSet => ({
  ...ownershipRecord("x.example.com.", "A", { owner: setIdentifier }),
  policy: { kind: "weighted", setIdentifier, weight: 0 },
  target: { kind: "values", values: [value], ttl: 300 },
});

describe("zoneOwnership", () => {
  it("ours: one trusted record of this owner guards the member", () => {
    const z = zone([soa, ...ownedWeighted("a.example.com", "cluster-1", 10)]);
    const owned = zoneOwnership(z, "cluster-1");
    expect([...owned.members.keys()]).toEqual(["a.example.com.|A|cluster-1"]);
    expect(owned.conflicts).toEqual([]);
  });

  it("theirs: another owner's member is not in this owner's view", () => {
    const z = zone([soa, ...ownedWeighted("a.example.com", "cluster-2", 10)]);
    expect(zoneOwnership(z, "cluster-1").members.size).toBe(0);
  });

  it("a name that is itself an ownership name is never a member, whatever guards it", () => {
    // Hostnames cannot start with `_`: a "member" at `_gslb-a.a.example.com.` guarded by
    // `_gslb-txt._gslb-a.a.example.com.` can only be forged, and would be this owner's own TXT.
    const owned = ownedWeighted("a.example.com", "cluster-1", 10);
    const guardOfGuard = ownershipRecord("_gslb-a.a.example.com.", "TXT", {
      owner: "cluster-1",
      setIdentifier: "cluster-1",
    });
    const z = zone([soa, ...owned, guardOfGuard]);
    const view = zoneOwnership(z, "cluster-1");
    expect([...view.members.keys()]).toEqual(["a.example.com.|A|cluster-1"]);
    expect(hostOwnership(z, "_gslb-a.a.example.com.", "cluster-1").members).toEqual([]);
  });

  it("what is read at a host is read again for another owner or zone, not taken from the first", () => {
    const z = zone([soa, ...ownedWeighted("a.example.com", "cluster-1", 10)]);
    expect(hostOwnership(z, "a.example.com.", "cluster-1").members).toHaveLength(1);
    expect(hostOwnership(z, "a.example.com.", "cluster-2").members).toHaveLength(0);
    const claim = ownershipRecord("a.example.com.", "A", { owner: "cluster-1", setIdentifier: "cluster-2" });
    const contested = zone([soa, ...ownedWeighted("a.example.com", "cluster-2", 10), claim]);
    const renamed = { ...contested, id: "ZOTHER" };
    expect(hostOwnership(contested, "a.example.com.", "cluster-1").conflicts[0]?.zoneId).toBe("ZEXAMPLE");
    expect(hostOwnership(renamed, "a.example.com.", "cluster-1").conflicts[0]?.zoneId).toBe("ZOTHER");
  });

  it("hand-made records are nobody's", () => {
    expect(zoneOwnership(zone([soa, handMade("a.example.com")]), "cluster-1").members.size).toBe(0);
  });

  it("contested: two owners claim one member; the host is frozen for both and both claims are named", () => {
    const theirs = ownedWeighted("a.example.com", "cluster-2", 10);
    const claim = ownershipRecord("a.example.com.", "A", { owner: "cluster-1", setIdentifier: "cluster-2" });
    const z = zone([soa, ...theirs, claim]);
    for (const owner of ["cluster-1", "cluster-2"]) {
      const owned = zoneOwnership(z, owner);
      expect(owned.members.size).toBe(0);
      expect([...owned.frozenHosts.keys()]).toEqual(["a.example.com."]);
      expect(
        owned.conflicts.map((c) =>
          c.claims.map((k) => `${k.owner} ${k.source ? formatSourceRef(k.source) : "-"}`),
        ),
      ).toEqual([["cluster-1 -", "cluster-2 gateway.networking.k8s.io/Gateway bookinfo/gw-a"]]);
    }
    expect(zoneOwnership(z, "cluster-3").conflicts).toEqual([]);
    expect(allOwnershipConflicts(z)).toHaveLength(1);
  });

  const untrustedTable: [string, RecordSet, boolean][] = [
    [
      "duplicate key",
      untrusted('"heritage=route53-gslb,owner=cluster-1,set-identifier=a,set-identifier=b"'),
      true,
    ],
    ["unknown key", untrusted('"heritage=route53-gslb,owner=cluster-1,set-identifier=a,x=1"'), true],
    [
      "SetIdentifier other than the owner",
      untrusted('"heritage=route53-gslb,owner=cluster-1,set-identifier=a"', "cluster-2"),
      true,
    ],
    [
      "another owner's broken record",
      untrusted('"heritage=route53-gslb,owner=cluster-9,set-identifier=,x=1"', "cluster-9"),
      false,
    ],
    ["another tool's TXT", untrusted('"v=spf1 -all"'), false],
  ];
  for (const [what, record, reported] of untrustedTable) {
    it(`untrusted (${what}): guards nothing${reported ? ", reported to the owner it names" : ""}`, () => {
      const owned = zoneOwnership(zone([soa, record, handMade("x.example.com")]), "cluster-1");
      expect(owned.members.size).toBe(0);
      expect(owned.conflicts.map((c) => msg(c).startsWith("untrusted ownership record: "))).toEqual(
        reported ? [true] : [],
      );
    });
  }
});
