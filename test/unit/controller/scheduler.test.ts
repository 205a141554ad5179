import { describe, expect, it } from "vitest";
import {
  RETRY_JITTER,
  ReconcileScheduler,
  RetryBackoff,
  type RunOutcome,
  type RunReason,
  retryDelayMs,
  type SchedulerOptions,
} from "../../../src/controller/scheduler.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real short intervals (as p-queue's tests do); assertions are on counts and order, not on time. */
function harness(
  minEventIntervalMs = 60,
  resyncIntervalMs = 10_000,
  initialRunMs = 0,
  extra: Partial<SchedulerOptions> = {},
  /** Outcomes of the first runs, in order; "ok" once they are used up. */
  outcomes: RunOutcome[] = [],
) {
  const scheduler = new ReconcileScheduler({ minEventIntervalMs, resyncIntervalMs, ...extra });
  const runs: { reason: RunReason; at: number }[] = [];
  const controller = new AbortController();
  let runMs = initialRunMs;
  const done = scheduler.run(controller.signal, async (reason) => {
    runs.push({ reason, at: Date.now() });
    if (runMs) await tick(runMs);
    return outcomes.shift() ?? "ok";
  });
  return {
    scheduler,
    runs,
    setRunMs: (ms: number) => {
      runMs = ms;
    },
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

/** Waits until `check` holds; the deadline is only a timeout, never the assertion. */
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached");
    await tick(5);
  }
}

describe("retryDelayMs", () => {
  const backoff = { baseMs: 1_000, maxMs: 60_000 };
  it.each([
    // failures, random, expected
    [1, 0, 1_000],
    [2, 0, 2_000],
    [3, 0, 4_000],
    [6, 0, 32_000],
    [7, 0, 60_000],
    [1_000, 0, 60_000],
    [1, 0.5, 1_000 * (1 - RETRY_JITTER / 2)],
    [3, 0.999999, Math.round(4_000 * (1 - RETRY_JITTER * 0.999999))],
    [7, 0.5, 60_000 * (1 - RETRY_JITTER / 2)],
    [0, 0, 1_000],
  ])("after %i failures with random %d: %i ms", (failures, random, expected) => {
    expect(retryDelayMs(failures, backoff, random)).toBe(expected);
  });

  it("never exceeds the cap and never goes below (1 − jitter) of the doubled delay", () => {
    for (let failures = 1; failures < 40; failures++) {
      for (const random of [0, 0.25, 0.5, 0.75, 0.999]) {
        const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (failures - 1));
        const delay = retryDelayMs(failures, backoff, random);
        expect(delay).toBeLessThanOrEqual(backoff.maxMs);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(full * (1 - RETRY_JITTER)));
      }
    }
  });
});

describe("RetryBackoff (injected clock)", () => {
  type Step = ["fail" | "ok", number];
  const table: { name: string; steps: Step[]; failures: number; dueAt: number | undefined }[] = [
    { name: "nothing failed", steps: [], failures: 0, dueAt: undefined },
    { name: "one failure: due after the base delay", steps: [["fail", 100]], failures: 1, dueAt: 1_100 },
    {
      name: "failures in a row double the delay",
      steps: [
        ["fail", 0],
        ["fail", 1_000],
        ["fail", 3_000],
      ],
      failures: 3,
      dueAt: 7_000,
    },
    {
      name: "a success resets the count and the delay",
      steps: [
        ["fail", 0],
        ["fail", 1_000],
        ["ok", 3_000],
        ["fail", 10_000],
      ],
      failures: 1,
      dueAt: 11_000,
    },
    {
      name: "a success clears the retry",
      steps: [
        ["fail", 0],
        ["ok", 1_000],
      ],
      failures: 0,
      dueAt: undefined,
    },
    {
      name: "the delay stops at the cap",
      steps: Array.from({ length: 10 }, (_, i): Step => ["fail", i]),
      failures: 10,
      dueAt: 9 + 5_000,
    },
  ];
  it.each(table)("$name", ({ steps, failures, dueAt }) => {
    const b = new RetryBackoff({ baseMs: 1_000, maxMs: 5_000 }, () => 0);
    for (const [what, at] of steps) {
      if (what === "fail") b.failed(at);
      else b.succeeded();
    }
    expect(b.failures).toBe(failures);
    expect(b.dueAt).toBe(dueAt);
  });

  it("jitter only shortens the delay", () => {
    const b = new RetryBackoff({ baseMs: 1_000, maxMs: 5_000 }, () => 0.5);
    expect(b.failed(0)).toBe(900);
    expect(b.failed(0)).toBe(1_800);
  });
});

describe("ReconcileScheduler", () => {
  it("runs once at start, then coalesces a burst of events into one run", async () => {
    const h = harness();
    await tick(10);
    for (let i = 0; i < 5; i++) h.scheduler.trigger();
    await tick(150);
    await h.stop();
    expect(h.runs.map((r) => r.reason)).toEqual(["start", "event"]);
    const [first, second] = h.runs;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it("an event run waits until its writes could be sent, and takes the events of the wait with it", async () => {
    let readyAt = 0;
    const h = harness(10, 10_000, 0, { writesReadyInMs: () => Math.max(0, readyAt - Date.now()) });
    await tick(20);
    readyAt = Date.now() + 150;
    h.scheduler.trigger();
    await tick(60);
    h.scheduler.trigger(); // during the wait: the same run
    await until(() => h.runs.length >= 2);
    await tick(100);
    await h.stop();
    expect(h.runs.map((r) => r.reason)).toEqual(["start", "event"]);
    expect((h.runs[1]?.at ?? 0) - readyAt).toBeGreaterThanOrEqual(-5);
  });

  it("an event waits for its writes at most the resync interval", async () => {
    const h = harness(10, 300, 0, { writesReadyInMs: () => 60_000 });
    await tick(20);
    h.scheduler.trigger();
    await until(() => h.runs.length >= 2, 2_000);
    await h.stop();
    expect(h.runs.length).toBeGreaterThanOrEqual(2);
  });

  it("an event during a run causes exactly one more run after it", async () => {
    const h = harness(10);
    h.setRunMs(80);
    await tick(20);
    h.scheduler.trigger();
    h.scheduler.trigger();
    await tick(250);
    await h.stop();
    expect(h.runs.map((r) => r.reason)).toEqual(["start", "event"]);
  });

  it("forces a resync run when nothing happens", async () => {
    const h = harness(10, 60);
    await tick(200);
    await h.stop();
    expect(h.runs[0]?.reason).toBe("start");
    expect(h.runs.slice(1).every((r) => r.reason === "resync")).toBe(true);
    expect(h.runs.length).toBeGreaterThanOrEqual(3);
  });

  it("on abort, lets the run in flight finish, then stops", async () => {
    const h = harness(60, 10_000, 100);
    await tick(20);
    let finished = false;
    const stopped = h.stop().then(() => {
      finished = true;
    });
    await tick(30);
    expect(finished).toBe(false);
    await stopped;
    expect(h.runs).toHaveLength(1);
  });

  it("retries a failed run with backoff until it succeeds, then waits for events again", async () => {
    const retries: { failures: number; delayMs: number }[] = [];
    const h = harness(
      10,
      10_000,
      0,
      {
        retryBaseMs: 20,
        retryMaxMs: 1_000,
        random: () => 0,
        onRetry: (r) => retries.push(r),
      },
      ["failed", "failed", "failed"],
    );
    await until(() => h.runs.length === 4);
    // Once it succeeded, nothing runs until an event (the resync is 10 s away): an event run is the
    // positive signal that the scheduler went back to waiting, and nothing ran in between.
    h.scheduler.trigger();
    await until(() => h.runs.length === 5);
    await h.stop();
    expect(h.runs.map((r) => r.reason)).toEqual(["start", "retry", "retry", "retry", "event"]);
    expect(retries).toEqual([
      { failures: 1, delayMs: 20 },
      { failures: 2, delayMs: 40 },
      { failures: 3, delayMs: 80 },
    ]);
  });

  it("an event during the backoff runs sooner (debounced), and a failed event run backs off further", async () => {
    const retries: number[] = [];
    const h = harness(
      10,
      60_000,
      0,
      {
        retryBaseMs: 30_000,
        random: () => 0,
        onRetry: (r) => retries.push(r.delayMs),
      },
      ["failed", "failed"],
    );
    await until(() => retries.length === 1);
    h.scheduler.trigger();
    await until(() => h.runs.length === 2 && retries.length === 2);
    await h.stop();
    expect(h.runs.map((r) => r.reason)).toEqual(["start", "event"]);
    // The cap defaults to the resync interval.
    expect(retries).toEqual([30_000, 60_000]);
  });
});
