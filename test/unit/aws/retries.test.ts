import { describe, expect, it } from "vitest";
import { RetriesExhaustedError } from "../../../src/aws/aws-errors.js";
import { AwsTimeoutError } from "../../../src/aws/deadline-handler.js";
import type { RequestScheduler, ScheduledCall } from "../../../src/aws/rate-limiter.js";
import { type RetryEvent, withRetries } from "../../../src/aws/retries.js";

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

describe("withRetries and timeouts", () => {
  const timeout = () => new AwsTimeoutError("http://127.0.0.1:5000", "request", 300);

  it("gives up after maxTimeoutAttempts (default 3) timeouts, naming the endpoint and the timeout", async () => {
    let calls = 0;
    const p = withRetries(
      async () => {
        calls++;
        throw timeout();
      },
      { call: { operation: "ListHostedZones" }, sleep: noSleep },
    );
    await expect(p).rejects.toThrow(
      "gave up after 3 attempts: AwsTimeout: no answer from http://127.0.0.1:5000 within the request timeout of 300ms (--aws-request-timeout)",
    );
    expect(calls).toBe(3);
  });

  it("counts only timeouts against maxTimeoutAttempts: throttles in between still get maxAttempts", async () => {
    const answers = ["Throttling", "timeout", "Throttling", "timeout", "Throttling"];
    let calls = 0;
    const out = await withRetries(
      async () => {
        const answer = answers[calls++];
        if (answer === "timeout") throw timeout();
        if (answer) throw awsError(answer);
        return "ok";
      },
      { call: { operation: "ListHostedZones" }, sleep: noSleep, policy: { maxTimeoutAttempts: 3 } },
    );
    expect(out).toBe("ok");
    expect(calls).toBe(6);
  });

  it("a timeout that then succeeds is just a retry", async () => {
    let calls = 0;
    const out = await withRetries(
      async () => {
        if (calls++ === 0) throw timeout();
        return "ok";
      },
      { call: { operation: "ListHostedZones" }, sleep: noSleep },
    );
    expect(out).toBe("ok");
  });
});
