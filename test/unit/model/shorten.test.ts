import { describe, expect, it } from "vitest";
import { quote, SHOWN_CHARACTERS, shorten } from "../../../src/model/shorten.js";

describe("shorten", () => {
  it("keeps a value of up to 80 characters as it is", () => {
    expect(shorten("eu-west-2")).toBe("eu-west-2");
    expect(shorten("x".repeat(SHOWN_CHARACTERS))).toBe("x".repeat(SHOWN_CHARACTERS));
  });

  it("cuts a longer value to its first 80 characters and says how long it was", () => {
    expect(shorten("x".repeat(100_000))).toBe(`${"x".repeat(80)}… (100000 characters)`);
  });

  it("counts and cuts code points, never half a surrogate pair", () => {
    const value = "😀".repeat(81);
    expect(shorten(value)).toBe(`${"😀".repeat(80)}… (81 characters)`);
    expect(shorten("😀".repeat(80))).toBe("😀".repeat(80));
  });

  it("quote puts the shortened value in backticks", () => {
    expect(quote("a")).toBe("`a`");
    expect(quote("y".repeat(200))).toBe(`\`${"y".repeat(80)}… (200 characters)\``);
  });
});
