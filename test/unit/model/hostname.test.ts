import { describe, expect, it } from "vitest";
import { isInZone, normalizeHostname } from "../../../src/model/hostname.js";

describe("normalizeHostname", () => {
  const valid: [string, string][] = [
    ["App.Example.COM", "app.example.com."],
    ["app.example.com.", "app.example.com."],
    ["  app.example.com ", "app.example.com."],
    ["*.example.com", "*.example.com."],
    ["\\052.example.com.", "*.example.com."],
    ["bücher.example.de", "xn--bcher-kva.example.de."],
    ["xn--bcher-kva.example.de", "xn--bcher-kva.example.de."],
    ["a-b.c1.example.com", "a-b.c1.example.com."],
    [`${"a".repeat(63)}.example.com`, `${"a".repeat(63)}.example.com.`],
  ];
  for (const [input, expected] of valid) {
    it(`normalises ${JSON.stringify(input)}`, () => {
      expect(normalizeHostname(input)).toEqual({ ok: true, value: expected });
    });
  }

  const invalid: [string, RegExp][] = [
    ["", /empty/],
    [".", /not a hostname/],
    ["a..example.com", /empty label/],
    ["-app.example.com", /RFC 1123/],
    ["app-.example.com", /RFC 1123/],
    ["app_1.example.com", /RFC 1123/],
    ["a.*.example.com", /wildcard/],
    ["*x.example.com", /RFC 1123/],
    [`${"a".repeat(64)}.example.com`, /at most 63/],
    ["localhost", /single label/],
    ["192.0.2.1", /IP address/],
    [`${"abcdefghi.".repeat(26)}com`, /at most 253/],
  ];
  for (const [input, message] of invalid) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))} with a reason`, () => {
      const result = normalizeHostname(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it("quotes a 100 KB input as its first 80 characters and its length", () => {
    const input = `${"x".repeat(100_000)}.example.com`;
    const result = normalizeHostname(input);
    expect(result).toEqual({
      ok: false,
      error: `\`${"x".repeat(80)}… (100012 characters)\`: label \`${"x".repeat(80)}… (100000 characters)\` is 100000 characters; at most 63 are allowed`,
    });
  });
});

describe("isInZone", () => {
  it("matches the apex and names below, not lookalikes", () => {
    expect(isInZone("example.com.", "example.com.")).toBe(true);
    expect(isInZone("a.b.example.com.", "example.com.")).toBe(true);
    expect(isInZone("badexample.com.", "example.com.")).toBe(false);
  });
});
