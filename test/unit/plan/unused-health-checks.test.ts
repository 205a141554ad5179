import { describe, expect, it } from "vitest";
import type { RecordChange } from "../../../src/model/changes.js";
import type { HealthCheck } from "../../../src/model/health-check.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { healthCheckSpec } from "../../../src/plan/health-planner.js";
import { unusedHealthChecks } from "../../../src/plan/unused-health-checks.js";
import { handMade, state, zone } from "../../fixtures/planner.js";

const check = (id: string): HealthCheck => ({
  id,
  callerReference: `ref-${id}`,
  version: 1,
  spec: healthCheckSpec({}, "a.example.com."),
  tags: { "route53-gslb/owner": "cluster-1", "route53-gslb/hostname": "a.example.com" },
});
const withCheck = (id: string): RecordSet => ({ ...handMade("a.example.com"), healthCheckId: id });
const del = (record: RecordSet): RecordChange => ({
  zoneId: "ZEXAMPLE",
  zoneName: "example.com.",
  action: "DELETE",
  purpose: "record",
  record,
  group: "g",
});

describe("unusedHealthChecks", () => {
  const owned = [check("hc-1")];
  const records = (changes: RecordChange[]) => ({ records: changes, checks: [] });
  it("keeps a check a record still refers to", () => {
    const s = state([zone([withCheck("hc-1")])]);
    expect(unusedHealthChecks(s, owned, new Set(), records([]), "sync")).toEqual([]);
  });
  it("deletes a check once the plan deletes the last record that refers to it", () => {
    const s = state([zone([withCheck("hc-1")])]);
    expect(
      unusedHealthChecks(s, owned, new Set(), records([del(withCheck("hc-1"))]), "sync").map((c) => c.id),
    ).toEqual(["hc-1"]);
  });
  it("keeps a check the plan's records will use", () => {
    expect(unusedHealthChecks(state([zone()]), owned, new Set(["hc-1"]), records([]), "sync")).toEqual([]);
  });
  it("deletes nothing when the policy forbids deletions", () => {
    expect(unusedHealthChecks(state([zone()]), owned, new Set(), records([]), "upsert-only")).toEqual([]);
  });
});
