import { describe, expect, it } from "vitest";
import type { RequestScheduler, ScheduledCall } from "../../../src/apply/rate-limiter.js";
import { RetriesExhaustedError } from "../../../src/route53/aws-errors.js";
import { type RetryEvent, withRetries } from "../../../src/route53/retries.js";

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

function recordingScheduler() {
  const log: string[] = [];
  const scheduler: RequestScheduler = {
    schedule: (call, fn) => {
      log.push(`schedule ${call.operation}`);
      return fn();
    },
    throttled: (call: ScheduledCall) => log.push(`throttled ${call.operation}`),
    succeeded: (call: ScheduledCall) => log.push(`succeeded ${call.operation}`),
  };
  return { scheduler, log };
}

const noSleep = async () => {};

describe("withRetries", () => {
  it("retries throttling through the scheduler, slows it down, and backs off with full jitter", async () => {
    const { scheduler, log } = recordingScheduler();
    const events: RetryEvent[] = [];
    const sleeps: number[] = [];
    let calls = 0;
    const out = await withRetries(
      async () => {
        calls++;
        if (calls < 3) throw awsError("Throttling");
        return "ok";
      },
      {
        call: { operation: "ListHostedZones" },
        scheduler,
        policy: { baseDelayMs: 100, maxDelayMs: 150 },
        random: () => 0.999,
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        onRetry: (e) => events.push(e),
      },
    );
    expect(out).toBe("ok");
    expect(sleeps).toEqual([99, 149]); // uniform below min(max, base·2ⁿ⁻¹)
    expect(events.map((e) => [e.attempt, e.throttled, e.error])).toEqual([
      [1, true, "Throttling"],
      [2, true, "Throttling"],
    ]);
    expect(log).toEqual([
      "schedule ListHostedZones",
      "throttled ListHostedZones",
      "schedule ListHostedZones",
      "throttled ListHostedZones",
      "schedule ListHostedZones",
      "succeeded ListHostedZones",
    ]);
  });

  it("throws a terminal error at once", async () => {
    let calls = 0;
    const p = withRetries(
      async () => {
        calls++;
        throw awsError("AccessDenied", 403);
      },
      { call: { operation: "X" }, sleep: noSleep },
    );
    await expect(p).rejects.toMatchObject({ name: "AccessDenied" });
    expect(calls).toBe(1);
  });

  it("gives up after maxAttempts with RetriesExhaustedError carrying the cause", async () => {
    let calls = 0;
    const p = withRetries(
      async () => {
        calls++;
        throw awsError("ServiceUnavailable", 503);
      },
      { call: { operation: "X" }, sleep: noSleep, policy: { maxAttempts: 4 } },
    );
    await expect(p).rejects.toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(4);
  });
});
