import type { UpdateHealthCheckCommandInput } from "@aws-sdk/client-route-53";
import type { HealthCheckExecutor } from "../apply/plan-applier.js";
import { errorMessage, errorName, healthCheckErrorKind } from "../aws/aws-errors.js";
import type { HealthCheckChange, RecordChange } from "../model/changes.js";
import { pendingCallerReference } from "../model/changes.js";
import { sameSpec } from "../plan/health-planner.js";
import { type HealthChecksByReference, listHealthChecksByReference } from "../route53/health-check-list.js";
import type { Route53Api } from "../route53/route53-api.js";
import { toHealthCheckConfig, toTags } from "../route53/to-route53.js";

/**
 * Route 53 answered `HealthCheckAlreadyExists` for the planned CallerReference and for every fresh
 * one tried after it (`MAX_CALLER_REFERENCES`): each was used before, with other settings or by a
 * check since deleted (Route 53 remembers references), and none belongs to a live check with the
 * wanted settings. The record that wanted the check is named.
 */
export class HealthCheckReferenceConflictError extends Error {
  override readonly name = "HealthCheckReferenceConflict";
  constructor(
    readonly record: string,
    readonly callerReference: string,
    cause: unknown,
    /** CallerReferences tried, the planned one included. */
    readonly tried = 1,
  ) {
    super(
      `health check for \`${record}\`: CallerReference ${callerReference}` +
        (tried > 1 ? ` and the ${tried - 1} after it were` : " was") +
        ` already used with other settings or by a deleted check: ${errorMessage(cause)}`,
      { cause },
    );
  }
}

/**
 * How many CallerReferences a CREATE tries: the planned one, then `<planned>-2`, `-3`, ... Each
 * removal and re-creation of the same member (same object, settings and owner) burns one, so this
 * is how often that may happen before a person has to look.
 */
export const MAX_CALLER_REFERENCES = 50;

/**
 * The `attempt`-th CallerReference for a check the planner named `planned` (attempt 1 is `planned`).
 * Deterministic, so every retry and every later run walks the same sequence: a create whose answer
 * was lost is found (and adopted) under the reference it used, never made twice.
 * `planned` is `r53gslb-` and 16 hex digits; Route 53 allows 64 characters.
 */
export function nthCallerReference(planned: string, attempt: number): string {
  return attempt === 1 ? planned : `${planned}-${attempt}`;
}

/** Whether `ref` is one of `planned`'s sequence (`nthCallerReference`). */
function inSequence(planned: string, ref: string): boolean {
  return ref === planned || (ref.startsWith(`${planned}-`) && /^[0-9]+$/.test(ref.slice(planned.length + 1)));
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
  | "createHealthCheck"
  | "changeTagsForResource"
  | "updateHealthCheck"
  | "deleteHealthCheck"
  | "listHealthChecks"
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
   * `CreateHealthCheck`, then `ChangeTagsForResource`; returns the id. If tagging fails the error is
   * thrown although the check exists: the next run finds it by its CallerReference and tags it then.
   *
   * CallerReferences. A retry of the same create (its answer lost) sends the same reference, and Route
   * 53 returns the check it made instead of a second one. Route 53 answers `HealthCheckAlreadyExists`
   * when the reference was used with other settings, or by a check that was deleted — for ever: a
   * member removed and added back would get the planner's reference again and never be created. So on
   * that answer the live checks of the reference's sequence (`nthCallerReference`) are listed once:
   * one with the wanted settings is adopted (a create of an earlier run whose answer was lost); else
   * the next reference of the sequence not held by a live check is tried, up to
   * `MAX_CALLER_REFERENCES`. moto ignores CallerReferences altogether, so this is unit-tested with a
   * fake that remembers them, and integration-tested through the fault proxy's model of them.
   */
  async create(change: HealthCheckChange): Promise<string> {
    const planned = change.callerReference;
    let live: HealthChecksByReference | undefined;
    let lastRefusal: unknown;
    for (let attempt = 1; attempt <= MAX_CALLER_REFERENCES; attempt++) {
      const ref = nthCallerReference(planned, attempt);
      if (live?.references.has(ref)) continue; // a live check with other settings holds it
      let id: string | undefined;
      try {
        const out = await this.api.createHealthCheck({
          CallerReference: ref,
          HealthCheckConfig: toHealthCheckConfig(change.spec),
        });
        id = out.HealthCheck?.Id;
      } catch (e) {
        if (healthCheckErrorKind(e) !== "already-exists")
          throw new HealthCheckCallError(change.for, "CreateHealthCheck", e);
        lastRefusal = e;
        if (live === undefined) {
          live = await this.#liveChecks(change, planned);
          const adopt = live.checks.find((c) => sameSpec(c.spec, change.spec));
          if (adopt) {
            await this.#tag(change, adopt.id);
            return adopt.id;
          }
        }
        continue;
      }
      if (!id)
        throw new HealthCheckCallError(change.for, "CreateHealthCheck", new Error("no HealthCheck.Id"));
      await this.#tag(change, id);
      return id;
    }
    throw new HealthCheckReferenceConflictError(change.for, planned, lastRefusal, MAX_CALLER_REFERENCES);
  }

  /** The live checks holding a reference of `planned`'s sequence, by the order of the sequence. */
  async #liveChecks(change: HealthCheckChange, planned: string): Promise<HealthChecksByReference> {
    try {
      const found = await listHealthChecksByReference(this.api, (ref) => inSequence(planned, ref));
      const order = (ref: string) => (ref === planned ? 1 : Number(ref.slice(planned.length + 1)));
      found.checks.sort((a, b) => order(a.callerReference) - order(b.callerReference));
      return found;
    } catch (e) {
      throw new HealthCheckCallError(change.for, "ListHealthChecks", e);
    }
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
  if (c.Type === "CALCULATED") {
    // The children and threshold are all a CALCULATED check has to update (the endpoint fields
    // are rejected on it); the list replaces the old one whole.
    return {
      HealthCheckId: id,
      ...(change.version !== undefined ? { HealthCheckVersion: change.version } : {}),
      ChildHealthChecks: c.ChildHealthChecks ?? [],
      HealthThreshold: c.HealthThreshold ?? 0,
      Inverted: c.Inverted === true,
    };
  }
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
