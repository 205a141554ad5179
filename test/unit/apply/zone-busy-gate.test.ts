import { describe, expect, it } from "vitest";
import { MAX_BUSY_MS, MIN_BUSY_MS, ZoneBusyGate } from "../../../src/apply/zone-busy-gate.js";

type Step =
  | { at: number; accepted: boolean /* first attempt */ }
  | { at: number; refused: true }
  | { at: number; expectWait: number; expectEstimate?: number };

function run(steps: Step[], zone = "Z1"): void {
  let now = 0;
  const gate = new ZoneBusyGate(() => now);
  for (const step of steps) {
    now = step.at;
    if ("accepted" in step) gate.accepted(zone, step.accepted);
    else if ("refused" in step) gate.refused(zone);
    else {
      expect(gate.waitMs(zone), `wait at ${step.at}`).toBe(step.expectWait);
      if (step.expectEstimate !== undefined)
        expect(gate.estimateMs(zone)).toBeCloseTo(step.expectEstimate, 6);
    }
  }
}

describe("ZoneBusyGate", () => {
  it.each<[string, Step[]]>([
    [
      "a zone never refused is never held",
      [
        { at: 0, accepted: true },
        { at: 1, expectWait: 0, expectEstimate: 0 },
      ],
    ],
    [
      "a refusal makes the next batch after an accepted one wait the learned time",
      [
        { at: 0, accepted: true },
        { at: 100, refused: true },
        { at: 400, accepted: false },
        { at: 400, expectWait: MIN_BUSY_MS, expectEstimate: MIN_BUSY_MS },
        { at: 500, expectWait: MIN_BUSY_MS - 100 },
        { at: 700, expectWait: 0 },
      ],
    ],
    [
      "each refusal grows the estimate by half",
      [
        { at: 0, refused: true },
        { at: 1, refused: true },
        { at: 2, refused: true },
        { at: 3, accepted: false },
        { at: 3, expectWait: Math.ceil(MIN_BUSY_MS * 1.5 * 1.5), expectEstimate: MIN_BUSY_MS * 2.25 },
      ],
    ],
    [
      "batches accepted at once shrink it by a tenth, and to nothing once it is small",
      [
        { at: 0, refused: true },
        { at: 1, accepted: true },
        { at: 1, expectWait: 225, expectEstimate: MIN_BUSY_MS * 0.9 },
        ...Array.from({ length: 6 }, (_, i) => ({ at: 1000 * (i + 2), accepted: true })),
        { at: 7000, expectWait: 0, expectEstimate: 0 },
      ],
    ],
    [
      "the estimate never passes the cap",
      [
        ...Array.from({ length: 40 }, (_, i) => ({ at: i, refused: true as const })),
        { at: 100, accepted: false },
        { at: 100, expectWait: MAX_BUSY_MS, expectEstimate: MAX_BUSY_MS },
      ],
    ],
  ])("%s", (_name, steps) => run(steps));

  it("zones are learned apart", () => {
    let now = 0;
    const gate = new ZoneBusyGate(() => now);
    gate.refused("Z1");
    gate.accepted("Z1", false);
    gate.accepted("Z2", true);
    now = 10;
    expect(gate.waitMs("Z1")).toBe(MIN_BUSY_MS - 10);
    expect(gate.waitMs("Z2")).toBe(0);
  });

  it("the longest wait is the busiest zone's; none once every zone is free", () => {
    let now = 0;
    const gate = new ZoneBusyGate(() => now);
    expect(gate.longestWaitMs()).toBe(0);
    gate.refused("Z1");
    gate.refused("Z1");
    gate.accepted("Z1", false);
    gate.refused("Z2");
    gate.accepted("Z2", false);
    now = 10;
    expect(gate.longestWaitMs()).toBe(gate.waitMs("Z1"));
    expect(gate.waitMs("Z1")).toBeGreaterThan(gate.waitMs("Z2"));
    now = MAX_BUSY_MS;
    expect(gate.longestWaitMs()).toBe(0);
  });
});
