import type { HealthCheckChange, Plan, RecordChange } from "../model/changes.js";
import { pendingCallerReference } from "../model/changes.js";
import { isCalculated } from "../model/health-check.js";
import { pushTo } from "../model/multimap.js";
import type { OversizedGroup } from "./batches.js";
import type { ApplyResult, FailedGroup } from "./change-batcher.js";

/** Applies one zone's record changes (the ChangeBatcher). */
export interface ZoneChangeApplier {
  apply(zoneId: string, changes: RecordChange[]): Promise<ApplyResult>;
}

/** Executes health-check changes (health/). */
export interface HealthCheckExecutor {
  /** Creates the check (idempotent by CallerReference) and tags it; returns its id. */
  create(change: HealthCheckChange): Promise<string>;
  update(change: HealthCheckChange): Promise<void>;
  delete(change: HealthCheckChange): Promise<void>;
}

export interface HealthCheckFailure {
  change: HealthCheckChange;
  message: string;
}

/** What applying a plan did. */
export interface ApplyReport {
  applied: RecordChange[];
  failed: FailedGroup[];
  oversized: OversizedGroup[];
  healthChecks: { applied: HealthCheckChange[]; failed: HealthCheckFailure[]; created: Map<string, string> };
  /** ChangeResourceRecordSets calls, retries and bisection included. */
  requests: number;
  /**
   * Atomic groups a read-back found already in effect (a request whose answer was lost); their changes
   * are among `applied`. Absent: none.
   */
  alreadyApplied?: number;
}

export interface PlanApplierOptions {
  records: ZoneChangeApplier;
  healthChecks: HealthCheckExecutor;
  /** Called with what Route 53 accepted in a zone, so the zone cache follows without a re-list. */
  onZoneApplied?: (zoneId: string, applied: RecordChange[]) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Applies a plan in the only order that is safe for health checks:
 *
 *   1. create and update health checks, so records can point at them — endpoint checks before the
 *      CALCULATED checks that name them as children (with the children's real ids in place of
 *      placeholders);
 *   2. record changes, zone by zone (zones in parallel, each zone's requests one after another —
 *      Route 53 allows one change in progress per zone), with the real ids in place of placeholders;
 *   3. delete health checks — only when every record change succeeded, because Route 53 lets a check
 *      be deleted while a record still refers to it, and a failed group may still refer to the old one;
 *      CALCULATED parents before their children, and a child of a parent that could not be deleted stays.
 *
 * A group whose new health check could not be created is not sent (it would name a check that does not
 * exist) and is reported with the health-check error.
 */
export async function applyPlan(plan: Plan, options: PlanApplierOptions): Promise<ApplyReport> {
  const report: ApplyReport = {
    applied: [],
    failed: [],
    oversized: [],
    healthChecks: { applied: [], failed: [], created: new Map() },
    requests: 0,
  };
  const total = plan.changes.length + plan.healthChecks.length;
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    options.onProgress?.(done, total);
  };

  // Endpoint checks first, then the CALCULATED checks that name them: Route 53 refuses a child that
  // does not exist, so a child this plan creates must have its id before its parent is sent.
  const writes = plan.healthChecks.filter((h) => h.action !== "DELETE");
  for (const phase of [
    writes.filter((h) => !isCalculated(h.spec)),
    writes.filter((h) => isCalculated(h.spec)),
  ]) {
    for (const planned of phase) {
      const resolved = resolveChildren(planned, report.healthChecks.created);
      if (typeof resolved === "string") {
        report.healthChecks.failed.push({ change: planned, message: resolved });
        progress(1);
        continue;
      }
      try {
        if (resolved.action === "CREATE") {
          report.healthChecks.created.set(
            resolved.callerReference,
            await options.healthChecks.create(resolved),
          );
        } else {
          await options.healthChecks.update(resolved);
        }
        report.healthChecks.applied.push(resolved);
      } catch (e) {
        report.healthChecks.failed.push({ change: planned, message: messageOf(e) });
      }
      progress(1);
    }
  }

  const failedChecks = new Map(report.healthChecks.failed.map((f) => [f.change.callerReference, f.message]));
  const refOf = (c: RecordChange): string | undefined =>
    c.record.healthCheckId ? pendingCallerReference(c.record.healthCheckId) : undefined;
  // A group is sent whole or not at all: one missing health check blocks every change of its group.
  const blockedBy = new Map<string, string>();
  for (const change of plan.changes) {
    const ref = refOf(change);
    if (ref !== undefined && !report.healthChecks.created.has(ref)) {
      blockedBy.set(
        change.group,
        `health check ${ref} could not be created: ${failedChecks.get(ref) ?? "unknown error"}`,
      );
    }
  }
  const byZone = new Map<string, RecordChange[]>();
  const blocked = new Map<string, RecordChange[]>();
  for (const change of plan.changes) {
    if (blockedBy.has(change.group)) {
      pushTo(blocked, change.group, change);
      continue;
    }
    const ref = refOf(change);
    const id = ref === undefined ? undefined : report.healthChecks.created.get(ref);
    const resolved =
      id === undefined ? change : { ...change, record: { ...change.record, healthCheckId: id } };
    pushTo(byZone, change.zoneId, resolved);
  }
  for (const [group, changes] of blocked) {
    report.failed.push({
      group,
      changes,
      fingerprint: "",
      kind: "error",
      message: blockedBy.get(group) ?? "",
    });
  }

  const results = await Promise.all(
    [...byZone].map(async ([zoneId, changes]) => {
      const result = await options.records.apply(zoneId, changes);
      options.onZoneApplied?.(zoneId, result.applied);
      progress(changes.length);
      return result;
    }),
  );
  for (const r of results) {
    report.applied.push(...r.applied);
    report.failed.push(...r.failed);
    report.oversized.push(...r.oversized);
    report.requests += r.requests;
    if (r.alreadyApplied) report.alreadyApplied = (report.alreadyApplied ?? 0) + r.alreadyApplied;
  }

  // CALCULATED parents go before their children: a child a parent still names must stay.
  const deletes = plan.healthChecks.filter((h) => h.action === "DELETE");
  const recordsComplete = report.failed.length === 0 && report.oversized.length === 0;
  // A CALCULATED check that could not be updated may still name the child this plan replaces.
  const parentsWritten = !report.healthChecks.failed.some((f) => isCalculated(f.change.spec));
  const keptParents: HealthCheckChange[] = [];
  for (const change of [
    ...deletes.filter((h) => isCalculated(h.spec)),
    ...deletes.filter((h) => !isCalculated(h.spec)),
  ]) {
    const parent = keptParents.find((p) => isCalculated(p.spec) && p.spec.children.includes(change.id ?? ""));
    const refusal = !recordsComplete
      ? "not deleted: some record changes failed and may still refer to it; retried next run"
      : parent
        ? `not deleted: its CALCULATED parent ${parent.id} could not be deleted and still names it; retried next run`
        : !parentsWritten && !isCalculated(change.spec)
          ? "not deleted: a CALCULATED check could not be written and may still name it; retried next run"
          : undefined;
    if (refusal) {
      report.healthChecks.failed.push({ change, message: refusal });
      keptParents.push(change);
      progress(1);
      continue;
    }
    try {
      await options.healthChecks.delete(change);
      report.healthChecks.applied.push(change);
    } catch (e) {
      report.healthChecks.failed.push({ change, message: messageOf(e) });
      keptParents.push(change);
    }
    progress(1);
  }
  return report;
}

/**
 * A CALCULATED change with the placeholders of children this plan created replaced by their ids;
 * a string says which child is missing (its create failed), so the parent is not sent.
 */
function resolveChildren(
  change: HealthCheckChange,
  created: ReadonlyMap<string, string>,
): HealthCheckChange | string {
  const spec = change.spec;
  if (!isCalculated(spec)) return change;
  const children: string[] = [];
  for (const child of spec.children) {
    const ref = pendingCallerReference(child);
    const id = ref === undefined ? child : created.get(ref);
    if (id === undefined) return `not sent: its child health check ${ref} could not be created`;
    children.push(id);
  }
  return { ...change, spec: { ...spec, children } };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
