import { afterEach, describe, expect, it, vi } from "vitest";
import { parseControllerFlags } from "../../../src/cli/controller-options.js";
import { main } from "../../../src/cli/main.js";

const base = { clusterName: "c1" };

describe("parseControllerFlags: deadlines and liveness", () => {
  it("defaults: 5 intervals before /healthz fails, 5 s to connect, 15 s per request", () => {
    const r = parseControllerFlags(base, {});
    expect(r.ok && r.value.unhealthyAfter).toBe(5);
    expect(r.ok && r.value.aws.timeouts).toEqual({ connectMs: 5_000, requestMs: 15_000 });
  });

  it("takes --unhealthy-after as a whole number of intervals, 0 turning the check off", () => {
    for (const [value, expected] of [
      ["0", 0],
      ["3", 3],
    ] as const) {
      const r = parseControllerFlags({ ...base, unhealthyAfter: value }, {});
      expect(r.ok && r.value.unhealthyAfter).toBe(expected);
    }
  });

  it.each(["-1", "1.5", "", "five"])("rejects --unhealthy-after `%s`", (value) => {
    const r = parseControllerFlags({ ...base, unhealthyAfter: value }, {});
    expect(r.ok ? [] : r.error).toEqual([
      `Expected \`--unhealthy-after\` to be a whole number of intervals (0: never), got \`${value}\``,
    ]);
  });
});

describe("controller deadline flags from ROUTE53_GSLB_* variables", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads them like every other controller flag (a bad value stops it before it starts)", async () => {
    vi.stubEnv("ROUTE53_GSLB_AWS_REQUEST_TIMEOUT", "soon");
    vi.stubEnv("ROUTE53_GSLB_AWS_CONNECT_TIMEOUT", "never");
    vi.stubEnv("ROUTE53_GSLB_UNHEALTHY_AFTER", "often");
    let stderr = "";
    const code = await main(["controller", "--cluster-name", "c1"], {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => "",
    });
    expect(code).toBe(1);
    expect(stderr).toContain("Expected `--aws-request-timeout` to be a duration");
    expect(stderr).toContain("Expected `--aws-connect-timeout` to be a duration");
    expect(stderr).toContain("Expected `--unhealthy-after` to be a whole number of intervals");
  });
});
