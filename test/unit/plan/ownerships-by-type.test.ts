import { describe, expect, it } from "vitest";
import type { FoundOwnership } from "../../../src/plan/ownership.js";
import { ownershipRecord } from "../../../src/plan/ownership.js";
import { OwnershipsByType } from "../../../src/plan/ownerships-by-type.js";

const found = (type: "A" | "AAAA"): FoundOwnership => ({
  record: ownershipRecord("web.example.com.", type, { owner: "cluster-1" }),
  host: "web.example.com.",
  type,
  ownership: { owner: "cluster-1" },
});

describe("OwnershipsByType", () => {
  const a = found("A");
  const aaaa = found("AAAA");

  it("reads like the Map of the same records by type", () => {
    const byType = new OwnershipsByType([a, aaaa]);
    const map = new Map([
      ["A", a],
      ["AAAA", aaaa],
    ]);
    expect(byType.size).toBe(map.size);
    expect(byType.get("AAAA")).toBe(aaaa);
    expect(byType.get("CNAME")).toBeUndefined();
    expect(byType.has("A")).toBe(true);
    expect(byType.has("TXT")).toBe(false);
    expect([...byType]).toEqual([...map]);
    expect([...byType.entries()]).toEqual([...map.entries()]);
    expect([...byType.keys()]).toEqual([...map.keys()]);
    expect([...byType.values()]).toEqual([...map.values()]);
    expect(new Map(byType)).toEqual(map);
    const seen: [string, FoundOwnership][] = [];
    byType.forEach((f, type, m) => {
      expect(m).toBe(byType);
      seen.push([type, f]);
    });
    expect(seen).toEqual([...map]);
  });

  it("is empty over an empty list", () => {
    const none = new OwnershipsByType([]);
    expect(none.size).toBe(0);
    expect([...none]).toEqual([]);
    expect(none.get("A")).toBeUndefined();
  });
});
