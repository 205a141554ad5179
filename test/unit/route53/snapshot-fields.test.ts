import { describe, expect, it } from "vitest";
import {
  aBoolean,
  anInteger,
  describeValue,
  FieldReader,
  formatSnapshotProblem,
  join,
  oneOf,
} from "../../../src/route53/snapshot-fields.js";

describe("describeValue", () => {
  const table: [value: unknown, expected: string][] = [
    [undefined, "nothing"],
    [null, "null"],
    [[1], "a list"],
    [{}, "an object"],
    ["x", '`"x"` (string)'],
    [5, "`5` (number)"],
    [true, "`true` (boolean)"],
    ["y".repeat(50), `\`"${"y".repeat(40)}…"\` (string)`],
  ];
  for (const [value, expected] of table) it(expected, () => expect(describeValue(value)).toBe(expected));
});

describe("join", () => {
  it("builds JSON paths", () => {
    expect(join(join(join("", "hostedZones"), 0), "Name")).toBe("hostedZones[0].Name");
  });
});

describe("FieldReader", () => {
  it("copies accepted fields, reports rejected and missing required ones", () => {
    const r = new FieldReader("f.yaml");
    const out = r.fields(
      { A: true, B: 300, C: "x", D: "extra" },
      "p",
      { A: aBoolean, B: anInteger(0, 255), C: oneOf(["x", "y"] as const), E: aBoolean },
      ["E"],
    );
    expect(out).toEqual({ A: true, C: "x" });
    expect(r.problems.map(formatSnapshotProblem)).toEqual([
      "f.yaml: Expected `p.B` to be an integer from 0 to 255, got `300` (number)",
      "f.yaml: Expected `p.E` to be a boolean (true or false), got nothing",
    ]);
  });
  it("treats null like a missing field", () => {
    const r = new FieldReader("f");
    expect(r.fields({ A: null }, "", { A: aBoolean })).toEqual({});
    expect(r.list({ L: null }, "L", "")).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});
