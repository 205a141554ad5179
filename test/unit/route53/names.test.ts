import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromRoute53Name, toRoute53Name } from "../../../src/route53/names.js";

describe("fromRoute53Name", () => {
  const table: [input: string, expected: string][] = [
    ["example.com.", "example.com."],
    ["Example.COM", "example.com."],
    ["\\052.example.com.", "*.example.com."],
    ["\\052.apps.Example.com", "*.apps.example.com."],
    ["_dmarc.example.com.", "_dmarc.example.com."],
    ["a\\100b.example.com.", "a@b.example.com."],
    ["a\\056b.example.com.", "a\\056b.example.com."], // an escaped dot stays escaped: it is not a label boundary
    ["a\\134b.example.com.", "a\\134b.example.com."],
    ["xn--bcher-kva.example.", "xn--bcher-kva.example."],
  ];
  for (const [input, expected] of table) {
    it(`${input} -> ${expected}`, () => expect(fromRoute53Name(input)).toBe(expected));
  }
});

describe("toRoute53Name", () => {
  const table: [input: string, expected: string][] = [
    ["example.com.", "example.com."],
    ["example.com", "example.com."],
    ["*.example.com.", "*.example.com."],
    ["a@b.example.com.", "a\\100b.example.com."],
    ["a\\056b.example.com.", "a\\056b.example.com."],
    ["_gslb-a.app.example.com.", "_gslb-a.app.example.com."],
  ];
  for (const [input, expected] of table) {
    it(`${input} -> ${expected}`, () => expect(toRoute53Name(input)).toBe(expected));
  }

  it("reads back what it writes (property)", () => {
    const label = fc.stringMatching(/^[a-z0-9_*@!-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), (labels) => {
        const name = `${labels.join(".")}.`;
        expect(fromRoute53Name(toRoute53Name(name))).toBe(name);
      }),
    );
  });
});
