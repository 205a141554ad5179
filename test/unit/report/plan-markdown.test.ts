import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "../../../src/report/plan-markdown.js";
import { emptyPlan, fullPlan, policySwitchPlan } from "../../fixtures/plans.js";

describe("renderPlanMarkdown", () => {
  const md = renderPlanMarkdown(fullPlan());

  it("opens with a heading and the summary line", () => {
    expect(md.split("\n").slice(0, 3)).toEqual([
      "## route53-gslb plan for cluster `cluster-1`",
      "",
      "**Plan: 3 to create, 1 to update, 1 to delete, 2 skipped.**",
    ]);
  });

  it("has one section per zone, in plan order", () => {
    const zones = md.split("\n").filter((l) => l.startsWith("### Zone"));
    expect(zones).toEqual([
      "### Zone `tse.tetratelabs.io` (`Z0EXAMPLEBOOKINFO`)",
      "### Zone `example.org` (`Z0EXAMPLEOTHER`)",
    ]);
  });

  it("puts record changes in a table with +/~/- and folds ownership records away", () => {
    expect(md).toContain(
      "| `+` | `bookinfo.tse.tetratelabs.io` | A | weighted set=cluster-1 weight=50 | alias k8s-istiosys-istioing-1a2b3c4d5e-0123456789abcdef.elb.eu-west-2.amazonaws.com (zone ZD4D7Y8KGAS4G, evaluate-target-health) |  | `gateway.networking.k8s.io/HTTPRoute bookinfo/bookinfo` |",
    );
    expect(md).toContain("| `~` | `ratings.tse.tetratelabs.io` | A | failover set=cluster-1 PRIMARY |");
    expect(md).toContain("| `-` | `reviews.example.org` | CNAME |");
    expect(md).toContain("<details><summary>1 ownership record (TXT)</summary>");
  });

  it("lists skipped objects with their reasons, escaping table pipes", () => {
    expect(md).toContain("### Skipped (2)");
    expect(md).toContain(
      "| `gateway.networking.k8s.io/HTTPRoute bookinfo/legacy` | `productpage.bookinfo.example.com` | no hosted zone \\| allowed by --domain-filter |",
    );
  });

  it("lists held-back changes and health checks", () => {
    expect(md).toContain("### Held back (1)");
    expect(md).toContain("### Health checks");
  });

  it("keeps every table row's column count", () => {
    const rows = md.split("\n").filter((l) => l.startsWith("|"));
    for (const row of rows) {
      const cells = row.replace(/\\\|/g, "").split("|").length - 2;
      expect([3, 4, 5, 7]).toContain(cells);
    }
  });

  it("says No changes. for an empty plan", () => {
    expect(renderPlanMarkdown(emptyPlan())).toBe(
      "## route53-gslb plan for cluster `cluster-1`\n\n**No changes.**\n",
    );
  });
});

describe("renderPlanMarkdown: policy switches", () => {
  const md = renderPlanMarkdown(policySwitchPlan());
  it("has a table of switches with their state", () => {
    expect(md).toContain("### Policy switches (3)");
    expect(md).toContain(
      "| `tse.tetratelabs.io` | waiting | cart.tse.tetratelabs.io A: failover -> weighted weight=10, waiting for cluster-2 (wants failover SECONDARY); this cluster's member stays as it is |",
    );
  });
  it("says whose record a conversion rewrites, where the source would be", () => {
    expect(md).toContain("for `cluster-2` (policy switch) |");
  });
});
