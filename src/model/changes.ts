import type { AnyHealthCheckSpec } from "./health-check.js";
import type { HealthCheckBasis } from "./health-check-basis.js";
import type { PolicyWish } from "./policy-wish.js";
import type { OwnershipClaim, Problem } from "./problem.js";
import type { RecordSet } from "./record-set.js";
import type { RoutingPolicyKind } from "./routing-policy.js";
import type { Skipped, SourceRef } from "./source-ref.js";

/** Route 53 change actions. The planner emits UPSERT for in-place updates and DELETE+CREATE for replacements. */
export type ChangeAction = "CREATE" | "UPSERT" | "DELETE";

/** Whether a change is for a record users resolve, or for the TXT ownership record that guards it. */
export type ChangePurpose = "record" | "ownership";

/** One change to one record set in one zone. */
export interface RecordChange {
  zoneId: string;
  zoneName: string;
  action: ChangeAction;
  purpose: ChangePurpose;
  record: RecordSet;
  /**
   * The atomic group the change belongs to: every change of one guarded name+type and its ownership
   * records travel in the same `ChangeResourceRecordSets` request (apply/ never splits a group).
   */
  group: string;
  /**
   * The object that wants the record (for a deletion or drain: the object its ownership record names);
   * absent for orphans. Only report/ spells it out (`formatSourceRef`).
   */
  source?: SourceRef;
  /**
   * Set only on the changes of a policy switch that rewrite another owner's member or ownership
   * record, which that owner consented to by recording the same wish (docs/planning.md "Policy
   * switches"): the owner whose record it is. Such a change has no `source` (its object lives in the
   * other cluster).
   */
  onBehalfOf?: string;
  /** Set when the change is part of taking a member over from external-dns (see {@link Takeover}). */
  takeover?: TakeoverMark;
}

/** Which external-dns owner a change takes a member over from. */
export interface TakeoverMark {
  owner: string;
  /** True for the deletion of one of external-dns's own registry TXTs (not a route53-gslb record). */
  registry: boolean;
}

/**
 * How a member is taken over from external-dns (`--adopt-external-dns-owner`):
 * - `in-place`: the member stays exactly as it is; only the ownership records change hands;
 * - `update`: the member is UPSERTed in place to what this cluster wants;
 * - `conversion`: Route 53 cannot change it in place (set identifier, routing policy, alias-ness or
 *   type), so it is deleted and its replacement created in the same atomic request;
 * - `cleanup`: the member is already this owner's; external-dns's leftover registry TXT is removed.
 */
export type TakeoverHow = "in-place" | "update" | "conversion" | "cleanup";

/**
 * One member taken over from external-dns: our ownership TXT written, the member kept, UPSERTed or
 * converted, and external-dns's registry TXTs for it removed — all in one atomic group, so at no moment
 * is the member missing, or claimed by nobody.
 */
export interface Takeover {
  zoneId: string;
  zoneName: string;
  how: TakeoverHow;
  /** The member as it is in Route 53 before the plan. */
  current: RecordSet;
  /** The member as this owner writes it (the same as `current` for `in-place`). */
  desired: RecordSet;
  /** What external-dns's registry said: its owner id, its `resource` label, and the TXTs removed. */
  externalDns: { owner: string; resource?: string; records: RecordSet[] };
  /** The atomic group of the changes that make the takeover. */
  group: string;
  /** The object that now wants the member. */
  source?: SourceRef;
}

export type HealthCheckAction = "CREATE" | "UPDATE" | "DELETE";

/** One change to a Route 53 health check. */
export interface HealthCheckChange {
  action: HealthCheckAction;
  /** Deterministic, so a retried or repeated CREATE never makes a second check. */
  callerReference: string;
  /** Present for UPDATE and DELETE. */
  id?: string;
  spec: AnyHealthCheckSpec;
  tags: Record<string, string>;
  /** The record name the check guards. */
  for: string;
  /** For UPDATE: the version Route 53 must still have (`HealthCheckVersion`), so concurrent edits fail. */
  version?: number;
  /** For CREATE and UPDATE of a member's check: which default chose the settings, and why (the plan says). */
  basis?: HealthCheckBasis;
}

/**
 * A member that ownership records contradict (two owners claim it), or a TXT at an ownership name
 * that says route53-gslb but cannot be trusted. Nobody changes or deletes what it is about until a
 * person resolves it (deletes the wrong ownership record); plans and `status` name every claim.
 */
export interface OwnershipConflict {
  zoneId: string;
  zoneName: string;
  /** The guarded member: name, type and set identifier (none for a simple record). */
  name: string;
  type: string;
  setIdentifier?: string;
  /** Each ownership record involved: its name, the owner it names and the object it names, if any. */
  claims: OwnershipClaim[];
  /** Why nobody may change the member, as data; `problemMessage` words it. */
  problem: Extract<Problem, { kind: "contested" | "untrusted-ownership" }>;
}

/**
 * Why a change is withheld: `deletion-budget` (past `--max-deletions`), `policy` (`upsert-only`,
 * `create-only`), `unreadable-object` (the records of an object that exists but cannot be read are
 * held, plan/held-records.ts). `reason` words it for people.
 */
export type HoldKind = "deletion-budget" | "policy" | "unreadable-object";

/** A change the planner withheld, never applied. */
export interface HeldBackChange {
  change: RecordChange;
  kind: HoldKind;
  reason: string;
}

/**
 * A change of routing policy at one name and type that this owner wants while other owners have
 * members there (plan/policy-switch.ts): Route 53 cannot mix policies on one name and type, so every
 * member moves in one atomic request once every owner wants the new policy.
 * - `converting`: this plan converts every member (ours and, on their recorded consent, the others');
 * - `waiting`: some owners do not want `to`'s policy yet; this owner's member stays as it is and its
 *   ownership record says what it wants;
 * - `blocked`: a member nobody here owns, a member of another policy, or a rule Route 53 would break
 *   after the switch (`blockedBy` says which); this owner's member stays as it is.
 */
export interface PolicySwitch {
  zoneId: string;
  zoneName: string;
  name: string;
  type: string;
  from: RoutingPolicyKind;
  /** What this owner wants: the new policy and its setting. */
  to: PolicyWish;
  state: "converting" | "waiting" | "blocked";
  /** Every member of the name and type, this owner's first, then by set identifier. */
  members: PolicySwitchMember[];
  /** Why the switch is blocked, in words (`state: "blocked"` only). */
  blockedBy?: string;
  /** The object that wants this owner's member. */
  source?: SourceRef;
}

/** One member of a name and type in a policy switch. */
export interface PolicySwitchMember {
  setIdentifier: string;
  /** The owner its one trusted ownership record names; absent when it has none, or several. */
  owner?: string;
  /** The policy its owner wants: recorded in its ownership record, else the one it has. */
  wants?: PolicyWish;
  /** Whether its owner wants the policy this owner does (the same kind). */
  ready: boolean;
}

/** The complete result of planning: what to change, what was skipped and why. */
export interface Plan {
  clusterName: string;
  ownerId: string;
  /** Ordered: by zone, then by group; inside a group deletes come first (Route 53 applies a batch in order). */
  changes: RecordChange[];
  healthChecks: HealthCheckChange[];
  skipped: Skipped[];
  /**
   * Changes withheld: deletions beyond `--max-deletions`, changes the `upsert-only` / `create-only`
   * policy forbids, and the records of an object that exists but cannot be read (held, see
   * docs/planning.md "Held records").
   */
  heldBack: HeldBackChange[];
  /** Contested members and untrusted ownership records that concern this owner; see OwnershipConflict. */
  conflicts: OwnershipConflict[];
  /** Policy switches this owner wants at names other owners share, and where each stands. */
  policySwitches: PolicySwitch[];
  /**
   * Members taken over from external-dns (`--adopt-external-dns-owner`), ordered as `changes`.
   * Absent when nothing could be (plans without the flag, drain).
   */
  takeovers?: Takeover[];
  /** Record members this owner has in the managed zones before the plan (ownership TXTs not counted). */
  ownedRecords: number;
  /** Health checks this owner would have after the plan, against the account quota. */
  healthCheckUsage: { owned: number; quota: number };
}

/** Placeholder `HealthCheckId` for a record whose health check the plan creates; apply/ substitutes the real id. */
export function pendingHealthCheckId(callerReference: string): string {
  return `${PENDING_PREFIX}${callerReference})`;
}

const PENDING_PREFIX = "(known after apply: health check ";

/** The caller reference inside a placeholder id, or undefined for a real id. */
export function pendingCallerReference(id: string): string | undefined {
  return id.startsWith(PENDING_PREFIX) && id.endsWith(")") ? id.slice(PENDING_PREFIX.length, -1) : undefined;
}
