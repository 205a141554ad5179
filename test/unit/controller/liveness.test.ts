import { describe, expect, it } from "vitest";
import {
  completedReconcile,
  DEFAULT_UNHEALTHY_AFTER,
  SyncLiveness,
} from "../../../src/controller/liveness.js";
import type { Plan } from "../../../src/model/changes.js";

/** A liveness over a clock the test moves by hand: nothing sleeps. */
function setup(unhealthyAfter = 3, intervalMs = 60_000) {
  let now = 1_000_000;
  const liveness = new SyncLiveness({ intervalMs, unhealthyAfter, now: () => now });
  return {
    liveness,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("SyncLiveness (/healthz)", () => {
  it("defaults to five intervals", () => {
    expect(DEFAULT_UNHEALTHY_AFTER).toBe(5);
  });

  it("a replica that does not lead is healthy however long it goes without reconciling (a standby)", () => {
    const { liveness, advance } = setup();
    advance(24 * 3_600_000);
    expect(liveness.health()).toEqual({ healthy: true });
  });

  it("a new leader gets the whole grace period for its first reconcile, then fails with the reason", () => {
    const { liveness, advance } = setup(3, 60_000);
    liveness.leading(true);
    advance(179_999);
    expect(liveness.health()).toEqual({ healthy: true });
    advance(1);
    expect(liveness.health()).toEqual({
      healthy: false,
      reason:
        "no reconcile has completed and AWS has answered no request in the 3m since this replica started leading (limit: --unhealthy-after 3 × --interval 1m)",
    });
  });

  it("each sign of progress restarts the count; N intervals after the last one the leader is unhealthy", () => {
    const { liveness, advance } = setup(2, 10_000);
    liveness.leading(true);
    advance(15_000);
    liveness.progressed();
    advance(19_000);
    expect(liveness.health().healthy).toBe(true);
    liveness.progressed();
    advance(20_500);
    expect(liveness.health()).toEqual({
      healthy: false,
      reason:
        "no reconcile has completed and AWS has answered no request for 21s (limit: --unhealthy-after 2 × --interval 10s)",
    });
    liveness.progressed();
    expect(liveness.health()).toEqual({ healthy: true });
  });

  it("losing leadership makes it healthy again; a new term starts a new grace period", () => {
    const { liveness, advance } = setup(1, 1_000);
    liveness.leading(true);
    liveness.progressed();
    advance(5_000);
    expect(liveness.health().healthy).toBe(false);
    liveness.leading(false);
    expect(liveness.health().healthy).toBe(true);
    // Progress in the earlier term does not count for this one, nor against it.
    liveness.leading(true);
    advance(999);
    expect(liveness.health().healthy).toBe(true);
    advance(1);
    expect(liveness.health()).toMatchObject({
      healthy: false,
      reason: expect.stringContaining("since this replica started leading"),
    });
  });

  it("0 turns the check off", () => {
    const { liveness, advance } = setup(0, 1_000);
    liveness.leading(true);
    advance(3_600_000);
    expect(liveness.health()).toEqual({ healthy: true });
  });
});

describe("completedReconcile: what keeps a leader alive", () => {
  const plan = {} as Plan; // only its presence matters here

  it("a run that read AWS and planned counts, even when Route 53 rejected some of its changes", () => {
    expect(completedReconcile({ plan })).toBe(true);
  });

  it("a run that threw before planning (AWS silent, retries exhausted) or skipped unsynced informers does not", () => {
    expect(completedReconcile({})).toBe(false);
  });
});
