import type { GetHealthCheckStatusCommandInput } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_DEADLINES } from "../../../src/aws/deadline-handler.js";
import { DEFAULT_RATE_LIMIT_CONFIG } from "../../../src/aws/rate-limiter.js";
import type { CliIo } from "../../../src/cli/cli-io.js";
import { readGslbStatus, runStatus, StatusReadError } from "../../../src/cli/status-command.js";
import type { StatusOptions } from "../../../src/cli/status-options.js";
import type { HostedZone } from "../../../src/model/zone.js";
import { bookinfoZone, FILTER, otherZone } from "../../fixtures/status.js";

const options: StatusOptions = {
  hostnames: [],
  zoneFilter: FILTER,
  output: "json",
  aws: { region: "us-east-1", rateLimits: DEFAULT_RATE_LIMIT_CONFIG, timeouts: DEFAULT_REQUEST_DEADLINES },
  timeoutMs: 600_000,
};

function readers(zones: () => Promise<HostedZone[]>, asked: string[] = [], inverted: string[] = []) {
  return {
    zones: { refresh: zones, problems: () => ["record set `x.` could not be read: bad"] },
    api: {
      async listHealthChecks() {
        return {
          $metadata: {},
          HealthChecks: ["hc-primary", "hc-secondary"].map((id) => ({
            Id: id,
            CallerReference: id,
            HealthCheckVersion: 1,
            HealthCheckConfig: {
              Type: "HTTPS" as const,
              FullyQualifiedDomainName: "lb.example.com",
              ...(inverted.includes(id) ? { Inverted: true } : {}),
            },
          })),
          Marker: "",
          IsTruncated: false,
          MaxItems: 1000,
        };
      },
      async listTagsForResources() {
        return { $metadata: {}, ResourceTagSets: [] };
      },
      async getHealthCheckStatus(input: GetHealthCheckStatusCommandInput) {
        asked.push(input.HealthCheckId ?? "");
        return {
          $metadata: {},
          HealthCheckObservations: [{ StatusReport: { Status: "Success: HTTP Status Code 200, OK" } }],
        };
      },
    },
  };
}

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout: (s: string) => {
      io.out += s;
    },
    stderr: (s: string) => {
      io.err += s;
    },
    readStdin: async () => "",
  };
  return io;
}

describe("status command", () => {
  it("reads the zones once and each shown member's health check once", async () => {
    const asked: string[] = [];
    const read = await readGslbStatus(
      options,
      readers(async () => [bookinfoZone(), otherZone()], asked),
    );
    expect(asked.sort()).toEqual(["hc-primary", "hc-secondary"]);
    expect(read.status.summary).toEqual({ names: 3, members: 7, healthy: 3 });
    expect(read.warnings).toEqual(["record set `x.` could not be read: bad"]);
  });

  it("reads an Inverted check's verdict the other way round, as Route 53 does (a drained member)", async () => {
    const read = await readGslbStatus(
      options,
      readers(async () => [bookinfoZone()], [], ["hc-primary"]),
    );
    const health = read.status.names
      .flatMap((n) => n.members)
      .filter((m) => m.record.healthCheckId !== undefined)
      .map((m) => [m.record.healthCheckId, m.health]);
    // The primary's A and AAAA share the check.
    expect(Object.fromEntries(health)).toEqual({
      "hc-primary": { status: "unhealthy", checkers: 1, reportingSuccess: 1, inverted: true },
      "hc-secondary": { status: "healthy", checkers: 1, reportingSuccess: 1 },
    });
    expect(health).toHaveLength(3);
    expect(read.status.summary.healthy).toBe(1);
  });

  it("prints the view on stdout, what could not be mapped on stderr, and exits 0", async () => {
    const io = capture();
    const code = await runStatus(
      options,
      io,
      readers(async () => [bookinfoZone()]),
    );
    expect(code).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ version: 1, summary: { names: 3 } });
    expect(io.err).toBe("warning: record set `x.` could not be read: bad\n");
  });

  it("exits 1 naming what could not be read when the zones cannot be listed", async () => {
    const denied = Object.assign(new Error("User is not authorized to perform route53:ListHostedZones"), {
      name: "AccessDenied",
    });
    const failing = readers(async () => {
      throw denied;
    });
    await expect(readGslbStatus(options, failing)).rejects.toBeInstanceOf(StatusReadError);
    const io = capture();
    expect(await runStatus(options, io, failing)).toBe(1);
    expect(io.out).toBe("");
    expect(io.err).toBe(
      "error: reading the hosted zones and their records (ListHostedZones, ListResourceRecordSets) from AWS failed: " +
        "AccessDenied: User is not authorized to perform route53:ListHostedZones\n",
    );
  });
});
