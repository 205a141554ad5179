import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMIT_CONFIG, Route53RateLimiter } from "../../../src/aws/rate-limiter.js";
import { virtualTime } from "./virtual-time.js";

const fast = { requestRate: 1e6, requestBurst: 1e6, changeRate: 1e6, changeBurst: 1e6 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Route53RateLimiter", () => {
  it("defaults to AWS's published buckets", () => {
    expect(DEFAULT_RATE_LIMIT_CONFIG).toMatchObject({
      requestRate: 10,
      requestBurst: 50,
      changeRate: 100,
      changeBurst: 1500,
      healthCheckCreateRate: 0.5,
    });
  });

  it("runs calls to one zone one at a time, and calls to other zones alongside", async () => {
    const limiter = new Route53RateLimiter(fast);
    const inFlight = new Map<string, number>();
    const maxPerZone = new Map<string, number>();
    let total = 0;
    let maxTotal = 0;
    const call = (zoneId: string) =>
      limiter.schedule({ operation: "ChangeResourceRecordSets", zoneId, changeTokens: 1 }, async () => {
        inFlight.set(zoneId, (inFlight.get(zoneId) ?? 0) + 1);
        maxPerZone.set(zoneId, Math.max(maxPerZone.get(zoneId) ?? 0, inFlight.get(zoneId) ?? 0));
        maxTotal = Math.max(maxTotal, ++total);
        await pause(3);
        inFlight.set(zoneId, (inFlight.get(zoneId) ?? 0) - 1);
        total--;
        return zoneId;
      });
    const results = await Promise.all(["A", "B", "A", "C", "A", "B"].map(call));
    await limiter.onIdle();
    expect(results).toEqual(["A", "B", "A", "C", "A", "B"]);
    expect([...maxPerZone.values()]).toEqual([1, 1, 1]);
    expect(maxTotal).toBeGreaterThan(1);
  });

  it("keeps a zone's calls in order and frees the zone after a failure", async () => {
    const limiter = new Route53RateLimiter(fast);
    const order: number[] = [];
    const calls = [1, 2, 3].map((i) =>
      limiter.schedule({ operation: "ChangeResourceRecordSets", zoneId: "Z" }, async () => {
        order.push(i);
        if (i === 2) throw new Error("boom");
        return i;
      }),
    );
    const settled = await Promise.allSettled(calls);
    expect(order).toEqual([1, 2, 3]);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("paces all calls through the account request bucket", async () => {
    const t = virtualTime();
    const limiter = new Route53RateLimiter({ requestRate: 10, requestBurst: 2 }, t);
    let calls = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.schedule({ operation: "ListHostedZones" }, async () => calls++),
      ),
    );
    expect(calls).toBe(12);
    expect(t.elapsed()).toBeGreaterThanOrEqual(1000);
  });

  it("draws change tokens for record changes (UPSERT costs are the caller's)", async () => {
    const t = virtualTime();
    const limiter = new Route53RateLimiter({ ...fast, changeRate: 100, changeBurst: 100 }, t);
    const op = { operation: "ChangeResourceRecordSets", zoneId: "Z", changeTokens: 100 };
    await limiter.schedule(op, async () => undefined);
    expect(t.elapsed()).toBe(0);
    await limiter.schedule(op, async () => undefined);
    expect(t.elapsed()).toBeGreaterThanOrEqual(1000);
  });

  it("meters CreateHealthCheck with its own slow bucket", async () => {
    const t = virtualTime();
    const limiter = new Route53RateLimiter(
      { ...fast, healthCheckCreateRate: 0.5, healthCheckCreateBurst: 1 },
      t,
    );
    for (let i = 0; i < 3; i++)
      await limiter.schedule({ operation: "CreateHealthCheck" }, async () => undefined);
    expect(t.elapsed()).toBeGreaterThanOrEqual(4000);
    // Other operations are not held up by it.
    const before = t.elapsed();
    await limiter.schedule({ operation: "ListHealthChecks" }, async () => undefined);
    expect(t.elapsed()).toBe(before);
  });

  it("slows the buckets a throttled call drew from, and lets them recover after successes", () => {
    const limiter = new Route53RateLimiter();
    const change = { operation: "ChangeResourceRecordSets", zoneId: "Z", changeTokens: 10 };
    limiter.throttled(change);
    expect(limiter.rates()).toMatchObject({ request: 5, change: 50, operations: { CreateHealthCheck: 0.5 } });
    limiter.throttled({ operation: "CreateHealthCheck" });
    expect(limiter.rates().operations.CreateHealthCheck).toBe(0.25);
    for (let i = 0; i < 10; i++) limiter.succeeded(change);
    expect(limiter.rates()).toMatchObject({ request: 10, change: 100 });
  });
});
