import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { keyOf, type RecordSet, recordKeyString } from "../../../src/model/record-set.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import { type HostGroups, hostGroups, hostOfName } from "../../../src/plan/zone-hosts.js";
import { handMade, soa, ZONE_ID, zone } from "../../fixtures/planner.js";

describe("hostOfName", () => {
  const table: [string, string][] = [
    ["a.example.com.", "a.example.com."],
    ["_gslb-a.a.example.com.", "a.example.com."],
    ["_gslb-cname._wildcard.example.com.", "*.example.com."],
    ["_gslb-txt._gslb-a.a.example.com.", "_gslb-a.a.example.com."],
    ["_acme-challenge.example.com.", "_acme-challenge.example.com."],
  ];
  for (const [name, host] of table) it(`${name} -> ${host}`, () => expect(hostOfName(name)).toBe(host));
});

describe("hostGroups", () => {
  it("groups a host's records with the ownership records that guard it, in record-key order", () => {
    const a = handMade("a.example.com");
    const guard = ownershipRecord("a.example.com.", "A", { owner: "cluster-1" });
    const b = handMade("b.example.com");
    const groups = hostGroups([soa, a, b, guard]);
    expect(groups.get("a.example.com.")).toEqual([guard, a]); // "_gslb-a.a…" sorts before "a.…"
    expect(groups.get("b.example.com.")).toEqual([b]);
    expect(groups.get("example.com.")).toEqual([soa]);
  });

  it("after an edit, every group the edit did not touch is the same array", () => {
    const before = zone([soa, handMade("a.example.com"), handMade("b.example.com")]);
    const groupsBefore = hostGroups(before.records);
    const [after] = applyChangesToZones(
      [before],
      [
        {
          action: "CREATE",
          zoneId: ZONE_ID,
          zoneName: "example.com.",
          group: "g",
          purpose: "record",
          record: handMade("c.example.com"),
        },
      ],
    );
    const groups = hostGroups(after?.records ?? []);
    expect(groups.get("a.example.com.")).toBe(groupsBefore.get("a.example.com."));
    expect(groups.get("c.example.com.")?.map((r) => r.name)).toEqual(["c.example.com."]);
  });

  /** Groups by host, each as its record keys in order (the order is part of what is compared). */
  const normal = (groups: HostGroups) =>
    Object.fromEntries(
      [...groups.hosts()].map((host) => [
        host,
        (groups.get(host) ?? []).map((r) => recordKeyString(keyOf(r))),
      ]),
    );

  const hosts = ["a.example.com.", "b.example.com.", "*.example.com."];
  const recordArb: fc.Arbitrary<RecordSet> = fc.oneof(
    fc
      .record({ host: fc.constantFrom(...hosts), type: fc.constantFrom("A", "AAAA"), ip: fc.nat(3) })
      .map(({ host, type, ip }) =>
        handMade(host.slice(0, -1), type, [type === "A" ? `192.0.2.${ip}` : `2001:db8::${ip}`]),
      ),
    fc
      .record({ host: fc.constantFrom(...hosts), owner: fc.constantFrom("cluster-1", "cluster-2") })
      .map(({ host, owner }) => ownershipRecord(host, "A", { owner, setIdentifier: owner })),
  );
  const changeArb: fc.Arbitrary<RecordChange> = fc
    .record({ action: fc.constantFrom("CREATE", "UPSERT", "DELETE"), record: recordArb })
    .map(({ action, record }) => ({
      action,
      zoneId: ZONE_ID,
      zoneName: "example.com.",
      group: "g",
      purpose: "record" as const,
      record,
    }));

  it("groups made from an edit are the groups made from scratch (property)", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(recordArb, { selector: (r) => recordKeyString(keyOf(r)) }),
        // More edits than layers are kept (zone-hosts.ts), so the copy into a plain index is tested too.
        fc.array(fc.array(changeArb, { maxLength: 4 }), { maxLength: 12 }),
        (records, edits) => {
          let z = zone([soa, ...records]);
          hostGroups(z.records);
          for (const changes of edits) {
            [z] = applyChangesToZones([z], changes) as [typeof z];
            expect(normal(hostGroups(z.records))).toEqual(normal(hostGroups([...z.records])));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
