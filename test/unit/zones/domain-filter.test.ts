import { describe, expect, it } from "vitest";
import { DomainFilter, normalizeDomain } from "../../../src/zones/domain-filter.js";

describe("normalizeDomain", () => {
  const table: [input: string, expected: string | undefined][] = [
    ["example.com", "example.com."],
    ["example.com.", "example.com."],
    [".Example.COM", "example.com."],
    ["  a.example.com  ", "a.example.com."],
    ["", undefined],
    [".", undefined],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => expect(normalizeDomain(input)).toBe(expected));
  }
});

describe("DomainFilter.matches", () => {
  const table: [name: string, include: string[], exclude: string[], name2: string, expected: boolean][] = [
    ["empty include allows all", [], [], "app.other.org.", true],
    ["name equal to included domain", ["example.com"], [], "example.com.", true],
    ["name below included domain", ["example.com"], [], "a.b.example.com.", true],
    ["suffix without a label boundary", ["example.com"], [], "badexample.com.", false],
    ["outside the filter", ["example.com"], [], "example.org.", false],
    ["leading dot in the filter", [".example.com"], [], "app.example.com.", true],
    ["relative name", ["example.com"], [], "app.example.com", true],
    ["uppercase name", ["example.com"], [], "APP.Example.com.", true],
    ["excluded subdomain", ["example.com"], ["internal.example.com"], "x.internal.example.com.", false],
    ["excluded domain itself", ["example.com"], ["internal.example.com"], "internal.example.com.", false],
    [
      "sibling of an excluded domain",
      ["example.com"],
      ["internal.example.com"],
      "external.example.com.",
      true,
    ],
    ["exclude wider than include", ["a.example.com"], ["example.com"], "x.a.example.com.", false],
    ["exclude with empty include", [], ["example.com."], "x.example.com.", false],
    ["wildcard below included domain", ["example.com"], [], "*.apps.example.com.", true],
  ];
  for (const [title, include, exclude, name, expected] of table) {
    it(title, () => expect(new DomainFilter(include, exclude).matches(name)).toBe(expected));
  }

  it("names the most specific included and excluded domain", () => {
    const f = new DomainFilter(["example.com", "a.example.com"], ["b.a.example.com", "a.example.com"]);
    expect(f.includedBy("x.a.example.com.")).toBe("a.example.com.");
    expect(f.excludedBy("x.b.a.example.com.")).toBe("b.a.example.com.");
    expect(f.includedBy("example.org.")).toBeUndefined();
    expect(new DomainFilter().includedBy("example.org.")).toBe(".");
  });

  it("deduplicates and sorts its domains", () => {
    const f = new DomainFilter(["b.com", "A.com.", ".a.com", ""], []);
    expect(f.include).toEqual(["a.com.", "b.com."]);
    expect(f.describeInclude()).toBe("--domain-filter a.com, --domain-filter b.com");
  });
});

describe("DomainFilter.allowsZone", () => {
  const table: [title: string, include: string[], exclude: string[], zone: string, expected: boolean][] = [
    ["zone equal to the filter", ["example.com"], [], "example.com.", true],
    ["zone below the filter", ["example.com"], [], "dev.example.com.", true],
    ["zone above the filter is not managed", ["app.example.com"], [], "example.com.", false],
    ["zone at an excluded domain", [], ["internal.example.com"], "internal.example.com.", false],
    ["zone above an excluded domain", [], ["internal.example.com"], "example.com.", true],
  ];
  for (const [title, include, exclude, zone, expected] of table) {
    it(title, () => expect(new DomainFilter(include, exclude).allowsZone(zone)).toBe(expected));
  }
});
