import { describe, expect, it } from "vitest";
import type { ChangePolicy } from "../../../src/config/config.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { type CurrentHost, type DesiredHost, diffHost } from "../../../src/plan/host-diff.js";
import { endpoint, handMade, zone } from "../../fixtures/planner.js";

const host = "a.example.com.";
const weighted = (weight: number, setIdentifier = "cluster-1"): RecordSet => ({
  ...handMade(host),
  policy: { kind: "weighted", setIdentifier, weight },
});
const desired = (...records: RecordSet[]): DesiredHost => ({
  claim: { endpoint: endpoint("a.example.com"), zone: zone(), records, healthCheck: { kind: "none" } },
  records,
});
const current = (...members: RecordSet[]): CurrentHost => ({
  members,
  txt: new Map(
    members.map((m) => [m.type, { ...handMade(`_gslb-a.${host}`, "TXT"), name: `_gslb-a.${host}` }]),
  ),
  resource: undefined,
});
const diff = (
  d: DesiredHost | undefined,
  c: CurrentHost,
  policy: ChangePolicy = "sync",
  holdReason?: string,
) =>
  diffHost(host, d, c, {
    zone: zone(),
    ownerId: "cluster-1",
    policy,
    source: undefined,
    ...(holdReason ? { holdReason } : {}),
  });
const summary = (changes: { action: string; purpose: string }[]) =>
  changes.map((c) => `${c.action} ${c.purpose}`);

describe("diffHost", () => {
  it("– / member: CREATE member + CREATE ownership", () => {
    expect(summary(diff(desired(weighted(10)), current()).changes)).toEqual([
      "CREATE record",
      "CREATE ownership",
    ]);
  });
  it("member / same content: only the ownership value is brought up to date", () => {
    const out = diff(desired(weighted(10)), current(weighted(10)));
    expect(summary(out.changes).filter((c) => c.endsWith("record"))).toEqual([]);
  });
  it("member / new weight: UPSERT", () => {
    expect(summary(diff(desired(weighted(20)), current(weighted(10))).changes)).toContain("UPSERT record");
  });
  it("member / another set identifier: DELETE old + CREATE new", () => {
    expect(summary(diff(desired(weighted(10, "eu")), current(weighted(10))).changes).slice(0, 2)).toEqual([
      "DELETE record",
      "CREATE record",
    ]);
  });
  it("member / –: one deletion group for the guard", () => {
    const out = diff(undefined, current(weighted(10)));
    expect(out.changes).toEqual([]);
    expect(summary(out.deletion ?? [])).toEqual(["DELETE record", "DELETE ownership"]);
  });
  it("member / – while held: nothing deleted, shown as held", () => {
    const out = diff(
      undefined,
      current(weighted(10)),
      "sync",
      "held: Service default/web cannot be used (x)",
    );
    expect(out.deletion).toBeUndefined();
    expect(out.heldBack.map((h) => h.reason)).toEqual([
      "held: Service default/web cannot be used (x)",
      "held: Service default/web cannot be used (x)",
    ]);
  });
  it("create-only holds an update back", () => {
    const out = diff(desired(weighted(20)), current(weighted(10)), "create-only");
    expect(summary(out.changes)).not.toContain("UPSERT record");
    expect(out.heldBack.map((h) => h.reason)).toContain("--policy create-only does not allow updates");
  });
});
