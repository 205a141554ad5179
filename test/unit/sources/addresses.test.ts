import { describe, expect, it } from "vitest";
import { normalizeTarget, sortedUnique } from "../../../src/sources/addresses.js";

describe("normalizeTarget", () => {
  const table: [string, string | undefined][] = [
    ["192.0.2.1", "192.0.2.1"],
    [" 2001:DB8::1 ", "2001:db8::1"],
    ["LB-1.eu-west-2.ELB.amazonaws.com.", "lb-1.eu-west-2.elb.amazonaws.com"],
    ["bücher.example.com", "xn--bcher-kva.example.com"],
    ["*.example.com", undefined],
    ["bad_name.example.com", undefined],
    ["", undefined],
  ];
  it.each(table)("%s -> %s", (raw, expected) => {
    const r = normalizeTarget(raw);
    expect(r.ok ? r.value : undefined).toBe(expected);
    if (!r.ok) expect(r.error).not.toBe("");
  });

  it("sortedUnique sorts and drops duplicates", () => {
    expect(sortedUnique(["b", "a", "b"])).toEqual(["a", "b"]);
  });
});
