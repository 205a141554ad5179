import { createHash } from "node:crypto";
import type { RecordChange } from "../model/changes.js";
import { classify, errorMessage, errorName } from "../route53/aws-errors.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "../route53/retries.js";
import type { AtomicGroup, BatchLimits, OversizedGroup } from "./batches.js";
import { costOf, groupChanges, packGroups, ROUTE53_BATCH_LIMITS } from "./batches.js";
import type { RequestScheduler, ScheduledCall } from "./rate-limiter.js";
import type { Sleep } from "./token-bucket.js";
import { realSleep } from "./token-bucket.js";

/**
 * Sends one `ChangeResourceRecordSets` request. The real one (route53/) maps the model to the SDK; it must
 * run the SDK client with `maxAttempts: 1`, because retries, backoff and pacing happen here.
 */
export interface RecordChangeSender {
  send(zoneId: string, changes: RecordChange[]): Promise<void>;
}

export type { RetryPolicy } from "../route53/retries.js";
export { DEFAULT_RETRY_POLICY } from "../route53/retries.js";

/** What happened, for metrics and logs (the batcher has no logger). */
export type BatcherEvent =
  | { type: "request"; zoneId: string; attempt: number; changes: number; groups: number }
  | { type: "applied"; zoneId: string; changes: number; groups: number }
  | { type: "throttled"; zoneId: string; attempt: number }
  | { type: "retry"; zoneId: string; attempt: number; delayMs: number; error: string; message: string }
  /** A request of several groups was rejected as `InvalidChangeBatch`; it is being bisected. */
  | { type: "rejected"; zoneId: string; groups: number; message: string }
  | {
      type: "group-failed";
      zoneId: string;
      group: string;
      fingerprint: string;
      kind: FailureKind;
      message: string;
    }
  | { type: "oversized"; zoneId: string; group: string; reason: string };

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
  /** Changes Route 53 accepted, in the order they were sent. */
  applied: RecordChange[];
  failed: FailedGroup[];
  /** Groups too large for any request; never sent. */
  oversized: OversizedGroup[];
  /** `ChangeResourceRecordSets` calls made, retries and bisection included. */
  requests: number;
}

/** Collaborators and settings of a `ChangeBatcher`. */
export interface ChangeBatcherOptions {
  sender: RecordChangeSender;
  /** The process's one shared limiter. */
  limiter: RequestScheduler;
  retry?: Partial<RetryPolicy>;
  /** @default ROUTE53_BATCH_LIMITS */
  limits?: BatchLimits;
  /** Uniform in [0, 1), for jitter. @default Math.random */
  random?: () => number;
  /** @default realSleep */
  sleep?: Sleep;
  onEvent?: (event: BatcherEvent) => void;
}

/**
 * A stable fingerprint of a group's content in a zone: the same changes give the same fingerprint on every
 * run; any change of action, record or target gives another. `source` and `zoneName` are left out: they do
 * not change what Route 53 is asked to do.
 */
export function groupFingerprint(zoneId: string, changes: readonly RecordChange[]): string {
  const content = changes.map((c) => ({
    group: c.group,
    action: c.action,
    purpose: c.purpose,
    record: c.record,
  }));
  return createHash("sha256").update(canonicalJson({ zoneId, content })).digest("hex").slice(0, 32);
}

/** JSON with object keys sorted, so equal content written in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

interface Run {
  zoneId: string;
  applied: RecordChange[];
  failed: FailedGroup[];
  requests: number;
  /** Set when a non-content error ended the zone's run; later groups are reported `not-sent`. */
  stoppedBy?: string;
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
 */
export class ChangeBatcher {
  readonly #sender: RecordChangeSender;
  readonly #limiter: RequestScheduler;
  readonly #retry: RetryPolicy;
  readonly #limits: BatchLimits;
  readonly #random: () => number;
  readonly #sleep: Sleep;
  readonly #onEvent: ((event: BatcherEvent) => void) | undefined;
  /** Keyed by zone id and group; the value holds the rejected content's fingerprint. */
  readonly #quarantine = new Map<string, Quarantined>();

  constructor(options: ChangeBatcherOptions) {
    this.#sender = options.sender;
    this.#limiter = options.limiter;
    this.#retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#limits = options.limits ?? ROUTE53_BATCH_LIMITS;
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? realSleep;
    this.#onEvent = options.onEvent;
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
    const run: Run = { zoneId, applied: [], failed: [], requests: 0 };
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
      failed: run.failed,
      oversized: packing.oversized,
      requests: run.requests,
    };
  }

  async #sendGroups(run: Run, groups: AtomicGroup[]): Promise<void> {
    if (run.stoppedBy !== undefined) {
      for (const group of groups) this.#fail(run, group, "not-sent", run.stoppedBy);
      return;
    }
    const changes = groups.flatMap((g) => g.changes);
    try {
      await this.#sendWithRetry(run, changes, groups.length);
      run.applied.push(...changes);
      this.#emit({ type: "applied", zoneId: run.zoneId, changes: changes.length, groups: groups.length });
    } catch (e) {
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
      await this.#sendGroups(run, groups.slice(0, middle));
      await this.#sendGroups(run, groups.slice(middle));
    }
  }

  /** One request, with the retries every Route 53 call gets (route53/retries.ts). */
  async #sendWithRetry(run: Run, changes: RecordChange[], groups: number): Promise<void> {
    const call: ScheduledCall = {
      operation: "ChangeResourceRecordSets",
      zoneId: run.zoneId,
      changeTokens: costOf(changes).changeTokens,
    };
    let attempt = 0;
    await withRetries(
      () => {
        attempt++;
        run.requests++;
        this.#emit({ type: "request", zoneId: run.zoneId, attempt, changes: changes.length, groups });
        return this.#sender.send(run.zoneId, changes);
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
