import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  localZoneGroupProblem,
  readCoordinate,
  sameCoordinate,
  samePlace,
} from "../../../src/model/geo-proximity.js";

// Route 53's patterns for Coordinates (API Reference, Coordinates): what it accepts, and nothing else.
const ROUTE53 = {
  latitude: /^[-+]?[0-9]{1,2}(\.[0-9]{0,2})?$/,
  longitude: /^[-+]?[0-9]{1,3}(\.[0-9]{0,2})?$/,
};

describe("readCoordinate", () => {
  const table: [text: string, axis: "latitude" | "longitude", expected: string | RegExp][] = [
    ["49.22", "latitude", "49.22"],
    ["+49.20", "latitude", "49.2"],
    [" 049.2 ", "latitude", "49.2"],
    ["-0", "latitude", "0"],
    ["-0.00", "longitude", "0"],
    ["12.", "latitude", "12"],
    ["90", "latitude", "90"],
    ["-90.00", "latitude", "-90"],
    ["-180", "longitude", "-180"],
    ["179.99", "longitude", "179.99"],
    ["40.7100", "latitude", "40.71"],
    ["90.01", "latitude", /latitude `90.01` is outside -90 to 90/],
    ["100", "latitude", /outside -90 to 90/],
    ["180.01", "longitude", /outside -180 to 180/],
    ["40.7128", "latitude", /more than two decimals/],
    ["", "latitude", /not a number of degrees/],
    ["N49", "latitude", /not a number of degrees/],
    ["1e1", "longitude", /not a number of degrees/],
    ["Infinity", "longitude", /not a number of degrees/],
    ["1,5", "longitude", /not a number of degrees/],
    ["--1", "longitude", /not a number of degrees/],
    ["9".repeat(200), "longitude", /not a number of degrees/],
  ];
  it.each(table)("%s (%s)", (text, axis, expected) => {
    const r = readCoordinate(text, axis);
    if (typeof expected === "string") expect(r).toEqual({ ok: true, value: expected });
    else expect(r.ok ? r.value : r.error).toMatch(expected);
  });

  it("a long value is quoted cut, not whole", () => {
    const r = readCoordinate("9".repeat(200), "latitude");
    expect(r.ok ? "" : r.error.length).toBeLessThan(200);
  });

  it("what it accepts always matches Route 53's pattern and reads back as the same number", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("latitude" as const, "longitude" as const),
        fc.integer({ min: -18000, max: 18000 }),
        fc.constantFrom("", "+", "0"),
        fc.constantFrom("", "0", "00"),
        (axis, hundredths, prefix, suffix) => {
          const text = `${hundredths < 0 ? "-" : prefix}${(Math.abs(hundredths) / 100).toFixed(2)}${suffix}`;
          const r = readCoordinate(text, axis);
          const inRange = Math.abs(hundredths) <= (axis === "latitude" ? 9000 : 18000);
          expect(r.ok).toBe(inRange);
          if (r.ok) {
            expect(r.value).toMatch(ROUTE53[axis]);
            expect(Number(r.value)).toBe(hundredths / 100);
          }
        },
      ),
    );
  });
});

describe("sameCoordinate and samePlace", () => {
  it("compare coordinates by value, so a listed `49.20` is the `49.2` the planner writes", () => {
    expect(sameCoordinate("49.20", "49.2")).toBe(true);
    expect(sameCoordinate("49.21", "49.2")).toBe(false);
    expect(sameCoordinate("", "0")).toBe(false);
    expect(
      samePlace(
        { kind: "coordinates", latitude: "+1.50", longitude: "-0" },
        { kind: "coordinates", latitude: "1.5", longitude: "0" },
      ),
    ).toBe(true);
    expect(
      samePlace({ kind: "region", region: "eu-west-1" }, { kind: "local-zone-group", group: "eu-west-1" }),
    ).toBe(false);
  });
});

describe("localZoneGroupProblem", () => {
  const table: [string, string | undefined][] = [
    ["us-east-1-bue-1", undefined],
    ["us-west-2-lax-1", undefined],
    ["ap-northeast-1-tpe-1", undefined],
    ["us-east-1-bue-1a", "its group is the zone's code without the last letter, `us-east-1-bue-1`"],
    ["us-east-1", "not a Local Zone group such as `us-east-1-bue-1`"],
    ["us-east-1-wl1", "not a Local Zone group"],
    ["US-EAST-1-BUE-1", "not a Local Zone group"],
    ["xx-east-1-bue-1", "names the region `xx-east-1`, which is not an AWS region Route 53 knows"],
    [`us-east-1-${"x".repeat(60)}-1`, "not a Local Zone group"],
  ];
  it.each(table)("%s", (group, problem) => {
    const found = localZoneGroupProblem(group);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
