import { describe, expect, it } from "vitest";
import { ReconcileScheduler, type RunReason } from "../../../src/controller/scheduler.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Real short intervals (as p-queue's tests do); assertions are on counts and order, not on time. */
function harness(minEventIntervalMs = 60, resyncIntervalMs = 10_000, initialRunMs = 0) {
  const scheduler = new ReconcileScheduler({ minEventIntervalMs, resyncIntervalMs });
  const runs: { reason: RunReason; at: number }[] = [];
  const controller = new AbortController();
  let runMs = initialRunMs;
  const done = scheduler.run(controller.signal, async (reason) => {
    runs.push({ reason, at: Date.now() });
    if (runMs) await tick(runMs);
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
});
