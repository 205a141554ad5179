import { describe, expect, it } from "vitest";
import {
  countOrPercent,
  duration,
  expectedProblem,
  integer,
  oneOf,
  parseMaxDeletions,
  positiveNumber,
} from "../../../../src/cli/options/kinds.js";

describe("expectedProblem: the one wording of a flag problem", () => {
  it("quotes the flag, what it takes and what it got", () => {
    expect(expectedProblem("--output", oneOf(["text", "json"]), "yaml")).toBe(
      "Expected `--output` to be one of `text` or `json`, got `yaml`",
    );
    expect(expectedProblem("--cluster-name", { expected: "a name" }, undefined)).toBe(
      "Expected `--cluster-name` to be a name, got nothing",
    );
    expect(expectedProblem("--zones", { expected: "a snapshot file", why: "stdin is taken" }, "-")).toBe(
      "Expected `--zones` to be a snapshot file, got `-`: stdin is taken",
    );
  });
});

describe("kinds", () => {
  it("oneOf lists its values and takes only them", () => {
    const kind = oneOf(["a", "b", "c"]);
    expect(kind.expected).toBe("one of `a`, `b` or `c`");
    expect(kind.choices).toEqual(["a", "b", "c"]);
    expect(kind.parse("b")).toEqual({ ok: true, value: "b" });
    expect(kind.parse("B").ok).toBe(false);
  });

  it.each([
    ["0", 0],
    ["255", 255],
    [" 7 ", 7],
    ["256", undefined],
    ["-1", undefined],
    ["1.5", undefined],
    ["1e2", undefined],
    ["", undefined],
  ])("integer(0, 255) reads %j as %s", (text, value) => {
    const r = integer(0, 255).parse(text);
    expect(r.ok ? r.value : undefined).toBe(value);
  });

  it.each([
    ["0.5", 0.5],
    ["10", 10],
    ["0", undefined],
    ["", undefined],
    ["fast", undefined],
    ["Infinity", undefined],
  ])("positiveNumber reads %j as %s", (text, value) => {
    const r = positiveNumber.parse(text);
    expect(r.ok ? r.value : undefined).toBe(value);
  });

  it("durations read back as they are shown", () => {
    for (const ms of [500, 1_000, 1_500, 60_000, 600_000, 3_600_000]) {
      expect(duration.parse(duration.show(ms))).toEqual({ ok: true, value: ms });
    }
    expect(duration.parse("0").ok).toBe(false);
  });

  it("count-or-percent shows a percentage with its sign", () => {
    expect(countOrPercent.show({ kind: "percent", value: 50 })).toBe("50%");
    expect(countOrPercent.show({ kind: "count", value: 10 })).toBe("10");
  });
});

describe("parseMaxDeletions", () => {
  it.each([
    ["0", { kind: "count", value: 0 }],
    ["25", { kind: "count", value: 25 }],
    ["0%", { kind: "percent", value: 0 }],
    ["100%", { kind: "percent", value: 100 }],
    [" 7 ", { kind: "count", value: 7 }],
  ])("%s", (text, expected) => {
    expect(parseMaxDeletions(text)).toEqual(expected);
  });

  it.each(["", "%", "-1", "1e3", "10.5", "101%", "ten"])("rejects %j", (text) => {
    expect(parseMaxDeletions(text)).toBeUndefined();
  });
});
