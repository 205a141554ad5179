import { describe, expect, it } from "vitest";
import { namesToReread } from "../../../src/controller/write-preconditions.js";
import type { Plan, RecordChange } from "../../../src/model/changes.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import { emptyPlan } from "../../fixtures/plans.js";

const member = (name: string, weight: number) => ({
  name,
  type: "A",
  policy: { kind: "weighted" as const, setIdentifier: "c1", weight },
  target: { kind: "values" as const, values: ["192.0.2.1"], ttl: 60 },
});

function change(
  action: RecordChange["action"],
  purpose: RecordChange["purpose"],
  name: string,
  zoneId = "Z1",
): RecordChange {
  const record = purpose === "record" ? member(name, 1) : ownershipRecord(name, "A", { owner: "c1" });
  return { zoneId, zoneName: "example.com.", action, purpose, record, group: `${zoneId}|${name}` };
}

const plan = (changes: RecordChange[]): Plan => ({
  ...emptyPlan(),
  clusterName: "c1",
  ownerId: "c1",
  changes,
});

describe("namesToReread", () => {
  const table: { name: string; changes: RecordChange[]; expected: Record<string, string[]> }[] = [
    { name: "nothing to write", changes: [], expected: {} },
    {
      name: "a group of CREATEs only needs no re-read (a CREATE over a new record fails)",
      changes: [
        change("CREATE", "record", "new.example.com."),
        change("CREATE", "ownership", "new.example.com."),
      ],
      expected: {},
    },
    {
      name: "a weight UPSERT re-reads the member and its ownership TXT (where a drain mark lives)",
      changes: [change("UPSERT", "record", "web.example.com.")],
      expected: { Z1: ["_gslb-a.web.example.com.", "web.example.com."] },
    },
    {
      name: "a group of DELETEs only needs no re-read (a DELETE of a changed record fails)",
      changes: [
        change("DELETE", "record", "old.example.com.", "Z2"),
        change("DELETE", "ownership", "old.example.com.", "Z2"),
        change("UPSERT", "record", "web.example.com."),
      ],
      expected: { Z1: ["_gslb-a.web.example.com.", "web.example.com."] },
    },
    {
      name: "a group that deletes and creates re-reads every name of its group, per zone",
      changes: [
        change("DELETE", "record", "old.example.com.", "Z2"),
        change("CREATE", "ownership", "old.example.com.", "Z2"),
        change("UPSERT", "record", "web.example.com."),
      ],
      expected: {
        Z1: ["_gslb-a.web.example.com.", "web.example.com."],
        Z2: ["_gslb-a.old.example.com.", "old.example.com."],
      },
    },
  ];
  for (const t of table) {
    it(t.name, () => {
      expect(Object.fromEntries(namesToReread(plan(t.changes)))).toEqual(t.expected);
    });
  }

  it("re-reads the member of an in-place takeover, which the plan itself never writes", () => {
    const taken = member("web.example.com.", 100);
    const registry: RecordChange = {
      ...change("DELETE", "ownership", "web.example.com."),
      record: { ...taken, name: "a-web.example.com.", type: "TXT" },
    };
    const ours = change("CREATE", "ownership", "web.example.com.");
    const p: Plan = {
      ...plan([registry, ours]),
      takeovers: [
        {
          zoneId: "Z1",
          zoneName: "example.com.",
          how: "in-place",
          current: taken,
          desired: taken,
          externalDns: { owner: "team-a", records: [registry.record] },
          group: "Z1|web.example.com.",
        },
      ],
    };
    expect(Object.fromEntries(namesToReread(p))).toEqual({
      Z1: ["_gslb-a.web.example.com.", "a-web.example.com.", "web.example.com."],
    });
  });
});
