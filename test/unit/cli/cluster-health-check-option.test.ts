import { describe, expect, it } from "vitest";
import { parseControllerFlags } from "../../../src/cli/controller-options.js";
import { parsePlanFlags, type RawPlanFlags } from "../../../src/cli/plan-options.js";

const base: RawPlanFlags = { filename: ["m.yaml"], zones: "zones.json", clusterName: "cluster-1" };

function parse(flag: string | undefined, command: "plan" | "apply" = "plan") {
  const r = parsePlanFlags(
    { ...base, ...(flag === undefined ? {} : { clusterHealthCheck: flag }) },
    {},
    command,
  );
  return r.ok
    ? { spec: r.value.planner.clusterHealthCheck, problems: [] }
    : { spec: undefined, problems: r.error };
}

const common = { requestInterval: 30, failureThreshold: 3, regions: [] };

describe("--cluster-health-check", () => {
  it("is off without the flag", () => {
    expect(parse(undefined)).toEqual({ spec: undefined, problems: [] });
  });

  it.each([
    [
      "https://Edge.Cluster-1.example.com:8443/healthz?probe=gslb",
      {
        type: "HTTPS",
        fqdn: "edge.cluster-1.example.com",
        port: 8443,
        resourcePath: "/healthz?probe=gslb",
        enableSni: true,
      },
    ],
    [
      "https://edge.cluster-1.example.com",
      { type: "HTTPS", fqdn: "edge.cluster-1.example.com", port: 443, resourcePath: "/", enableSni: true },
    ],
    [
      "http://203.0.113.7/healthz",
      { type: "HTTP", fqdn: "203.0.113.7", port: 80, resourcePath: "/healthz", enableSni: false },
    ],
    ["tcp://[2001:db8::7]:15021", { type: "TCP", fqdn: "2001:db8::7", port: 15021, enableSni: false }],
    // The canonical spelling, as a check's IPAddress is read back: otherwise it would be updated every run.
    ["tcp://[2001:0DB8:0:0::7]:15021", { type: "TCP", fqdn: "2001:db8::7", port: 15021, enableSni: false }],
  ])("reads %s, for plan and apply alike", (url, spec) => {
    expect(parse(url)).toEqual({ spec: { ...spec, ...common }, problems: [] });
    expect(parse(url, "apply")).toEqual({ spec: { ...spec, ...common }, problems: [] });
  });

  const expected =
    "Expected `--cluster-health-check` to be an `http://`, `https://` or `tcp://` URL of the endpoint Route 53 checks, such as `https://edge.cluster-1.example.com:443/healthz` or `tcp://edge.cluster-1.example.com:443`";
  it.each([
    [
      "edge.cluster-1.example.com/healthz",
      "not of the form scheme://host[:port][/path], without user info or a #fragment",
    ],
    ["ftp://edge.example.com/", "scheme `ftp` is not http, https or tcp"],
    ["tcp://edge.example.com", "a tcp:// check needs a port, as in `tcp://host:443`"],
    ["tcp://edge.example.com:443/healthz", "a tcp:// check has no path"],
    ["https://edge.example.com:70000/", "port 70000 is not from 1 to 65535"],
    [
      "https://user@edge.example.com/",
      "not of the form scheme://host[:port][/path], without user info or a #fragment",
    ],
    [
      "https://edge.example.com/#x",
      "not of the form scheme://host[:port][/path], without user info or a #fragment",
    ],
    ["https://*.example.com/", "the host may not be a wildcard"],
    [`https://edge.example.com/${"a".repeat(260)}`, "the path is 261 characters; Route 53 allows 255"],
  ])("refuses %s, naming the flag and what it accepts", (url, why) => {
    expect(parse(url).problems).toEqual([`${expected}, got \`${url}\`: ${why}`]);
  });

  it("reaches the controller through ROUTE53_GSLB_CLUSTER_HEALTH_CHECK (the Helm value clusterHealthCheck)", () => {
    const r = parseControllerFlags(
      { clusterName: "cluster-1" },
      { ROUTE53_GSLB_CLUSTER_HEALTH_CHECK: "tcp://edge.cluster-1.example.com:443" },
    );
    expect(r.ok && r.value.planner.clusterHealthCheck).toEqual({
      type: "TCP",
      fqdn: "edge.cluster-1.example.com",
      port: 443,
      enableSni: false,
      ...common,
    });
  });
});
