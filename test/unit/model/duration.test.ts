import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../src/model/duration.js";

describe("parseDuration", () => {
  it.each([
    ["500ms", 500],
    ["1s", 1_000],
    ["2.5s", 2_500],
    ["2m", 120_000],
    ["1h", 3_600_000],
    ["30", 30_000],
    [" 5s ", 5_000],
  ])("%s is %i ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "soon", "-1s", "1d", "1 s", "1e3"])("`%s` is not a duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it.each([
    [300, "300ms"],
    [1_000, "1s"],
    [1_500, "1.5s"],
    [15_000, "15s"],
    [90_000, "90s"],
    [600_000, "10m"],
    [3_600_000, "1h"],
    [1_234, "1234ms"],
  ])("%i ms is %s, which parses back", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});
