import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../../src/aws/token-bucket.js";
import { virtualTime } from "./virtual-time.js";

describe("TokenBucket", () => {
  it("serves a full burst at once, then paces at the rate", async () => {
    const t = virtualTime();
    const bucket = new TokenBucket({ rate: 10, burst: 5, clock: t.clock, sleep: t.sleep });
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(t.sleeps).toEqual([]);
    for (let i = 0; i < 10; i++) await bucket.take();
    // Ten more tokens at 10 per second: one second of virtual time.
    expect(t.elapsed()).toBeGreaterThanOrEqual(1000);
    expect(t.elapsed()).toBeLessThan(1000 + 10);
  });

  it("refills with time, never beyond the burst", async () => {
    const t = virtualTime();
    const bucket = new TokenBucket({ rate: 10, burst: 5, clock: t.clock, sleep: t.sleep });
    await bucket.take(5);
    expect(bucket.available()).toBe(0);
    void t.sleep(200);
    expect(bucket.available()).toBeCloseTo(2);
    void t.sleep(10_000);
    expect(bucket.available()).toBe(5);
  });

  it("serves callers in call order, so a large take is not starved by small ones", async () => {
    const t = virtualTime();
    const bucket = new TokenBucket({ rate: 1, burst: 3, clock: t.clock, sleep: t.sleep });
    await bucket.take(3);
    const order: string[] = [];
    await Promise.all([
      bucket.take(3).then(() => order.push("large")),
      bucket.take(1).then(() => order.push("small-1")),
      bucket.take(1).then(() => order.push("small-2")),
    ]);
    expect(order).toEqual(["large", "small-1", "small-2"]);
  });

  it("lets a cost above the burst through on a full bucket and carries the excess as debt", async () => {
    const t = virtualTime();
    const bucket = new TokenBucket({ rate: 10, burst: 5, clock: t.clock, sleep: t.sleep });
    await bucket.take(8);
    expect(t.elapsed()).toBe(0);
    expect(bucket.available()).toBe(-3);
    await bucket.take(1);
    // Paying back 3 and earning 1 at 10 per second.
    expect(t.elapsed()).toBeGreaterThanOrEqual(400);
  });

  it("halves the rate on slowDown down to a floor, empties the bucket, and recovers additively", () => {
    const t = virtualTime();
    const bucket = new TokenBucket({
      rate: 10,
      burst: 5,
      clock: t.clock,
      sleep: t.sleep,
      minRate: 2,
      recoveryStep: 1,
    });
    bucket.slowDown();
    expect(bucket.rate).toBe(5);
    expect(bucket.available()).toBe(0);
    bucket.slowDown();
    bucket.slowDown();
    expect(bucket.rate).toBe(2);
    bucket.recover();
    expect(bucket.rate).toBe(3);
    for (let i = 0; i < 20; i++) bucket.recover();
    expect(bucket.rate).toBe(10);
  });

  it("refills at the slower rate after slowDown", async () => {
    const t = virtualTime();
    const bucket = new TokenBucket({ rate: 10, burst: 1, clock: t.clock, sleep: t.sleep });
    await bucket.take();
    bucket.slowDown(0.5);
    await bucket.take();
    expect(t.elapsed()).toBeGreaterThanOrEqual(200);
  });

  it("rejects nonsense settings in p-queue's wording", () => {
    expect(() => new TokenBucket({ rate: 0, burst: 1 })).toThrow(
      "Expected `rate` to be a number above 0, got `0`",
    );
    expect(() => new TokenBucket({ rate: 1, burst: -1 })).toThrow("Expected `burst`");
  });

  it("works with real short intervals", async () => {
    const bucket = new TokenBucket({ rate: 2000, burst: 2 });
    const done: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => bucket.take().then(() => done.push(i))));
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
