import { describe, expect, it } from "vitest";
import { applyChangesToZones } from "../../../src/model/applied-state.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { editOf, recordsEdited } from "../../../src/model/record-edits.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { handMade, soa, ZONE_ID, zone } from "../../fixtures/planner.js";

const a = handMade("a.example.com", "A", ["192.0.2.1"]);
const aaaa = handMade("a.example.com", "AAAA", ["2001:db8::1"]);
const b = handMade("b.example.com", "A", ["192.0.2.2"]);
const c = handMade("c.example.com", "A", ["192.0.2.3"]);

const change = (action: RecordChange["action"], record: RecordSet): RecordChange => ({
  action,
  zoneId: ZONE_ID,
  zoneName: "example.com.",
  group: `${ZONE_ID}|${record.name}`,
  purpose: "record",
  record,
});

describe("recordsEdited", () => {
  it("keeps records at other names as the same objects and in place; replaces, drops and appends at the names", () => {
    const from = [soa, a, b, aaaa, c];
    const a2 = handMade("a.example.com", "A", ["192.0.2.9"]);
    const d = handMade("d.example.com");
    const out = recordsEdited(
      from,
      new Set(["a.example.com.", "d.example.com."]),
      (r) => (r === a ? a2 : undefined),
      [d],
    );
    expect(out).toEqual([soa, a2, b, c, d]);
    expect(out[2]).toBe(b);
    expect(from).toEqual([soa, a, b, aaaa, c]);
    expect(editOf(out)).toEqual({ from, names: new Set(["a.example.com.", "d.example.com."]) });
    expect(editOf(from)).toBeUndefined();
  });
});

describe("applyChangesToZones", () => {
  const table: [string, RecordSet[], RecordChange[], RecordSet[]][] = [
    ["CREATE appends", [soa, a], [change("CREATE", b)], [soa, a, b]],
    [
      "UPSERT replaces in place",
      [soa, a, b],
      [change("UPSERT", handMade("a.example.com", "A", ["192.0.2.7"]))],
      [soa, handMade("a.example.com", "A", ["192.0.2.7"]), b],
    ],
    ["DELETE removes exactly the key", [soa, a, aaaa, b], [change("DELETE", a)], [soa, aaaa, b]],
    [
      "the last change of a key wins",
      [soa, a],
      [change("DELETE", a), change("CREATE", handMade("a.example.com", "A", ["192.0.2.8"]))],
      [soa, handMade("a.example.com", "A", ["192.0.2.8"])],
    ],
    ["deleting a key the zone does not hold changes nothing", [soa, a], [change("DELETE", b)], [soa, a]],
  ];
  for (const [what, records, changes, expected] of table) {
    it(what, () => {
      const [after] = applyChangesToZones([zone(records)], changes);
      expect(after?.records).toEqual(expected);
    });
  }

  it("leaves zones without changes as the same object, and notes the edit of the others", () => {
    const other = zone([soa], "ZOTHER", "other.example.");
    const edited = zone([soa, a]);
    const [x, y] = applyChangesToZones([other, edited], [change("CREATE", b)]);
    expect(x).toBe(other);
    expect(editOf(y?.records ?? [])).toEqual({ from: edited.records, names: new Set(["b.example.com."]) });
  });
});
