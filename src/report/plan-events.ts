import type { ApplyReport } from "../apply/plan-applier.js";
import type { Plan, RecordChange } from "../model/changes.js";
import { type Problem, type ProblemKind, problemMessage } from "../model/problem.js";
import { setIdentifierOf } from "../model/routing-policy.js";
import { shorten } from "../model/shorten.js";
import type { SourceRef } from "../model/source-ref.js";
import { describePolicySwitch } from "./describe.js";
import { type EventObjectRef, EventReason, type EventRecorder, type EventType } from "./event-recorder.js";

/** One Event to record. */
export interface PlannedEvent {
  ref: EventObjectRef;
  type: EventType;
  reason: EventReason;
  message: string;
}

/** The three Event reasons a skipped entry can have. */
export type SkipReason = "InvalidAnnotation" | "Conflict" | "HostnameSkipped";

/**
 * The Event reason of each problem kind; `undefined` for no Event at all (an opt-out is what the user
 * asked for). A `Record` over every kind, so a new kind does not compile until it is given one.
 */
export const SKIP_REASON_OF: Readonly<Record<ProblemKind, SkipReason | undefined>> = {
  "opted-out": undefined,
  "invalid-annotation": "InvalidAnnotation",
  "invalid-field": "HostnameSkipped",
  "invalid-hostname": "HostnameSkipped",
  "unreadable-metadata": "HostnameSkipped",
  "no-address": "HostnameSkipped",
  "not-attached": "HostnameSkipped",
  "not-supported": "HostnameSkipped",
  "no-zone": "HostnameSkipped",
  "unresolvable-target": "HostnameSkipped",
  "not-drainable": "HostnameSkipped",
  conflict: "Conflict",
  "route53-rule": "Conflict",
  contested: "Conflict",
  "untrusted-ownership": "Conflict",
};

/** The Event reason of a skipped entry's problem; undefined when it gives no Event (an opt-out). */
export function skipReasonOf(problem: Problem): SkipReason | undefined {
  return SKIP_REASON_OF[problem.kind];
}

/** An object's identity as a map key: its four fields as data, so no name can pass for another's. */
function objectKey(ref: SourceRef): string {
  return JSON.stringify([ref.group, ref.kind, ref.namespace, ref.name]);
}

/** A change's one-line description in Event messages: `UPSERT www.example.com A (c1)`. */
function describeChange(c: RecordChange): string {
  const setIdentifier = setIdentifierOf(c.record.policy);
  const id = setIdentifier === undefined ? "" : ` (${setIdentifier})`;
  return `${c.action} ${c.record.name} ${c.record.type}${id}`;
}

/** At most this many record names are listed in one message; the rest is summarised as `and N more`. */
const LISTED_CHANGES = 5;

function listChanges(changes: readonly RecordChange[]): string {
  const lines = [...new Set(changes.filter((c) => c.purpose === "record").map(describeChange))];
  const shown = lines.slice(0, LISTED_CHANGES).join(", ");
  return lines.length > LISTED_CHANGES ? `${shown} and ${lines.length - LISTED_CHANGES} more` : shown;
}

/** Groups changes by the object that wants them; changes without a source (orphans) are dropped. */
function bySource(
  changes: readonly RecordChange[],
): Map<string, { ref: SourceRef; changes: RecordChange[] }> {
  const out = new Map<string, { ref: SourceRef; changes: RecordChange[] }>();
  for (const c of changes) {
    const ref = c.source;
    if (!ref) continue;
    const key = objectKey(ref);
    const entry = out.get(key) ?? { ref, changes: [] };
    entry.changes.push(c);
    out.set(key, entry);
  }
  return out;
}

/**
 * The Events a plan (and, when applied, its report) gives, in a stable order:
 * - each skipped entry (not an opt-out, which is what the user asked for): InvalidAnnotation, Conflict or
 *   HostnameSkipped, a Warning naming the hostname when there is one;
 * - held-back deletions, one Warning per object and reason (deletions of deleted objects have no object);
 * - each policy switch the object asks for: `PolicySwitch`, Normal while it waits or converts, Warning
 *   when it is blocked (someone must act);
 * - groups Route 53 rejected (`invalid`, `quarantined`) or no request can hold (oversized): Route53Rejected
 *   on every object of the group. Transient failures (`error`, `not-sent`) are not the object's fault and
 *   go to logs and metrics only;
 * - one Normal `Published` per object whose record changes were applied.
 * Messages are deterministic, so the recorder's deduplication folds a problem repeated on every reconcile
 * into one Event.
 */
export function eventsForPlan(plan: Plan, report?: ApplyReport): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  for (const s of plan.skipped) {
    const reason = skipReasonOf(s.problem);
    if (reason === undefined) continue;
    const message = problemMessage(s.problem);
    events.push({
      ref: s.source,
      type: "Warning",
      reason,
      message: s.hostname ? `${shorten(s.hostname)}: ${message}` : message,
    });
  }

  const heldBack = new Map<string, { ref: SourceRef; reason: string; changes: RecordChange[] }>();
  for (const h of plan.heldBack) {
    const ref = h.change.source;
    if (!ref || h.change.action !== "DELETE") continue;
    const key = JSON.stringify([objectKey(ref), h.reason]);
    const entry = heldBack.get(key) ?? { ref, reason: h.reason, changes: [] };
    entry.changes.push(h.change);
    heldBack.set(key, entry);
  }
  for (const { ref, reason, changes } of heldBack.values()) {
    events.push({
      ref,
      type: "Warning",
      reason: EventReason.DeletionsHeldBack,
      message: `deletions held back (${reason}): ${listChanges(changes) || `${changes.length} ownership records`}`,
    });
  }
  for (const s of plan.policySwitches) {
    if (!s.source) continue;
    events.push({
      ref: s.source,
      type: s.state === "blocked" ? "Warning" : "Normal",
      reason: EventReason.PolicySwitch,
      message: describePolicySwitch(s),
    });
  }
  if (!report) return events;

  for (const f of report.failed) {
    if (f.kind !== "invalid" && f.kind !== "quarantined") continue;
    const what = f.kind === "invalid" ? "Route 53 rejected" : "not sent, Route 53 rejected it before";
    for (const { ref, changes } of bySource(f.changes).values()) {
      events.push({
        ref,
        type: "Warning",
        reason: EventReason.Route53Rejected,
        message: `${what} ${listChanges(changes)}: ${f.message}; retried when the object changes`,
      });
    }
  }
  for (const o of report.oversized) {
    for (const { ref, changes } of bySource(o.changes).values()) {
      events.push({
        ref,
        type: "Warning",
        reason: EventReason.Route53Rejected,
        message: `not sent, no Route 53 request can hold ${listChanges(changes)}: ${o.reason}`,
      });
    }
  }
  for (const { ref, changes } of bySource(report.applied).values()) {
    const listed = listChanges(changes);
    if (listed === "") continue; // only ownership records changed: nothing a user resolves
    events.push({
      ref,
      type: "Normal",
      reason: EventReason.Published,
      message: `Route 53 updated: ${listed}`,
    });
  }
  return events;
}

/** Records every Event of `events` on `recorder`. */
export function recordAll(recorder: EventRecorder, events: readonly PlannedEvent[]): void {
  for (const e of events) recorder.record(e.ref, e.type, e.reason, e.message);
}
