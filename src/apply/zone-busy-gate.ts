/**
 * How long a hosted zone stays busy after Route 53 accepted a change batch for it, learned from its
 * `PriorRequestNotComplete` answers, so that the next batch for the zone is held until then instead of
 * being sent, refused and retried with random backoff.
 *
 * Route 53 processes one change batch at a time per zone and refuses the next while the last is being
 * processed; AWS documents no duration (it depends on the batch and on Route 53's load), so none is
 * assumed: the estimate starts at 0 (send at once, as before), grows by half (at least to
 * {@link MIN_BUSY_MS}) at each refusal, and shrinks by a tenth each time a batch is accepted at its
 * first attempt, so it follows the zone's real processing time from both sides. Each refusal still
 * goes through the retry policy; the gate only stops the controller from spending the account's
 * shared request budget on requests the zone would refuse — a stream of events made one refusal per
 * batch or more before it.
 *
 * The estimate is per zone and lives as long as the process (one `ChangeBatcher`). Pure apart from
 * the injected clock.
 */
export class ZoneBusyGate {
  readonly #now: () => number;
  readonly #zones = new Map<string, { busyMs: number; freeAt: number }>();

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Milliseconds to wait before the next batch for `zoneId` (0: send now). */
  waitMs(zoneId: string): number {
    const zone = this.#zones.get(zoneId);
    return zone ? Math.max(0, Math.ceil(zone.freeAt - this.#now())) : 0;
  }

  /** Milliseconds until every zone's next batch could be sent (0: all free now). */
  longestWaitMs(): number {
    let wait = 0;
    for (const zoneId of this.#zones.keys()) wait = Math.max(wait, this.waitMs(zoneId));
    return wait;
  }

  /** Route 53 accepted a batch for `zoneId`; `firstAttempt` when no refusal came before it. */
  accepted(zoneId: string, firstAttempt: boolean): void {
    const zone = this.#zone(zoneId);
    if (firstAttempt) zone.busyMs = zone.busyMs * SHRINK < MIN_BUSY_MS / 2 ? 0 : zone.busyMs * SHRINK;
    zone.freeAt = this.#now() + zone.busyMs;
  }

  /** Route 53 answered `PriorRequestNotComplete` for `zoneId`: it is busier than estimated. */
  refused(zoneId: string): void {
    const zone = this.#zone(zoneId);
    zone.busyMs = Math.min(MAX_BUSY_MS, Math.max(MIN_BUSY_MS, zone.busyMs * GROW));
  }

  /** The current estimate for `zoneId`, in milliseconds (for metrics and tests). */
  estimateMs(zoneId: string): number {
    return this.#zones.get(zoneId)?.busyMs ?? 0;
  }

  #zone(zoneId: string): { busyMs: number; freeAt: number } {
    let zone = this.#zones.get(zoneId);
    if (!zone) {
      zone = { busyMs: 0, freeAt: 0 };
      this.#zones.set(zoneId, zone);
    }
    return zone;
  }
}

/** The least estimate once a zone has refused: about the retry policy's base delay. */
export const MIN_BUSY_MS = 250;
/**
 * The most a zone is held: Route 53 documents changes as propagating "within 60 seconds"; holding a
 * zone longer than half that would make a slow zone look stuck.
 */
export const MAX_BUSY_MS = 30_000;
const GROW = 1.5;
const SHRINK = 0.9;
