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
import { createReadBackResolver } from "../../../src/apply/read-back.js";
import { Route53RateLimiter } from "../../../src/aws/rate-limiter.js";
import type { RecordChange } from "../../../src/model/changes.js";
import {
  aliasWithOwnership,
  awsError,
  change,
  singleRecordGroups,
  valuesRecord,
  ZONE_ID,
} from "../../fixtures/changes.js";
import { FakeZone, lostAnswer } from "./fake-zone.js";

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

  it("learns how long a zone stays busy and holds the next batch instead of sending it to be refused", async () => {
    // A zone busy for 1 s after each accepted batch (virtual time), and one small batch every 300 ms.
    let now = 0;
    let freeAt = 0;
    const refusals: number[] = [];
    let batch = 0;
    const zone: RecordChangeSender = {
      async send() {
        if (now < freeAt) {
          refusals.push(batch);
          throw new PriorRequestNotComplete({ message: "still processing a prior request", ...meta });
        }
        freeAt = now + 1000;
      },
    };
    const { batcher, events } = setup(zone, {
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    for (batch = 0; batch < 30; batch++) {
      const result = await batcher.apply(ZONE_ID, hosts(1));
      expect(result.failed).toEqual([]);
      now += 300;
    }
    // Without the gate every batch but the first is refused at least once (the zone is busy 1 s, the
    // next batch comes 300 ms later). Once learned, most batches wait it out and go through at once.
    expect(refusals.filter((b) => b >= 10).length).toBeLessThanOrEqual(8);
    expect(new Set(refusals.filter((b) => b >= 10)).size).toBeLessThan(10);
    expect(events.filter((e) => e.type === "zone-busy").length).toBeGreaterThan(15);
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
      groupFingerprint(ZONE_ID, [
        { ...reordered, source: { group: "", kind: "Gateway", namespace: "x", name: "y" } },
      ]),
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

describe("ChangeBatcher: a lost answer is not a failure", () => {
  const withReadBack = (zone: FakeZone) => setup(zone, { resolver: createReadBackResolver(zone.read) });

  it("a retry rejected because the lost first attempt was applied: read back, all applied, no bisection", async () => {
    const zone = new FakeZone((call) => call === 1);
    const { batcher, events } = withReadBack(zone);
    const changes = hosts(200);
    const result = await batcher.apply(ZONE_ID, changes);
    expect(result.failed).toEqual([]);
    expect(result.applied).toEqual(changes);
    expect(result.alreadyApplied).toBe(200);
    // The lost attempt and the rejected retry: nothing sent a third time, nothing bisected.
    expect(result.requests).toBe(2);
    expect(zone.accepted).toHaveLength(1);
    expect(events.some((e) => e.type === "rejected")).toBe(false);
    expect(events.filter((e) => e.type === "read-back")).toEqual([
      { type: "read-back", zoneId: ZONE_ID, reason: "lost-answer", groups: 200, inEffect: 200, reads: 1 },
    ]);
    expect(zone.reads[0]).toContain("_gslb.app0.example.com.");
  });

  it("without a resolver the same lost answer bisects and reports every group invalid (the old way)", async () => {
    const zone = new FakeZone((call) => call === 1);
    const { batcher } = setup(zone);
    const result = await batcher.apply(ZONE_ID, hosts(20));
    expect(result.applied).toEqual([]);
    expect(result.failed).toHaveLength(20);
    expect(result.failed.every((f) => f.kind === "invalid")).toBe(true);
    expect(result.requests).toBeGreaterThanOrEqual(2 * 20);
  });

  it("deletes and replacements whose answer was lost are read back as applied too", async () => {
    const zone = new FakeZone((call) => call === 2);
    const { batcher } = withReadBack(zone);
    await batcher.apply(ZONE_ID, hosts(3));
    const replaced = valuesRecord("app1.example.com.", ["192.0.2.1"]);
    const old = aliasWithOwnership("app1.example.com.")[0]?.record;
    const changes = [
      ...aliasWithOwnership("app0.example.com.", "DELETE"),
      change(old ?? replaced, { action: "DELETE", group: "app1" }),
      change(replaced, { action: "CREATE", group: "app1" }),
    ];
    const result = await batcher.apply(ZONE_ID, changes);
    expect(result).toMatchObject({ failed: [], alreadyApplied: 2, requests: 2 });
    expect(result.applied).toEqual(changes);
  });

  it("sends again only the groups not in effect, whole, in one request", async () => {
    // Two hosts already exist (a previous run's lost answer the zone cache never saw).
    const zone = new FakeZone();
    const { batcher, events } = withReadBack(zone);
    await batcher.apply(
      ZONE_ID,
      [...hosts(10)].filter((c) => /app[37]\./.test(c.record.name)),
    );
    const changes = hosts(10);
    const result = await batcher.apply(ZONE_ID, changes);
    expect(result.failed).toEqual([]);
    expect(result.alreadyApplied).toBe(2);
    expect(new Set(result.applied.map((c) => c.group)).size).toBe(10);
    // The rejected request, then one request with the 8 groups still needed.
    expect(zone.calls.slice(1).map((c) => c.length)).toEqual([20, 16]);
    expect(events.filter((e) => e.type === "read-back")).toMatchObject([
      { reason: "already-applied", groups: 10, inEffect: 2 },
    ]);
    for (let i = 0; i < 10; i++) expect(zone.timesApplied(`app${i}.example.com.`)).toBe(1);
  });

  it("a rejection nothing of which is in effect stands: bisected once, not read again", async () => {
    const bad = "app5.example.com.|A";
    // A 503 before any work, then the content rejection AWS gives the bad group every time.
    const zone = new FakeZone(
      () => false,
      (call, changes) =>
        call === 1
          ? lostAnswer()
          : changes.some((c) => c.group === bad)
            ? awsError(
                "InvalidChangeBatch",
                "RRSet of type A with DNS name app5.example.com. is not permitted",
              )
            : undefined,
    );
    const { batcher, events } = withReadBack(zone);
    const result = await batcher.apply(ZONE_ID, hosts(8));
    expect(result.failed).toMatchObject([{ group: bad, kind: "invalid" }]);
    expect(new Set(result.applied.map((c) => c.group)).size).toBe(7);
    expect(events.filter((e) => e.type === "read-back")).toHaveLength(1);
    expect(events.filter((e) => e.type === "rejected").length).toBeGreaterThan(0);
  });

  it("a real 'already exists' (someone else's record) is read back once, then isolated and quarantined", async () => {
    const zone = new FakeZone();
    const { batcher, events } = withReadBack(zone);
    const theirs = { ...valuesRecord("app2.example.com.", ["198.51.100.7"]) };
    zone.records.set("app2.example.com.|A|cluster-1", theirs);
    const result = await batcher.apply(ZONE_ID, hosts(4));
    expect(result.failed).toMatchObject([{ group: "app2.example.com.|A", kind: "invalid" }]);
    expect(result.alreadyApplied ?? 0).toBe(0);
    expect(events.filter((e) => e.type === "read-back")).toHaveLength(1);
    expect(zone.records.get("app2.example.com.|A|cluster-1")).toBe(theirs);
  });

  it("every answer lost until retries run out: read back, what is in effect is applied", async () => {
    const zone = new FakeZone(() => true);
    const { batcher } = setup(zone, {
      resolver: createReadBackResolver(zone.read),
      retry: { maxAttempts: 3 },
    });
    const result = await batcher.apply(ZONE_ID, hosts(5));
    expect(result).toMatchObject({ failed: [], alreadyApplied: 5, requests: 3 });
  });

  it("a read-back that fails leaves the request's own verdict, and says why", async () => {
    const zone = new FakeZone((call) => call === 1);
    const resolver = {
      readBack: async () => {
        throw awsError("AccessDenied", "not allowed to list", 403);
      },
    };
    const { batcher, events } = setup(zone, { resolver });
    const result = await batcher.apply(ZONE_ID, hosts(1));
    expect(result.failed).toMatchObject([{ kind: "invalid" }]);
    expect(events.find((e) => e.type === "read-back")).toMatchObject({
      error: "AccessDenied: not allowed to list",
    });
  });
});
