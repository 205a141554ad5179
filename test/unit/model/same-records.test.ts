import { describe, expect, it } from "vitest";
import type { RecordSet } from "../../../src/model/record-set.js";
import { sameRecordSets } from "../../../src/model/same-records.js";

const a = (values: string[], weight = 10, extra: Partial<RecordSet> = {}): RecordSet => ({
  name: "app.example.com.",
  type: "A",
  policy: { kind: "weighted", setIdentifier: "c1", weight },
  target: { kind: "values", ttl: 60, values },
  ...extra,
});

describe("sameRecordSets", () => {
  it("is order-blind across record sets and key order, and absent equals undefined", () => {
    const reordered = {
      target: { values: ["192.0.2.1"], ttl: 60, kind: "values" },
      policy: { weight: 10, kind: "weighted", setIdentifier: "c1" },
      type: "A",
      name: "app.example.com.",
      healthCheckId: undefined,
    } as RecordSet;
    const other = { ...a(["192.0.2.9"]), name: "other.example.com." };
    expect(sameRecordSets([a(["192.0.2.1"]), other], [other, reordered])).toBe(true);
    expect(sameRecordSets([], [])).toBe(true);
  });

  it("tells apart any field: a weight, a value, its order, a health check, one record more", () => {
    const base = [a(["192.0.2.1", "192.0.2.2"])];
    expect(sameRecordSets(base, [a(["192.0.2.1", "192.0.2.2"], 0)])).toBe(false);
    expect(sameRecordSets(base, [a(["192.0.2.1", "192.0.2.3"])])).toBe(false);
    expect(sameRecordSets(base, [a(["192.0.2.2", "192.0.2.1"])])).toBe(false);
    expect(sameRecordSets(base, [a(["192.0.2.1", "192.0.2.2"], 10, { healthCheckId: "hc" })])).toBe(false);
    expect(sameRecordSets(base, [...base, ...base])).toBe(false);
  });
});
