import { Option } from "commander";
import { describe, expect, it } from "vitest";
import { helpOf } from "../../../../src/cli/options/commander.js";
import { readOptions } from "../../../../src/cli/options/read.js";
import { attributeOf, COMMANDS, envNameOf, type OptionSpec } from "../../../../src/cli/options/spec.js";
import { OPTIONS } from "../../../../src/cli/options/table.js";
import { parsePlanFlags } from "../../../../src/cli/plan-options.js";
import { parseStatusFlags } from "../../../../src/cli/status-options.js";

const specs = Object.entries(OPTIONS) as [string, OptionSpec][];

describe("the options table", () => {
  it.each(specs)("%s: its attribute name is commander's", (_, spec) => {
    expect(attributeOf(spec.flag)).toBe(new Option(spec.flag).attributeName());
  });

  it.each(specs.filter(([, s]) => s.kind && s.default !== undefined))(
    "%s: the default --help shows reads back as the default",
    (_, spec) => {
      if (!spec.kind || spec.default === undefined) return;
      const kind = spec.kind;
      const shown = spec.list ? spec.default.map((v) => kind.show(v)) : [kind.show(spec.default)];
      const read = shown.map((s) => kind.parse(s));
      expect(read.map((r) => (r.ok ? r.value : r.error))).toEqual(spec.list ? spec.default : [spec.default]);
    },
  );

  it("no command takes a flag twice", () => {
    for (const command of COMMANDS) {
      const flags = specs.filter(([, s]) => s.commands.includes(command)).map(([, s]) => s.flag);
      expect(new Set(flags).size).toBe(flags.length);
    }
  });

  it("--help shows the default and, for the controller, the variable", () => {
    expect(helpOf(OPTIONS.defaultWeight, "plan")).toBe(
      "weight of weighted members without a weight annotation, 0-255 (default: 100)",
    );
    expect(helpOf(OPTIONS.policy, "controller")).toBe(
      "sync, upsert-only or create-only (default: sync, env: ROUTE53_GSLB_POLICY)",
    );
    expect(helpOf(OPTIONS.awsRegion, "status")).toBe(
      "region of the Route 53 client (default: $AWS_REGION, else $AWS_DEFAULT_REGION, else us-east-1)",
    );
    expect(helpOf(OPTIONS.leaderElect, "controller")).toBe(
      "run without leader election (one replica only); on by default (env: ROUTE53_GSLB_LEADER_ELECT=false)",
    );
    expect(envNameOf(OPTIONS.maxDeletions.flag)).toBe("ROUTE53_GSLB_MAX_DELETIONS");
  });
});

describe("readOptions: which commands read the environment", () => {
  it("one-shot commands do not read ROUTE53_GSLB_*", () => {
    const problems: string[] = [];
    const v = readOptions(
      "status",
      {},
      { ROUTE53_GSLB_OUTPUT: "json", ROUTE53_GSLB_ZONE_TYPE: "nonsense" },
      problems,
    );
    expect(problems).toEqual([]);
    expect([v.statusOutput, v.zoneType]).toEqual(["text", "any"]);
  });

  it("every command reads the standard AWS variables, checked like the flag", () => {
    expect(parseStatusFlags({}, { AWS_REGION: "eu-west-2" })).toMatchObject({
      ok: true,
      value: { aws: { region: "eu-west-2" } },
    });
    expect(parseStatusFlags({}, { AWS_ENDPOINT_URL: "localhost" })).toEqual({
      ok: false,
      error: [
        "Expected `--aws-endpoint` to be an http(s) URL such as `http://127.0.0.1:5000`, got `localhost`",
      ],
    });
  });

  it("an offline plan ignores the AWS variables; apply (default --zones aws) reads them", () => {
    const flags = { filename: ["m.yaml"], clusterName: "c1" };
    const env = { AWS_REGION: "nowhere" };
    expect(parsePlanFlags({ ...flags, zones: "zones.json" }, env).ok).toBe(true);
    expect(parsePlanFlags(flags, env, "apply")).toEqual({
      ok: false,
      error: ["Expected `--aws-region` to be an AWS region such as `us-east-1`, got `nowhere`"],
    });
  });
});
