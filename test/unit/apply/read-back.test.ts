import { describe, expect, it } from "vitest";
import { groupChanges } from "../../../src/apply/batches.js";
import { createReadBackResolver, groupInEffect, namesOf } from "../../../src/apply/read-back.js";
import type { RecordSet } from "../../../src/model/record-set.js";
import { aliasRecord, aliasWithOwnership, change, valuesRecord, ZONE_ID } from "../../fixtures/changes.js";

const host = "app.example.com.";
const created = aliasWithOwnership(host);
const current: RecordSet[] = created.map((c) => c.record);

describe("groupInEffect", () => {
  it("CREATEs are in effect when every record is there with the same content", () => {
    expect(groupInEffect(created, current)).toBe(true);
    expect(groupInEffect(created, current.slice(0, 1))).toBe(false);
    const otherValues = {
      ...valuesRecord(`_gslb.${host}`, ['"heritage=route53-gslb,owner=cluster-2"'], "TXT"),
    };
    expect(groupInEffect(created, [current[0] as RecordSet, otherValues])).toBe(false);
  });

  it("value order and alias spelling do not matter (as Route 53 answers them)", () => {
    const a = valuesRecord(host, ["192.0.2.1", "192.0.2.2"]);
    const listed = valuesRecord(host, ["192.0.2.2", "192.0.2.1"]);
    expect(groupInEffect([change(a)], [listed])).toBe(true);
    const alias = aliasRecord(host);
    const upper = {
      ...alias,
      target: { ...alias.target, dnsName: "DUALSTACK.GW-1-0123456789ABCDEF.ELB.EU-WEST-2.AMAZONAWS.COM" },
    } as RecordSet;
    expect(groupInEffect([change(alias)], [upper])).toBe(true);
  });

  it("DELETEs are in effect when the key is gone; a replacement is judged by its CREATE", () => {
    expect(groupInEffect(aliasWithOwnership(host, "DELETE"), [])).toBe(true);
    expect(groupInEffect(aliasWithOwnership(host, "DELETE"), current)).toBe(false);
    const old = valuesRecord(host, ["192.0.2.1"]);
    const next = valuesRecord(host, ["192.0.2.9"]);
    const replace = [change(old, { action: "DELETE" }), change(next)];
    expect(groupInEffect(replace, [next])).toBe(true);
    expect(groupInEffect(replace, [old])).toBe(false);
    expect(groupInEffect(replace, [])).toBe(false);
  });

  it("another member of the same name+type (another set identifier) is a different key", () => {
    const theirs: RecordSet = {
      ...valuesRecord(host, ["198.51.100.1"]),
      policy: { kind: "weighted", setIdentifier: "cluster-2", weight: 100 },
    };
    expect(groupInEffect([change(valuesRecord(host, ["192.0.2.1"]))], [theirs])).toBe(false);
    expect(groupInEffect([change(valuesRecord(host, ["192.0.2.1"]), { action: "DELETE" })], [theirs])).toBe(
      true,
    );
  });
});

describe("createReadBackResolver", () => {
  it("reads every name of the groups once and sorts the groups, keeping their order", async () => {
    const groups = groupChanges([...aliasWithOwnership("a.example.com."), ...created]);
    const asked: string[][] = [];
    const resolver = createReadBackResolver(async (_zone, names) => {
      asked.push([...names]);
      return { records: current, problems: [], pages: 2 };
    });
    const out = await resolver.readBack(ZONE_ID, groups);
    expect(asked).toEqual([namesOf(groups)]);
    expect(asked[0]).toEqual(["_gslb.a.example.com.", "_gslb.app.example.com.", "a.example.com.", host]);
    expect(out.inEffect.map((g) => g.group)).toEqual([`${host}|A`]);
    expect(out.needed.map((g) => g.group)).toEqual(["a.example.com.|A"]);
    expect(out.reads).toBe(2);
  });

  it("never takes a DELETE for applied when some record could not be read", async () => {
    const groups = groupChanges(aliasWithOwnership(host, "DELETE"));
    const resolver = createReadBackResolver(async () => ({
      records: [],
      problems: ["hosted zone Z: app.example.com. A: unsupported alias"],
      pages: 1,
    }));
    expect((await resolver.readBack(ZONE_ID, groups)).needed).toHaveLength(1);
  });
});
