import { describe, expect, it } from "vitest";
import type { ChangePolicy, MaxDeletions } from "../../../src/config/config.js";
import type { RecordChange } from "../../../src/model/changes.js";
import { guardDeletions } from "../../../src/plan/deletion-guard.js";
import { handMade } from "../../fixtures/planner.js";

const group = (host: string): RecordChange[] =>
  (["record", "ownership"] as const).map((purpose) => ({
    zoneId: "Z",
    zoneName: "example.com.",
    action: "DELETE",
    purpose,
    record: handMade(host),
    group: `Z|${host}`,
  }));

describe("guardDeletions", () => {
  // policy, max, owned, recent, groups → passed groups, held reason
  const table: [string, ChangePolicy, MaxDeletions, number, number, number, number, RegExp | undefined][] = [
    ["within the budget: all pass", "sync", { kind: "percent", value: 50 }, 10, 0, 5, 5, undefined],
    [
      "past the budget: all are held, not half",
      "sync",
      { kind: "percent", value: 50 },
      10,
      0,
      6,
      0,
      /6 record deletions exceed --max-deletions \(5 of 10 owned records\)/,
    ],
    ["recent deletions count", "sync", { kind: "count", value: 3 }, 10, 2, 2, 0, /after 2 made moments ago/],
    ["at least one always passes", "sync", { kind: "percent", value: 50 }, 1, 0, 1, 1, undefined],
    [
      "upsert-only never deletes",
      "upsert-only",
      { kind: "percent", value: 100 },
      10,
      0,
      1,
      0,
      /--policy upsert-only does not allow deletes/,
    ],
    [
      "create-only never deletes",
      "create-only",
      { kind: "percent", value: 100 },
      10,
      0,
      1,
      0,
      /--policy create-only/,
    ],
  ];
  for (const [what, policy, maxDeletions, ownedRecords, recentDeletions, groups, passed, reason] of table) {
    it(what, () => {
      const deletions = Array.from({ length: groups }, (_, i) => group(`h${i}.example.com`));
      const out = guardDeletions(deletions, { policy, maxDeletions, ownedRecords, recentDeletions });
      expect(out.changes).toHaveLength(passed * 2);
      expect(out.heldBack).toHaveLength((groups - passed) * 2);
      for (const h of out.heldBack) {
        expect(h.reason).toMatch(reason ?? /never/);
        expect(h.kind).toBe(policy === "sync" ? "deletion-budget" : "policy");
      }
    });
  }
});
