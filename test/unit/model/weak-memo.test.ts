import { describe, expect, it } from "vitest";
import { weakMemo } from "../../../src/model/weak-memo.js";

describe("weakMemo", () => {
  it("computes once per object, apart for each object, and remembers empty and undefined answers too", () => {
    const calls: object[] = [];
    const answers = new Map<object, unknown>();
    const memo = weakMemo((key: object) => {
      calls.push(key);
      return answers.get(key);
    });
    const [a, b, c] = [{}, {}, {}];
    answers.set(a, "text").set(b, "");
    for (let i = 0; i < 3; i++) {
      expect(memo(a)).toBe("text");
      expect(memo(b)).toBe("");
      expect(memo(c)).toBeUndefined();
    }
    expect(calls).toEqual([a, b, c]);
  });
});
