import { describe, expect, it } from "vitest";
import { parseControllerFlags } from "../../../src/cli/controller-options.js";
import { parsePlanFlags, type RawPlanFlags } from "../../../src/cli/plan-options.js";

const base: RawPlanFlags = { filename: ["m.yaml"], zones: "zones.json", clusterName: "cluster-1" };

function parse(flags: RawPlanFlags, command: "plan" | "apply" = "plan") {
  const r = parsePlanFlags({ ...base, ...flags }, {}, command);
  return r.ok
    ? { adopt: r.value.planner.adoptExternalDns, problems: [] }
    : { adopt: undefined, problems: r.error };
}

describe("--adopt-external-dns-owner and the registry's naming flags", () => {
  it("adopts nothing without the flag", () => {
    expect(parse({})).toEqual({ adopt: undefined, problems: [] });
  });

  it.each<[string, RawPlanFlags, unknown]>([
    [
      "the owner alone",
      { adoptExternalDnsOwner: "team-a" },
      { owner: "team-a", txtPrefix: "", txtSuffix: "", txtWildcardReplacement: "" },
    ],
    [
      "a templated prefix and a wildcard replacement",
      {
        adoptExternalDnsOwner: "default",
        externalDnsTxtPrefix: "%{record_type}-reg.",
        externalDnsTxtWildcardReplacement: "any",
      },
      { owner: "default", txtPrefix: "%{record_type}-reg.", txtSuffix: "", txtWildcardReplacement: "any" },
    ],
    [
      "a suffix",
      { adoptExternalDnsOwner: "team-a", externalDnsTxtSuffix: "-%{record_type}" },
      { owner: "team-a", txtPrefix: "", txtSuffix: "-%{record_type}", txtWildcardReplacement: "" },
    ],
  ])("reads %s, for plan and apply alike", (_name, flags, adopt) => {
    expect(parse(flags)).toEqual({ adopt, problems: [] });
    expect(parse(flags, "apply")).toEqual({ adopt, problems: [] });
  });

  it.each<[string, RawPlanFlags, string]>([
    [
      "a prefix without an owner",
      { externalDnsTxtPrefix: "ext-" },
      "Expected `--adopt-external-dns-owner` with `--external-dns-txt-prefix`, got no owner",
    ],
    [
      "a wildcard replacement without an owner",
      { externalDnsTxtWildcardReplacement: "any" },
      "Expected `--adopt-external-dns-owner` with `--external-dns-txt-wildcard-replacement`, got no owner",
    ],
    [
      "both a prefix and a suffix",
      { adoptExternalDnsOwner: "a", externalDnsTxtPrefix: "p-", externalDnsTxtSuffix: "-s" },
      "Expected at most one of `--external-dns-txt-prefix` and `--external-dns-txt-suffix`, got both: external-dns refuses them together",
    ],
    [
      "an owner with a comma, which external-dns's registry value could not hold",
      { adoptExternalDnsOwner: "a,b" },
      "Expected `--adopt-external-dns-owner` to be an external-dns owner id (its `--txt-owner-id`): no spaces, commas or quotes, got `a,b`",
    ],
    [
      "an upper-case wildcard replacement",
      { adoptExternalDnsOwner: "a", externalDnsTxtWildcardReplacement: "ANY" },
      "Expected `--external-dns-txt-wildcard-replacement` to be a lowercase DNS label such as `any`, got `ANY`",
    ],
  ])("refuses %s", (_name, flags, problem) => {
    expect(parse(flags).problems).toEqual([problem]);
  });

  it("reaches the controller through ROUTE53_GSLB_* variables, like every flag", () => {
    const r = parseControllerFlags(
      { clusterName: "cluster-1" },
      {
        ROUTE53_GSLB_ADOPT_EXTERNAL_DNS_OWNER: "team-a",
        ROUTE53_GSLB_EXTERNAL_DNS_TXT_PREFIX: "ext-",
      },
    );
    expect(r.ok && r.value.planner.adoptExternalDns).toEqual({
      owner: "team-a",
      txtPrefix: "ext-",
      txtSuffix: "",
      txtWildcardReplacement: "",
    });
  });
});
