import { describe, expect, it } from "vitest";
import { abortableSleep, realSleep, systemClock } from "../../../src/aws/clock.js";

describe("abortableSleep", () => {
  it("resolves after the time when nothing aborts", async () => {
    const start = systemClock.now();
    await abortableSleep(20, new AbortController().signal);
    expect(systemClock.now() - start).toBeGreaterThanOrEqual(15);
  });

  it("resolves at once for a signal already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortableSleep(60_000, controller.signal)).resolves.toBeUndefined();
  });

  it("resolves early when the signal aborts", async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    await realSleep(5);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
  });
});
