import type { GetHealthCheckStatusCommandInput } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { readHealthCheckStatuses } from "../../../src/route53/health-check-status.js";

const meta = { $metadata: {} };

describe("readHealthCheckStatuses", () => {
  it("asks once per distinct id and keeps each checker's latest status", async () => {
    const asked: string[] = [];
    const api = {
      async getHealthCheckStatus(input: GetHealthCheckStatusCommandInput) {
        asked.push(input.HealthCheckId ?? "");
        return {
          ...meta,
          HealthCheckObservations: [
            { Region: "us-east-1" as const, StatusReport: { Status: "Success: HTTP Status Code 200, OK" } },
            { Region: "eu-west-1" as const, StatusReport: { Status: "Failure: Connection timed out." } },
            { Region: "ap-southeast-1" as const },
          ],
        };
      },
    };
    const out = await readHealthCheckStatuses(api, ["hc-1", "hc-2", "hc-1"]);
    expect(asked.sort()).toEqual(["hc-1", "hc-2"]);
    expect(out.get("hc-1")).toEqual({
      ok: true,
      statuses: ["Success: HTTP Status Code 200, OK", "Failure: Connection timed out.", ""],
    });
    expect([...out.keys()]).toEqual(["hc-1", "hc-2"]);
  });

  it("turns a failed call into that check's reason and reads the others", async () => {
    const api = {
      async getHealthCheckStatus(input: GetHealthCheckStatusCommandInput) {
        if (input.HealthCheckId === "gone") {
          throw Object.assign(new Error("No health check exists with the specified ID."), {
            name: "NoSuchHealthCheck",
          });
        }
        return { ...meta, HealthCheckObservations: [] };
      },
    };
    const out = await readHealthCheckStatuses(api, ["gone", "fresh"]);
    expect(out.get("gone")).toEqual({
      ok: false,
      error: "GetHealthCheckStatus failed: NoSuchHealthCheck: No health check exists with the specified ID.",
    });
    expect(out.get("fresh")).toEqual({ ok: true, statuses: [] });
  });

  it("makes no call when no member has a health check", async () => {
    const api = {
      async getHealthCheckStatus(): Promise<never> {
        throw new Error("not expected");
      },
    };
    expect((await readHealthCheckStatuses(api, [])).size).toBe(0);
  });
});
