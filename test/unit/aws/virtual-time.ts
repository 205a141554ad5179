import type { Clock, Sleep } from "../../../src/aws/clock.js";

/** Virtual time: `sleep` advances the clock at once and records how long it was asked to wait. */
export function virtualTime(): { clock: Clock; sleep: Sleep; sleeps: number[]; elapsed: () => number } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: { now: () => now },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    elapsed: () => now,
  };
}
