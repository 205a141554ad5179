import type { UpdateHealthCheckCommandInput } from "@aws-sdk/client-route-53";
import type { HealthCheckExecutor } from "../apply/plan-applier.js";
import type { HealthCheckChange, RecordChange } from "../model/changes.js";
import { pendingCallerReference } from "../model/changes.js";
import { errorMessage, errorName, healthCheckErrorKind } from "../route53/aws-errors.js";
import type { Route53Api } from "../route53/route53-api.js";
import { toHealthCheckConfig, toTags } from "../route53/to-route53.js";

/**
 * Route 53 answered `HealthCheckAlreadyExists`: the CallerReference was used before with other
 * settings, or by a check that has since been deleted (Route 53 remembers references). Planning again
 * will not help until the reference changes; the record that wanted the check is named.
 */
export class HealthCheckReferenceConflictError extends Error {
  override readonly name = "HealthCheckReferenceConflict";
  constructor(
    readonly record: string,
    readonly callerReference: string,
    cause: unknown,
  ) {
    super(
      `health check for \`${record}\`: CallerReference ${callerReference} was already used with other settings ` +
        `or by a deleted check: ${errorMessage(cause)}`,
      { cause },
    );
  }
}

/** `HealthCheckVersionMismatch`: the check changed since it was read; the next run plans again. */
export class HealthCheckVersionConflictError extends Error {
  override readonly name = "HealthCheckVersionConflict";
  constructor(
    readonly record: string,
    readonly id: string,
    readonly version: number | undefined,
    cause: unknown,
  ) {
    super(
      `health check ${id} for \`${record}\` is no longer at version ${version}; it will be planned again`,
      { cause },
    );
  }
}

/**
 * `HealthCheckInUse`: a record set still refers to the check, so it is kept. AWS documents this code
 * as "not in use" for `DeleteHealthCheck` (it deletes anyway); kept for any API that does answer it.
 */
export class HealthCheckInUseError extends Error {
  override readonly name = "HealthCheckInUse";
  constructor(
    readonly record: string,
    readonly id: string,
    cause: unknown,
  ) {
    super(`health check ${id} for \`${record}\` is still used by a record set; kept`, { cause });
  }
}

/** Any other failure of a health-check call (access denied, retries exhausted, ...). */
export class HealthCheckCallError extends Error {
  override readonly name = "HealthCheckCallFailed";
  constructor(
    readonly record: string,
    readonly operation: string,
    cause: unknown,
  ) {
    super(`${operation} for \`${record}\` failed: ${errorName(cause)}: ${errorMessage(cause)}`, { cause });
  }
}

export type HealthCheckApplyError =
  | HealthCheckReferenceConflictError
  | HealthCheckVersionConflictError
  | HealthCheckInUseError
  | HealthCheckCallError;

/** What applying health-check changes did. */
export interface HealthCheckApplyResult {
  /** callerReference → the id Route 53 gave, for replacing placeholder ids in records. */
  created: Map<string, string>;
  updated: string[];
  deleted: string[];
  failed: { change: HealthCheckChange; error: HealthCheckApplyError }[];
}

/** The calls a `HealthCheckApplier` makes. */
export type HealthCheckApi = Pick<
  Route53Api,
  "createHealthCheck" | "changeTagsForResource" | "updateHealthCheck" | "deleteHealthCheck"
>;

/**
 * Executes planned health-check changes through the Route 53 api (paced and retried there).
 * Implements the plan applier's `HealthCheckExecutor` (each method throws a typed error), and
 * `apply` runs a list and reports every outcome. Order is the caller's: CREATE and UPDATE before the
 * record changes that refer to the checks, DELETE after them (`splitHealthCheckChanges`) — AWS does
 * NOT stop a delete of a check a record still uses (its `HealthCheckInUse` is documented "not in
 * use"), so the ordering is the only protection.
 */
export class HealthCheckApplier implements HealthCheckExecutor {
  constructor(private readonly api: HealthCheckApi) {}

  /** Runs every change (concurrently; the shared limiter paces them) and never rejects. */
  async apply(changes: readonly HealthCheckChange[]): Promise<HealthCheckApplyResult> {
    const result: HealthCheckApplyResult = { created: new Map(), updated: [], deleted: [], failed: [] };
    await Promise.all(
      changes.map(async (change) => {
        try {
          switch (change.action) {
            case "CREATE":
              result.created.set(change.callerReference, await this.create(change));
              return;
            case "UPDATE":
              await this.update(change);
              result.updated.push(change.id ?? "");
              return;
            case "DELETE":
              await this.delete(change);
              result.deleted.push(change.id ?? "");
              return;
          }
        } catch (e) {
          result.failed.push({ change, error: asApplyError(change, e) });
        }
      }),
    );
    return result;
  }

  /**
   * `CreateHealthCheck` with the change's CallerReference, then `ChangeTagsForResource`; returns the id.
   * If tagging fails the error is thrown although the check exists: the next run's CREATE with the same
   * reference gets the same check back from Route 53 and tags it then.
   */
  async create(change: HealthCheckChange): Promise<string> {
    let id: string | undefined;
    try {
      // The deterministic CallerReference makes a retried CREATE return the same check, not a second.
      const out = await this.api.createHealthCheck({
        CallerReference: change.callerReference,
        HealthCheckConfig: toHealthCheckConfig(change.spec),
      });
      id = out.HealthCheck?.Id;
    } catch (e) {
      if (healthCheckErrorKind(e) === "already-exists") {
        throw new HealthCheckReferenceConflictError(change.for, change.callerReference, e);
      }
      throw new HealthCheckCallError(change.for, "CreateHealthCheck", e);
    }
    if (!id) throw new HealthCheckCallError(change.for, "CreateHealthCheck", new Error("no HealthCheck.Id"));
    await this.#tag(change, id);
    return id;
  }

  /** `UpdateHealthCheck` with `HealthCheckVersion`, then the tags again (they may have changed). */
  async update(change: HealthCheckChange): Promise<void> {
    const id = change.id;
    if (!id)
      throw new HealthCheckCallError(change.for, "UpdateHealthCheck", new Error("UPDATE without an id"));
    try {
      await this.api.updateHealthCheck(updateInput(change, id));
    } catch (e) {
      if (healthCheckErrorKind(e) === "version-mismatch") {
        throw new HealthCheckVersionConflictError(change.for, id, change.version, e);
      }
      throw new HealthCheckCallError(change.for, "UpdateHealthCheck", e);
    }
    await this.#tag(change, id);
  }

  /** `DeleteHealthCheck`; a check already gone (a retried delete whose answer was lost) is success. */
  async delete(change: HealthCheckChange): Promise<void> {
    const id = change.id;
    if (!id)
      throw new HealthCheckCallError(change.for, "DeleteHealthCheck", new Error("DELETE without an id"));
    try {
      await this.api.deleteHealthCheck({ HealthCheckId: id });
    } catch (e) {
      const kind = healthCheckErrorKind(e);
      if (kind === "in-use") throw new HealthCheckInUseError(change.for, id, e);
      if (kind !== "not-found") throw new HealthCheckCallError(change.for, "DeleteHealthCheck", e);
    }
  }

  async #tag(change: HealthCheckChange, id: string): Promise<void> {
    const tags = toTags(change.tags);
    if (tags.length === 0) return;
    try {
      await this.api.changeTagsForResource({ ResourceType: "healthcheck", ResourceId: id, AddTags: tags });
    } catch (e) {
      throw new HealthCheckCallError(change.for, "ChangeTagsForResource", e);
    }
  }
}

function asApplyError(change: HealthCheckChange, e: unknown): HealthCheckApplyError {
  return e instanceof HealthCheckReferenceConflictError ||
    e instanceof HealthCheckVersionConflictError ||
    e instanceof HealthCheckInUseError ||
    e instanceof HealthCheckCallError
    ? e
    : new HealthCheckCallError(change.for, change.action, e);
}

/**
 * `UpdateHealthCheck` for the settable fields (Type and RequestInterval cannot change; the planner
 * replaces the check instead). Fields the spec drops are reset with `ResetElements`, because an
 * absent field means "leave as is" to Route 53. `HealthCheckVersion` makes a concurrent edit fail.
 */
export function updateInput(change: HealthCheckChange, id: string): UpdateHealthCheckCommandInput {
  const c = toHealthCheckConfig(change.spec);
  const input: UpdateHealthCheckCommandInput = {
    HealthCheckId: id,
    Port: c.Port,
    FailureThreshold: c.FailureThreshold,
    EnableSNI: c.EnableSNI,
    // Always explicit: an absent Inverted leaves the check as it is, and undrain must turn it off.
    Inverted: c.Inverted === true,
    ResetElements: [],
  };
  if (change.version !== undefined) input.HealthCheckVersion = change.version;
  if (c.IPAddress !== undefined) input.IPAddress = c.IPAddress;
  if (c.FullyQualifiedDomainName !== undefined) input.FullyQualifiedDomainName = c.FullyQualifiedDomainName;
  if (c.ResourcePath !== undefined) input.ResourcePath = c.ResourcePath;
  else input.ResetElements?.push("ResourcePath");
  if (c.SearchString !== undefined) input.SearchString = c.SearchString;
  if (c.Regions !== undefined) input.Regions = c.Regions;
  else input.ResetElements?.push("Regions");
  if (input.ResetElements?.length === 0) delete input.ResetElements;
  return input;
}

/** CREATE and UPDATE go before the record changes (records refer to them); DELETE after them all. */
export function splitHealthCheckChanges(changes: readonly HealthCheckChange[]): {
  beforeRecords: HealthCheckChange[];
  afterRecords: HealthCheckChange[];
} {
  return {
    beforeRecords: changes.filter((c) => c.action !== "DELETE"),
    afterRecords: changes.filter((c) => c.action === "DELETE"),
  };
}

/**
 * Replaces placeholder `HealthCheckId`s (model/changes.ts `pendingHealthCheckId`) with the ids
 * Route 53 gave. A change whose check was not created cannot be sent (Route 53 would reject the
 * placeholder); it is returned in `blocked` with the caller reference it waits for — together with
 * every other change of its atomic group, which must travel with it or not at all.
 */
export function resolvePendingHealthCheckIds(
  changes: readonly RecordChange[],
  created: ReadonlyMap<string, string>,
): { changes: RecordChange[]; blocked: { change: RecordChange; callerReference?: string }[] } {
  const missing = new Map<RecordChange, string>();
  const blockedGroups = new Set<string>();
  const resolved = changes.map((change) => {
    const id = change.record.healthCheckId;
    const ref = id === undefined ? undefined : pendingCallerReference(id);
    if (ref === undefined) return change;
    const real = created.get(ref);
    if (real !== undefined) return { ...change, record: { ...change.record, healthCheckId: real } };
    missing.set(change, ref);
    blockedGroups.add(`${change.zoneId}|${change.group}`);
    return change;
  });
  const out: RecordChange[] = [];
  const blocked: { change: RecordChange; callerReference?: string }[] = [];
  for (const change of resolved) {
    if (!blockedGroups.has(`${change.zoneId}|${change.group}`)) out.push(change);
    else {
      const ref = missing.get(change);
      blocked.push(ref === undefined ? { change } : { change, callerReference: ref });
    }
  }
  return { changes: out, blocked };
}
