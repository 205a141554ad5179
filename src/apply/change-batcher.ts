import {
  classify,
  errorMessage,
  errorName,
  isRecordExistenceRejection,
  mayHaveBeenApplied,
} from "../aws/aws-errors.js";
import type { AwsOperation } from "../aws/aws-operations.js";
import type { Sleep } from "../aws/clock.js";
import { realSleep } from "../aws/clock.js";
import type { RequestScheduler, ScheduledCall } from "../aws/rate-limiter.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "../aws/retries.js";
import type { RecordChange } from "../model/changes.js";
import type { AtomicGroup, BatchLimits, OversizedGroup } from "./batches.js";
import { costOf, groupChanges, packGroups, ROUTE53_BATCH_LIMITS } from "./batches.js";
import { groupFingerprint } from "./group-fingerprint.js";
import type { ReadBack, RejectionResolver } from "./read-back.js";
import { ZoneBusyGate } from "./zone-busy-gate.js";

export { groupFingerprint } from "./group-fingerprint.js";

/**
 * Sends one `ChangeResourceRecordSets` request. The real one (route53/) maps the model to the SDK; it must
 * run the SDK client with `maxAttempts: 1`, because retries, backoff and pacing happen here.
 */
export interface RecordChangeSender {
  send(zoneId: string, changes: RecordChange[]): Promise<void>;
}

export type { RetryPolicy } from "../aws/retries.js";
export { DEFAULT_RETRY_POLICY } from "../aws/retries.js";

/** What happened, for metrics and logs (the batcher has no logger). */
export type BatcherEvent =
  | { type: "request"; zoneId: string; attempt: number; changes: number; groups: number }
  | { type: "applied"; zoneId: string; changes: number; groups: number }
  | { type: "throttled"; zoneId: string; attempt: number }
  | { type: "retry"; zoneId: string; attempt: number; delayMs: number; error: string; message: string }
  /** A request of several groups was rejected as `InvalidChangeBatch`; it is being bisected. */
  | { type: "rejected"; zoneId: string; groups: number; message: string }
  /**
   * A failed request's names were read back from Route 53 (see apply/read-back.ts): `inEffect` of its
   * `groups` were already applied (a lost answer), the rest are sent again or fail as before.
   * `reason`: `lost-answer` (an attempt failed after it may have been applied) or `already-applied`
   * (Route 53 said a record already exists or was not found). `error` when the read itself failed.
   */
  | {
      type: "read-back";
      zoneId: string;
      reason: ReadBackReason;
      groups: number;
      inEffect: number;
      reads: number;
      error?: string;
    }
  | {
      type: "group-failed";
      zoneId: string;
      group: string;
      fingerprint: string;
      kind: FailureKind;
      message: string;
    }
  | { type: "oversized"; zoneId: string; group: string; reason: string }
  /** The zone was still busy with the last batch (as learned from its refusals): the next one waits. */
  | { type: "zone-busy"; zoneId: string; waitMs: number };

/** Why a failed request's names were read back (see the `read-back` event). */
export type ReadBackReason = "lost-answer" | "already-applied";

/**
 * Why a group was not applied:
 * - `invalid`: Route 53 rejected this group alone (`InvalidChangeBatch`); it is quarantined;
 * - `quarantined`: rejected earlier with the same content, so not sent again;
 * - `error`: a terminal error, or retries exhausted, on the request that carried it;
 * - `not-sent`: an earlier request to the zone failed with such an error, so the rest waits for the next run.
 */
export type FailureKind = "invalid" | "quarantined" | "error" | "not-sent";

/** An atomic group that was not applied. */
export interface FailedGroup {
  group: string;
  changes: RecordChange[];
  /** Fingerprint of the group's content (see `groupFingerprint`). */
  fingerprint: string;
  kind: FailureKind;
  /** Route 53's message (for `invalid`/`quarantined`), or the error that stopped the zone. */
  message: string;
}

/** The outcome of applying one zone's changes. */
export interface ApplyResult {
  zoneId: string;
  /**
   * Changes Route 53 accepted, in the order they were sent — including those of groups a read-back
   * found already in effect (their request's answer was lost).
   */
  applied: RecordChange[];
  /** Groups found already in effect by a read-back, counted among `applied`. Absent: none. */
  alreadyApplied?: number;
  failed: FailedGroup[];
  /** Groups too large for any request; never sent. */
  oversized: OversizedGroup[];
  /** `ChangeResourceRecordSets` calls made, retries and bisection included. */
  requests: number;
  /** `ListResourceRecordSets` calls made to read back failed requests. Absent: none. */
  reads?: number;
}

/** Collaborators and settings of a `ChangeBatcher`. */
export interface ChangeBatcherOptions {
  sender: RecordChangeSender;
  /** The process's one shared limiter. */
  limiter: RequestScheduler;
  retry?: Partial<RetryPolicy>;
  /** @default ROUTE53_BATCH_LIMITS */
  limits?: BatchLimits;
  /**
   * Reads back the names of a request that failed after an attempt that may have been applied, or
   * that Route 53 rejected with "already exists"/"not found". Without one, such a request is
   * bisected like any rejected one (and its groups end up `invalid` although they were applied).
   */
  resolver?: RejectionResolver;
  /** Uniform in [0, 1), for jitter. @default Math.random */
  random?: () => number;
  /** @default realSleep */
  sleep?: Sleep;
  /** Milliseconds, for the zones' busy times (zone-busy-gate.ts). @default performance.now */
  now?: () => number;
  onEvent?: (event: BatcherEvent) => void;
}

interface Run {
  zoneId: string;
  applied: RecordChange[];
  alreadyApplied: number;
  failed: FailedGroup[];
  requests: number;
  reads: number;
  /** Set when a non-content error ended the zone's run; later groups are reported `not-sent`. */
  stoppedBy?: string;
}

/** What the attempts of one request went through. */
interface Attempts {
  /** An attempt failed in a way that may have been applied (its answer lost). */
  ambiguous: boolean;
}

interface Quarantined {
  fingerprint: string;
  message: string;
}

/**
 * Applies one zone's changes: packs them into as few requests as the limits allow, sends the requests one
 * after another in plan order through the shared limiter, retries transient errors, and bisects a request
 * Route 53 rejects as `InvalidChangeBatch` until the bad groups are isolated. Bad groups are remembered by
 * fingerprint and not sent again until their content changes.
 *
 * A lost answer is not a failure: when a request fails after an attempt that may have been applied, or
 * is rejected with "already exists"/"not found", its names are read back first (the `resolver`); groups
 * already in effect are applied, and only the rest are sent again. Bisection is left for requests whose
 * rejection the read-back does not explain.
 */
export class ChangeBatcher {
  readonly #sender: RecordChangeSender;
  readonly #limiter: RequestScheduler;
  readonly #retry: RetryPolicy;
  readonly #limits: BatchLimits;
  readonly #resolver: RejectionResolver | undefined;
  readonly #random: () => number;
  readonly #sleep: Sleep;
  readonly #onEvent: ((event: BatcherEvent) => void) | undefined;
  /** Keyed by zone id and group; the value holds the rejected content's fingerprint. */
  readonly #quarantine = new Map<string, Quarantined>();
  readonly #busy: ZoneBusyGate;

  constructor(options: ChangeBatcherOptions) {
    this.#sender = options.sender;
    this.#limiter = options.limiter;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limits = options.limits ?? ROUTE53_BATCH_LIMITS;
    this.#resolver = options.resolver;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? realSleep;
    this.#onEvent = options.onEvent;
    this.#busy = new ZoneBusyGate(options.now ?? (() => performance.now()));
  }

  /**
   * Milliseconds until a batch for any zone could be sent without waiting for the zone to finish the
   * last one (zone-busy-gate.ts): the controller starts an event run no sooner.
   */
  writesReadyInMs(): number {
    return this.#busy.longestWaitMs();
  }

  /** Whether a group with this fingerprint was rejected and is held back until its content changes. */
  isQuarantined(fingerprint: string): boolean {
    for (const entry of this.#quarantine.values()) if (entry.fingerprint === fingerprint) return true;
    return false;
  }

  /** Forgets every rejected group (e.g. after an operator fixed the zone by hand). */
  clearQuarantine(): void {
    this.#quarantine.clear();
  }

  /**
   * Applies `changes` (all for `zoneId`, in plan order) and reports what was applied and what was not.
   * Never rejects for Route 53 errors: they end up in `failed`.
   */
  async apply(zoneId: string, changes: readonly RecordChange[]): Promise<ApplyResult> {
    const stray = changes.find((c) => c.zoneId !== zoneId);
    if (stray)
      throw new TypeError(`Expected every change to be for zone \`${zoneId}\`, got \`${stray.zoneId}\``);
    const run: Run = { zoneId, applied: [], alreadyApplied: 0, failed: [], requests: 0, reads: 0 };
    const sendable: AtomicGroup[] = [];
    for (const group of groupChanges(changes)) {
      const key = `${zoneId}|${group.group}`;
      const fingerprint = groupFingerprint(zoneId, group.changes);
      const held = this.#quarantine.get(key);
      if (held?.fingerprint === fingerprint) {
        this.#fail(run, group, "quarantined", held.message);
        continue;
      }
      // New content for a group rejected before: forget the old verdict and try it.
      if (held) this.#quarantine.delete(key);
      sendable.push(group);
    }
    const packing = packGroups(sendable, this.#limits);
    for (const group of packing.oversized)
      this.#emit({ type: "oversized", zoneId, group: group.group, reason: group.reason });
    // One request after another: Route 53 takes one change at a time per zone, and plan order matters.
    for (const request of packing.requests) await this.#sendGroups(run, request.groups);
    return {
      zoneId,
      applied: run.applied,
      alreadyApplied: run.alreadyApplied,
      failed: run.failed,
      oversized: packing.oversized,
      requests: run.requests,
      reads: run.reads,
    };
  }

  /**
   * Sends `groups` in one request. `readBack` is true when these groups' records were just read back
   * and the rejection that followed stands: another "already exists"/"not found" for them is then a
   * real one, and is bisected rather than read again (only a new lost answer reads again).
   */
  async #sendGroups(run: Run, groups: AtomicGroup[], readBack = false): Promise<void> {
    if (run.stoppedBy !== undefined) {
      for (const group of groups) this.#fail(run, group, "not-sent", run.stoppedBy);
      return;
    }
    const changes = groups.flatMap((g) => g.changes);
    const attempts: Attempts = { ambiguous: false };
    try {
      await this.#sendWithRetry(run, changes, groups.length, attempts);
      run.applied.push(...changes);
      this.#emit({ type: "applied", zoneId: run.zoneId, changes: changes.length, groups: groups.length });
    } catch (e) {
      const resolved = await this.#readBack(run, groups, e, attempts, readBack);
      if (resolved === "done") return;
      const stands = resolved === "stands" || readBack;
      const message = errorMessage(e);
      if (classify(e) !== "invalid-batch") {
        // Not about the content (access denied, retries exhausted): the zone's other requests would fail
        // the same way, so they wait for the next run instead of each burning its retries.
        run.stoppedBy = `${errorName(e)}: ${message}`;
        for (const group of groups) this.#fail(run, group, "error", run.stoppedBy);
        return;
      }
      const [only] = groups;
      if (groups.length === 1 && only) {
        this.#quarantine.set(`${run.zoneId}|${only.group}`, {
          fingerprint: groupFingerprint(run.zoneId, only.changes),
          message,
        });
        this.#fail(run, only, "invalid", message);
        return;
      }
      // A request is atomic, so nothing of it was applied: split by atomic groups, keep plan order, and
      // send both halves; a single bad group among n costs at most 1 + 2·⌈log2 n⌉ requests.
      this.#emit({ type: "rejected", zoneId: run.zoneId, groups: groups.length, message });
      const middle = Math.ceil(groups.length / 2);
      await this.#sendGroups(run, groups.slice(0, middle), stands);
      await this.#sendGroups(run, groups.slice(middle), stands);
    }
  }

  /**
   * After a failed request: read its names back when the failure may be a lost answer (an attempt
   * failed ambiguously), or when Route 53 said "already exists"/"not found" and these groups were not
   * just read. Groups already in effect are applied; the rest are sent again (one request: they are a
   * subset of one), or, if the failure was not a rejection (retries exhausted), fail with it.
   * - `done`: the groups are settled (applied, sent again, or failed);
   * - `stands`: nothing of the request was in effect, so the rejection is about its content: bisect;
   * - `skipped`: no read-back was due (or it failed; the event says why): handle the error as before.
   */
  async #readBack(
    run: Run,
    groups: AtomicGroup[],
    error: unknown,
    attempts: Attempts,
    justRead: boolean,
  ): Promise<"done" | "stands" | "skipped"> {
    const resolver = this.#resolver;
    if (!resolver) return "skipped";
    const rejected = classify(error) === "invalid-batch";
    let reason: ReadBackReason;
    if (attempts.ambiguous) reason = "lost-answer";
    else if (!justRead && isRecordExistenceRejection(error)) reason = "already-applied";
    else return "skipped";
    const zoneId = run.zoneId;
    let found: ReadBack;
    try {
      found = await resolver.readBack(zoneId, groups);
    } catch (e) {
      // The records cannot be read (the endpoint is down, say): the request's own error stands, and the
      // event carries why the read-back failed.
      const why = `${errorName(e)}: ${errorMessage(e)}`;
      this.#emit({
        type: "read-back",
        zoneId,
        reason,
        groups: groups.length,
        inEffect: 0,
        reads: 0,
        error: why,
      });
      return "skipped";
    }
    run.reads += found.reads;
    this.#emit({
      type: "read-back",
      zoneId,
      reason,
      groups: groups.length,
      inEffect: found.inEffect.length,
      reads: found.reads,
    });
    for (const group of found.inEffect) {
      run.applied.push(...group.changes);
      run.alreadyApplied++;
    }
    if (found.needed.length === 0) return "done";
    if (!rejected) {
      // Retries exhausted (or a terminal error) after a lost answer: what is in effect is applied, the
      // rest fails with the error, and the zone's later requests wait for the next run.
      run.stoppedBy = `${errorName(error)}: ${errorMessage(error)}`;
      for (const group of found.needed) this.#fail(run, group, "error", run.stoppedBy);
      return "done";
    }
    // Route 53 applies a request atomically: when none of it is in effect, the earlier attempts did
    // nothing and the rejection is about the content.
    if (found.needed.length === groups.length) return "stands";
    await this.#sendGroups(run, found.needed, true);
    return "done";
  }

  /** One request, with the retries every Route 53 call gets (aws/retries.ts). */
  async #sendWithRetry(run: Run, changes: RecordChange[], groups: number, attempts: Attempts): Promise<void> {
    const call: ScheduledCall = {
      operation: "ChangeResourceRecordSets" satisfies AwsOperation,
      zoneId: run.zoneId,
      changeTokens: costOf(changes).changeTokens,
    };
    let attempt = 0;
    let refused = false;
    // Held here, outside the limiter: a request waiting for its zone must not hold a slot other zones'
    // requests could use.
    const busyMs = this.#busy.waitMs(run.zoneId);
    if (busyMs > 0) {
      this.#emit({ type: "zone-busy", zoneId: run.zoneId, waitMs: busyMs });
      await this.#sleep(busyMs);
    }
    await withRetries(
      async () => {
        attempt++;
        run.requests++;
        this.#emit({ type: "request", zoneId: run.zoneId, attempt, changes: changes.length, groups });
        try {
          await this.#sender.send(run.zoneId, changes);
        } catch (e) {
          // Remembered so that a rejection of a later attempt is read back, not bisected.
          if (mayHaveBeenApplied(e)) attempts.ambiguous = true;
          if (errorName(e) === "PriorRequestNotComplete") {
            refused = true;
            this.#busy.refused(run.zoneId);
          }
          throw e;
        }
        this.#busy.accepted(run.zoneId, !refused);
      },
      {
        call,
        scheduler: this.#limiter,
        policy: this.#retry,
        random: this.#random,
        sleep: this.#sleep,
        onRetry: (e) => {
          if (e.throttled) this.#emit({ type: "throttled", zoneId: run.zoneId, attempt: e.attempt });
          this.#emit({ type: "retry", zoneId: run.zoneId, ...e });
        },
      },
    );
  }

  #fail(run: Run, group: AtomicGroup, kind: FailureKind, message: string): void {
    const fingerprint = groupFingerprint(run.zoneId, group.changes);
    run.failed.push({ group: group.group, changes: group.changes, fingerprint, kind, message });
    this.#emit({ type: "group-failed", zoneId: run.zoneId, group: group.group, fingerprint, kind, message });
  }

  #emit(event: BatcherEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // A failing metrics or log hook must not change what is applied.
    }
  }
}
