import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { namePatternsFor, normalizedRecordName } from "../../../src/iam/normalized-names.js";
import { MANAGED_RECORD_TYPES } from "../../../src/model/record-set.js";
import { ownershipName } from "../../../src/plan/ownership.js";
import { toRoute53Name } from "../../../src/route53/names.js";
import { globMatches } from "../../fixtures/iam-policy-evaluator.js";

describe("normalizedRecordName: Route 53's spelling for the condition key", () => {
  it.each([
    ["web.example.com.", "web.example.com"],
    ["Web.Example.COM", "web.example.com"],
    ["*.example.com.", "\\052.example.com"],
    ["\\052.example.com.", "\\052.example.com"],
    ["_gslb-a._wildcard.example.com.", "_gslb-a._wildcard.example.com"],
    ["a@b.example.com", "a\\100b.example.com"],
  ])("%s -> %s", (name, normalized) => {
    expect(normalizedRecordName(name)).toBe(normalized);
  });

  it("a domain's patterns are the domain and everything below it, with no wildcard of the domain's own", () => {
    expect(namePatternsFor("Example.com.")).toEqual(["example.com", "*.example.com"]);
    expect(namePatternsFor("a*b.example.com")).toEqual(["a\\052b.example.com", "*.a\\052b.example.com"]);
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const labels = (min: number, max: number) => fc.array(label, { minLength: min, maxLength: max });
const matchesAny = (patterns: readonly string[], name: string) => patterns.some((p) => globMatches(p, name));

describe("namePatternsFor: every name route53-gslb writes for a host under the domain matches", () => {
  it("the host (apex, below, wildcard) and its ownership records of every type", () => {
    fc.assert(
      fc.property(labels(1, 3), labels(0, 3), fc.boolean(), (domainLabels, below, wildcard) => {
        const domain = domainLabels.join(".");
        const host = [...(wildcard ? ["*"] : []), ...below, domain].join(".");
        const patterns = namePatternsFor(domain);
        // What the request carries (toRoute53Name), as Route 53 normalises it for the condition key.
        const written = [host, ...MANAGED_RECORD_TYPES.map((t) => ownershipName(host, t))];
        for (const name of written) {
          expect(matchesAny(patterns, normalizedRecordName(toRoute53Name(`${name}.`)))).toBe(true);
        }
      }),
    );
  });

  it("and no name outside the domain, however close its spelling", () => {
    fc.assert(
      fc.property(labels(1, 3), label, (domainLabels, prefix) => {
        const domain = domainLabels.join(".");
        const patterns = namePatternsFor(domain);
        // `xexample.com` shares the suffix without the label boundary; `example.com.evil` the prefix
        // (unless it happens to be below the domain after all, as `x.x` is below `x`).
        expect(matchesAny(patterns, `${prefix}${domain}`)).toBe(false);
        const longer = `${domain}.${prefix}`;
        if (!longer.endsWith(`.${domain}`)) expect(matchesAny(patterns, longer)).toBe(false);
        expect(matchesAny(patterns, `${domain.slice(1)}`)).toBe(false);
      }),
    );
  });
});
