import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REGISTRY_RECORD_TYPES, TxtNameMapper } from "../../../../src/plan/external-dns/txt-names.js";

/*
 * The cases of external-dns's own mapper tests (registry/mapper/mapper_test.go, v0.22.0), so that a
 * difference from external-dns's reading of its registry shows here first.
 */
const mapper = (prefix: string, suffix: string, wildcardReplacement = "") =>
  new TxtNameMapper({ prefix, suffix, wildcardReplacement });

describe("TxtNameMapper.toTxtName", () => {
  it.each([
    // [prefix, suffix, wildcard, record name, type, TXT name]
    ["", "", "", "foo.example.com", "A", "a-foo.example.com"],
    ["", "", "", "foo.example.com", "AAAA", "aaaa-foo.example.com"],
    ["", "", "", "foo.example.com", "CNAME", "cname-foo.example.com"],
    ["", "", "", "2.49.168.192.in-addr.arpa", "PTR", "ptr-2.49.168.192.in-addr.arpa"],
    ["", "", "", "*.example.com", "A", "a-*.example.com"],
    ["", "", "", "example.com", "A", "a-example.com"],
    ["", "", "", "localhost", "A", "a-localhost"],
    ["%{record_type}-", "", "", "foo.example.com", "A", "a-foo.example.com"],
    ["%{record_type}-", "", "", "foo.example.com", "TXT", "txt-foo.example.com"],
    ["", "-%{record_type}", "", "foo.example.com", "A", "foo-a.example.com"],
    ["", "-%{record_type}", "", "foo.example.com", "CNAME", "foo-cname.example.com"],
    ["txt-", "", "wild", "*.example.com", "A", "txt-a-wild.example.com"],
    ["txt-", "", "wild", "*.example.com", "MX", "txt-mx-wild.example.com"],
    ["foo", "", "", "example.com", "A", "fooa-example.com"],
    ["", "foo", "", "example", "AAAA", "aaaa-examplefoo"],
    ["", "foo", "", "example.com", "AAAA", "aaaa-examplefoo.com"],
    ["foo-", "", "", "example.com", "A", "foo-a-example.com"],
    ["", "-foo", "", "example.com", "CNAME", "cname-example-foo.com"],
    ["foo.", "", "", "example.com", "CNAME", "foo.cname-example.com"],
    ["", ".foo", "", "example.com", "CNAME", "cname-example.foo.com"],
    ["foo.bar.", "", "", "example.com", "CNAME", "foo.bar.cname-example.com"],
    ["", ".foo.bar.test", "", "example.com", "CNAME", "cname-example.foo.bar.test.com"],
    ["%{record_type}-foo", "", "", "example.com", "A", "a-fooexample.com"],
    ["", "foo-%{record_type}", "", "example.com", "A", "examplefoo-a.com"],
    ["%{record_type}foo.", "", "", "example.com", "CNAME", "cnamefoo.example.com"],
    ["", ".foo%{record_type}", "", "example.com", "A", "example.fooa.com"],
    ["bar.%{record_type}.foo.", "", "", "example.com", "CNAME", "bar.cname.foo.example.com"],
    ["", ".foo%{record_type}.bar", "", "example.com", "A", "example.fooa.bar.com"],
    // Affixes are lowercased, as external-dns's NewAffixNameMapper does.
    ["EXT-", "", "", "foo.example.com", "A", "ext-a-foo.example.com"],
  ])("prefix %j suffix %j wildcard %j: %s %s -> %s", (prefix, suffix, wildcard, name, type, txt) => {
    expect(mapper(prefix, suffix, wildcard).toTxtName(name, type)).toBe(txt);
  });
});

describe("TxtNameMapper.toEndpointName", () => {
  it.each([
    // [prefix, suffix, TXT name, record name, type]
    ["%{record_type}-", "", "a-foo.example.com", "foo.example.com", "A"],
    ["%{record_type}-", "", "aaaa-foo.example.com", "foo.example.com", "AAAA"],
    ["%{record_type}-", "", "cname-foo.example.com", "foo.example.com", "CNAME"],
    ["%{record_type}-", "", "ns-foo.example.com", "foo.example.com", "NS"],
    ["%{record_type}-", "", "mx-foo.example.com", "foo.example.com", "MX"],
    ["%{record_type}-", "", "srv-foo.example.com", "foo.example.com", "SRV"],
    ["%{record_type}-", "", "ptr-2.49.168.192.in-addr.arpa", "2.49.168.192.in-addr.arpa", "PTR"],
    ["%{record_type}-", "", "naptr-foo.example.com", "foo.example.com", "NAPTR"],
    ["%{record_type}-", "", "dname-foo.example.com", "foo.example.com", "DNAME"],
    ["", "-%{record_type}", "foo-a.example.com", "foo.example.com", "A"],
    ["", "-%{record_type}", "foo-cname.example.com", "foo.example.com", "CNAME"],
    ["", ".foo.bar", "a-example.foo.bar.com", "example.com", "A"],
    ["", ".foo.bar", "a-example.foo.bar", "example", "A"],
    ["", ".foo.bar", "a-example.foo", "", ""],
    ["", "", "a-foo.example.com", "foo.example.com", "A"],
    ["", "", "txt-foo.example.com", "foo.example.com", "TXT"],
    ["pre-", "-suf", "pre-a-foo-suf.example.com", "", ""],
    // The pre-0.12 format: the TXT at the record's own name, no type.
    ["", "", "foo.example.com", "foo.example.com", ""],
    // external-dns's own ambiguity, kept: a record named `a-team` reads as `team`'s A.
    ["", "", "a-team.example.com", "team.example.com", "A"],
    // TXT names are compared lowercased.
    ["", "", "A-Foo.Example.com", "foo.example.com", "A"],
    // A prefix the name does not carry.
    ["foo-", "", "bar.example.com", "", ""],
    ["", "-foo", "bar.example.com", ".example.com", ""],
    // Names from before the type was in the affix.
    ["foo-%{record_type}-", "", "foo--test.example.com", "test.example.com", ""],
    ["foo-%{record_type}-", "", "foo-a-test.example.com", "test.example.com", "A"],
    ["", "-%{record_type}-foo", "test--foo.example.com", "test.example.com", ""],
    ["", "-%{record_type}-foo", "test-a-foo.example.com", "test.example.com", "A"],
    // Split at `-` before looking at labels: no dash, no type.
    ["", "", "a.example.com", "a.example.com", ""],
    // A whole name that is only a type (Go's TrimPrefix leaves it alone).
    ["", "", "a", "a", "A"],
  ])("prefix %j suffix %j: %s -> %s %s", (prefix, suffix, txt, name, type) => {
    expect(mapper(prefix, suffix).toEndpointName(txt)).toEqual({ name, type });
  });

  it("reads back every name it writes, for every affix form external-dns documents", () => {
    const affixes = fc.constantFrom(
      ["", ""],
      ["ext-", ""],
      ["ext.", ""],
      ["%{record_type}-", ""],
      ["%{record_type}.ext.", ""],
      ["", "-ext"],
      ["", ".ext"],
      ["", "-%{record_type}"],
      ["", ".ext-%{record_type}"],
    );
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(
        affixes,
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...REGISTRY_RECORD_TYPES),
        ([prefix, suffix], labels, type) => {
          const m = mapper(prefix ?? "", suffix ?? "");
          const name = labels.join(".");
          expect(m.toEndpointName(m.toTxtName(name, type))).toEqual({ name, type });
        },
      ),
    );
  });
});

describe("TxtNameMapper.lookupName", () => {
  it("replaces a leading `*` label with the wildcard replacement, and nothing else", () => {
    expect(mapper("", "", "any").lookupName("*.example.com")).toBe("any.example.com");
    expect(mapper("", "", "any").lookupName("a.*.example.com")).toBe("a.*.example.com");
    expect(mapper("", "", "").lookupName("*.example.com")).toBe("*.example.com");
  });
});
