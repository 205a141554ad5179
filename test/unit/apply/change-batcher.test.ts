import {
  InvalidChangeBatch,
  PriorRequestNotComplete,
  Route53ServiceException,
} from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import {
  type BatcherEvent,
  ChangeBatcher,
  type ChangeBatcherOptions,
  groupFingerprint,
  type RecordChangeSender,
} from "../../../src/apply/change-batcher.js";
import { Route53RateLimiter } from "../../../src/apply/rate-limiter.js";
import type { RecordChange } from "../../../src/model/changes.js";
import {
  aliasWithOwnership,
  awsError,
  change,
  singleRecordGroups,
  valuesRecord,
  ZONE_ID,
} from "./fixtures.js";

const meta = { $metadata: { httpStatusCode: 400 } };
const throttling = () =>
  new Route53ServiceException({ name: "Throttling", $fault: "client", message: "Rate exceeded", ...meta });

/**
 * An in-memory Route 53 for one module's unit test: applies a request atomically, or throws what `fail`
 * returns for it. Also checks that calls to one zone never overlap.
 */
class FakeRoute53 implements RecordChangeSender {
  readonly calls: RecordChange[][] = [];
  readonly applied: RecordChange[] = [];
  #inFlight = new Set<string>();
  constructor(private readonly fail: (changes: RecordChange[], call: number) => unknown = () => undefined) {}

  async send(zoneId: string, changes: RecordChange[]): Promise<void> {
    if (this.#inFlight.has(zoneId)) throw new Error(`two requests in flight for ${zoneId}`);
    this.#inFlight.add(zoneId);
    try {
      await new Promise((resolve) => setImmediate(resolve));
      this.calls.push(changes);
      const error = this.fail(changes, this.calls.length);
      if (error) throw error;
      this.applied.push(...changes);
    } finally {
      this.#inFlight.delete(zoneId);
    }
  }
}

function setup(sender: RecordChangeSender, options: Partial<ChangeBatcherOptions> = {}) {
  const events: BatcherEvent[] = [];
  const delays: number[] = [];
  const limiter = new Route53RateLimiter({
    requestRate: 1e6,
    requestBurst: 1e6,
    changeRate: 1e6,
    changeBurst: 1e6,
  });
  const batcher = new ChangeBatcher({
    sender,
    limiter,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { batcher, limiter, events, delays };
}

const hosts = (n: number) =>
  Array.from({ length: n }, (_, i) => aliasWithOwnership(`app${i}.example.com.`)).flat();

describe("ChangeBatcher", () => {
  it("applies 2,500 groups in the fewest requests, in plan order", async () => {
    const fake = new FakeRoute53();
    const { batcher } = setup(fake);
    const changes = singleRecordGroups(2500);
    const result = await batcher.apply(ZONE_ID, changes);
    expect(fake.calls.map((c) => c.length)).toEqual([1000, 1000, 500]);
    expect(result.applied).toEqual(changes);
    expect(fake.applied).toEqual(changes);
    expect(result).toMatchObject({ failed: [], oversized: [], requests: 3 });
  });

  it("retries Throttling with full-jitter backoff and slows the shared limiter down", async () => {
    const fake = new FakeRoute53((_, call) => (call <= 3 ? throttling() : undefined));
    const { batcher, limiter, events, delays } = setup(fake);
    const changes = hosts(10);
    const result = await batcher.apply(ZONE_ID, changes);
    expect(result.applied).toEqual(changes);
    expect(result.requests).toBe(4);
    // random() = 0.5 of caps 250, 500, 1000 ms.
    expect(delays).toEqual([125, 250, 500]);
    expect(events.filter((e) => e.type === "throttled")).toHaveLength(3);
    expect(events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && e.error)).toEqual([
      "Throttling",
      "Throttling",
      "Throttling",
    ]);
    // Three halvings (1e6 → 125,000), then one additive step (a tenth of the base) after the success.
    expect(limiter.rates().request).toBe(225_000);
  });

  it("retries PriorRequestNotComplete without slowing the account down", async () => {
    const busy = new PriorRequestNotComplete({ message: "still processing a prior request", ...meta });
    const fake = new FakeRoute53((_, call) => (call === 1 ? busy : undefined));
    const { batcher, limiter, events } = setup(fake);
    const result = await batcher.apply(ZONE_ID, hosts(3));
    expect(result.applied).toHaveLength(6);
    expect(result.requests).toBe(2);
    expect(events.some((e) => e.type === "throttled")).toBe(false);
    expect(limiter.rates().request).toBe(1e6);
  });

  it("retries 5xx and network errors", async () => {
    const errors = [
      awsError("ServiceUnavailable", "busy", 503),
      Object.assign(new Error("reset"), { code: "ECONNRESET" }),
    ];
    const fake = new FakeRoute53((_, call) => errors[call - 1]);
    const { batcher } = setup(fake);
    const result = await batcher.apply(ZONE_ID, hosts(2));
    expect(result.applied).toHaveLength(4);
    expect(result.requests).toBe(3);
  });

  it("isolates one bad group among 200 by bisection: 199 applied, the bad one named, O(log n) requests", async () => {
    const changes = hosts(200);
    const bad = "app137.example.com.|A";
    const message =
      "[Tried to create resource record set [name='app137.example.com.', type='A'] but it already exists]";
    const fake = new FakeRoute53((sent) =>
      sent.some((c) => c.group === bad)
        ? new InvalidChangeBatch({ message, messages: [message], ...meta })
        : undefined,
    );
    const { batcher, events } = setup(fake);
    const result = await batcher.apply(ZONE_ID, changes);

    const good = changes.filter((c) => c.group !== bad);
    expect(result.applied).toEqual(good);
    expect(new Set(result.applied.map((c) => c.group)).size).toBe(199);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ group: bad, kind: "invalid", message });
    // One full request, then two halves per level down to the bad group: 1 + 2·⌈log2 200⌉.
    expect(fake.calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(200)));
    expect(events.filter((e) => e.type === "rejected").length).toBeLessThanOrEqual(Math.ceil(Math.log2(200)));

    // The bad group is not sent again while its content is unchanged...
    const fingerprint = result.failed[0]?.fingerprint ?? "";
    expect(batcher.isQuarantined(fingerprint)).toBe(true);
    const before = fake.calls.length;
    const again = await batcher.apply(ZONE_ID, changes);
    expect(again.failed).toMatchObject([{ group: bad, kind: "quarantined", message }]);
    expect(
      fake.calls
        .slice(before)
        .flat()
        .some((c) => c.group === bad),
    ).toBe(false);

    // ...and is tried again once its input changes.
    const fixed = aliasWithOwnership("app137.example.com.", "UPSERT");
    const third = await batcher.apply(ZONE_ID, fixed);
    expect(third.failed).toMatchObject([{ group: bad, kind: "invalid" }]);
    expect(batcher.isQuarantined(groupFingerprint(ZONE_ID, fixed))).toBe(true);
    expect(batcher.isQuarantined(fingerprint)).toBe(false);
  });

  it("fingerprints by content, not by key order or source", () => {
    const [a] = singleRecordGroups(1) as [RecordChange];
    const reordered: RecordChange = {
      record: a.record,
      group: a.group,
      action: a.action,
      purpose: a.purpose,
      zoneName: a.zoneName,
      zoneId: a.zoneId,
    };
    expect(groupFingerprint(ZONE_ID, [a])).toBe(
      groupFingerprint(ZONE_ID, [{ ...reordered, source: "Gateway x/y" }]),
    );
    expect(groupFingerprint(ZONE_ID, [a])).not.toBe(groupFingerprint(ZONE_ID, [{ ...a, action: "UPSERT" }]));
  });

  it("gives up after the retry budget and holds the zone's remaining requests back", async () => {
    const fake = new FakeRoute53(() => throttling());
    const { batcher } = setup(fake, { retry: { maxAttempts: 3 } });
    const changes = singleRecordGroups(1500);
    const result = await batcher.apply(ZONE_ID, changes);
    expect(result.applied).toEqual([]);
    expect(fake.calls).toHaveLength(3);
    expect(result.failed.filter((f) => f.kind === "error")).toHaveLength(1000);
    expect(result.failed.filter((f) => f.kind === "not-sent")).toHaveLength(500);
    expect(result.failed[0]?.message).toContain("gave up after 3 attempts: Throttling: Rate exceeded");
  });

  it("does not retry a terminal error", async () => {
    const fake = new FakeRoute53(() => awsError("AccessDenied", "not authorized", 403));
    const { batcher } = setup(fake);
    const result = await batcher.apply(ZONE_ID, hosts(2));
    expect(fake.calls).toHaveLength(1);
    expect(result.failed.map((f) => f.kind)).toEqual(["error", "error"]);
    expect(result.failed[0]?.message).toBe("AccessDenied: not authorized");
  });

  it("reports an oversized group and applies the rest", async () => {
    const fake = new FakeRoute53();
    const { batcher, events } = setup(fake, { limits: { maxElements: 4, maxValueCharacters: 1000 } });
    const big = change(valuesRecord("big.example.com.", ["1.1.1.1", "2.2.2.2", "3.3.3.3"]), {
      action: "UPSERT",
    });
    const small = singleRecordGroups(2);
    const result = await batcher.apply(ZONE_ID, [big, ...small]);
    expect(result.applied).toEqual(small);
    expect(result.oversized.map((o) => o.group)).toEqual(["big.example.com.|A"]);
    expect(events).toContainEqual(
      expect.objectContaining({ type: "oversized", group: "big.example.com.|A" }),
    );
  });

  it("serialises concurrent applies to one zone through the shared limiter", async () => {
    const fake = new FakeRoute53();
    const { batcher } = setup(fake, { limits: { maxElements: 2, maxValueCharacters: 1000 } });
    const [a, b] = await Promise.all([batcher.apply(ZONE_ID, hosts(5)), batcher.apply(ZONE_ID, hosts(5))]);
    expect(a.applied).toHaveLength(10);
    expect(b.applied).toHaveLength(10);
    expect(fake.calls).toHaveLength(10);
  });

  it("rejects changes for another zone as a programming error", async () => {
    const { batcher } = setup(new FakeRoute53());
    const other = change(valuesRecord("x.example.com.", ["1.1.1.1"]), { zoneId: "ZOTHER" });
    await expect(batcher.apply(ZONE_ID, [other])).rejects.toThrow(
      "Expected every change to be for zone `ZAPPLY`",
    );
  });

  it("keeps going when the event hook throws", async () => {
    const fake = new FakeRoute53();
    const { batcher } = setup(fake, {
      onEvent: () => {
        throw new Error("metrics down");
      },
    });
    const result = await batcher.apply(ZONE_ID, hosts(1));
    expect(result.applied).toHaveLength(2);
  });
});
