import { AWS_OPERATIONS, type AwsOperation, iamActionOf } from "../aws/aws-operations.js";
import type { ZoneFilter } from "../config/config.js";
import type { ChangeAction } from "../model/changes.js";
import { MANAGED_RECORD_TYPES } from "../model/record-set.js";
import { bareZoneId } from "../model/zone.js";
import { normalizeDomain } from "../zones/domain-filter.js";
import { type CallSettings, callsOfAll, type PolicyCommand } from "./calls-by-command.js";
import { namePatternsFor } from "./normalized-names.js";
import type { PolicyDocument, PolicyStatement } from "./policy-document.js";

/**
 * Which role's policy to print when Route 53 is reached through `--aws-assume-role`: the cluster's own
 * role (STS AssumeRole on the DNS role, and its own load balancers) or the DNS account's role (Route 53).
 */
export type PolicyRole = "cluster" | "dns-account";
export const POLICY_ROLES: readonly PolicyRole[] = ["cluster", "dns-account"];

/** What the policy is for: the same zone flags and settings the commands run with. */
export interface LeastPrivilegeInput {
  /** The commands the role runs (`--commands`). */
  commands: readonly PolicyCommand[];
  /** `--domain-filter`, `--exclude-domain`, `--zone-type`, `--zone-id`, as every command reads them. */
  zoneFilter: ZoneFilter;
  settings: CallSettings;
  /** `aws`, `aws-cn`, `aws-us-gov`…: the partition of the ARNs. */
  partition: string;
  /**
   * `--aws-assume-role`, with the role whose policy is wanted. Without it the one identity makes
   * every call and gets one policy with all of it.
   */
  assumeRole?: { roleArn: string; for: PolicyRole };
}

/** The policy, and what it cannot restrict (said next to it, so nobody takes it for more than it is). */
export interface LeastPrivilegePolicy {
  policy: PolicyDocument;
  notes: string[];
}

const NAMES_KEY = "route53:ChangeResourceRecordSetsNormalizedRecordNames";
const TYPES_KEY = "route53:ChangeResourceRecordSetsRecordTypes";
const ACTIONS_KEY = "route53:ChangeResourceRecordSetsActions";
const ALL_CHANGE_ACTIONS: readonly ChangeAction[] = ["CREATE", "UPSERT", "DELETE"];

/*
 * How the statements are made (docs/commands/iam-policy.md has the same as prose):
 *
 *   statement                   actions (those the commands call)                   resource
 *   ─────────────────────────── ─────────────────────────────────────────────────── ──────────────────────
 *   AssumeDnsAccountRole        sts:AssumeRole (--for cluster)                      the role
 *   ListZonesAndHealthChecks    ListHostedZones, ListHealthChecks                   *
 *   ReadManagedZones            ListResourceRecordSets                              the zones (see below)
 *   ChangeRecordsInManagedZones ChangeResourceRecordSets, only of the managed       the zones
 *                               record types, names under the domain filters, and
 *                               the change actions used
 *   NeverChangeExcludedNames    Deny ChangeResourceRecordSets of names at or below  hostedzone/*
 *                               an --exclude-domain
 *   CreateHealthChecks          CreateHealthCheck                                   *
 *   Manage/ReadHealthChecks     Update/DeleteHealthCheck, ListTagsForResources,     healthcheck/*
 *                               ChangeTagsForResource, GetHealthCheckStatus
 *   FindLoadBalancers           elasticloadbalancing:DescribeLoadBalancers          *
 *
 * The order and the Sids are those of the files in iam/, which are this function's output for the
 * default commands with placeholder zone ids (test/unit/iam/shipped-policies.test.ts).
 *
 * The zones are `hostedzone/<id>` of each `--zone-id`; without zone ids they are not known before the
 * zones are listed, so the resource is `hostedzone/*`, and record changes are held to the domain
 * filters by the normalized-names condition instead.
 */

/** The least-privilege policy for `input`. Pure. */
export function leastPrivilegePolicy(input: LeastPrivilegeInput): LeastPrivilegePolicy {
  const calls = callsOfAll(input.commands, input.settings);
  const role = input.assumeRole?.for;
  // With --aws-assume-role, Route 53 calls are the DNS role's; STS and ELBv2 stay with the cluster's.
  const mine = (operation: AwsOperation): boolean => {
    if (!calls.operations.has(operation)) return false;
    if (role === undefined) return true;
    return (AWS_OPERATIONS[operation].service === "route53") === (role === "dns-account");
  };
  const actions = (...operations: AwsOperation[]) => operations.filter(mine).map(iamActionOf);
  const arn = (resource: string) => `arn:${input.partition}:route53:::${resource}`;

  const zoneIds = [...new Set(input.zoneFilter.zoneIds.map(bareZoneId))].sort();
  const zones = zoneIds.length > 0 ? zoneIds.map((id) => arn(`hostedzone/${id}`)) : [arn("hostedzone/*")];
  const domains = normalized(input.zoneFilter.domainFilter);
  const excluded = normalized(input.zoneFilter.excludeDomains);

  const statements: PolicyStatement[] = [];
  const allow = (
    Sid: string,
    Action: string[],
    Resource: string | string[],
    Condition?: PolicyStatement["Condition"],
  ) => {
    if (Action.length > 0)
      statements.push({ Sid, Effect: "Allow", Action, Resource, ...(Condition ? { Condition } : {}) });
  };

  if (input.assumeRole && role === "cluster") {
    allow("AssumeDnsAccountRole", [iamActionOf("AssumeRole")], input.assumeRole.roleArn);
  }
  allow("ListZonesAndHealthChecks", actions("ListHostedZones", "ListHealthChecks"), "*");
  allow("ReadManagedZones", actions("ListResourceRecordSets"), zones);
  // --zone-tags reads the tags of the zones the other filters allow (zones/ in the zone cache).
  if (input.zoneFilter.zoneTags.length > 0 && actions("ListResourceRecordSets").length > 0) {
    allow("ReadManagedZoneTags", [iamActionOf("ListTagsForResources")], zones);
  }
  const change = actions("ChangeResourceRecordSets");
  allow("ChangeRecordsInManagedZones", change, zones, changeCondition(domains, calls.changeActions));
  if (change.length > 0 && excluded.length > 0) {
    statements.push({
      Sid: "NeverChangeExcludedNames",
      Effect: "Deny",
      Action: change,
      Resource: arn("hostedzone/*"),
      Condition: { "ForAnyValue:StringLike": { [NAMES_KEY]: excluded.flatMap(namePatternsFor) } },
    });
  }
  allow("CreateHealthChecks", actions("CreateHealthCheck"), "*");
  const checks = actions(
    "UpdateHealthCheck",
    "DeleteHealthCheck",
    "ListTagsForResources",
    "ChangeTagsForResource",
    "GetHealthCheckStatus",
  );
  const writesChecks = checks.some((a) => !/:(ListTagsForResources|GetHealthCheckStatus)$/.test(a));
  allow(writesChecks ? "ManageHealthChecks" : "ReadHealthChecks", checks, arn("healthcheck/*"));
  allow("FindLoadBalancers", actions("DescribeLoadBalancers"), "*");
  return {
    policy: { Version: "2012-10-17", Statement: statements },
    notes: notesFor(input, { zoneIds, domains, statements }),
  };
}

/** Domains as the names condition spells them, each once, sorted. */
function normalized(domains: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of domains) {
    const n = normalizeDomain(d);
    if (n) out.add(n);
  }
  return [...out].sort();
}

/**
 * Record changes only of the types route53-gslb writes, only of names at or below the domain filters
 * (and so of their ownership records), and only with the change actions the commands use.
 * `ForAllValues`: every change of a request must pass, not just one.
 */
function changeCondition(
  domains: readonly string[],
  changeActions: ReadonlySet<ChangeAction>,
): PolicyStatement["Condition"] {
  const equals: Record<string, string[]> = { [TYPES_KEY]: [...MANAGED_RECORD_TYPES] };
  const used = ALL_CHANGE_ACTIONS.filter((a) => changeActions.has(a));
  // All three actions is no restriction at all: leave the key out rather than list every value.
  if (used.length < ALL_CHANGE_ACTIONS.length) equals[ACTIONS_KEY] = used;
  const condition: NonNullable<PolicyStatement["Condition"]> = { "ForAllValues:StringEquals": equals };
  if (domains.length > 0) {
    condition["ForAllValues:StringLike"] = { [NAMES_KEY]: domains.flatMap(namePatternsFor) };
  }
  return condition;
}

/** What the policy cannot hold to, given the flags: printed beside it. */
function notesFor(
  input: LeastPrivilegeInput,
  made: { zoneIds: string[]; domains: string[]; statements: PolicyStatement[] },
): string[] {
  const notes: string[] = [];
  const has = (sid: string) => made.statements.some((s) => s.Sid === sid);
  if (has("ReadManagedZones") && made.zoneIds.length === 0) {
    notes.push(
      made.domains.length > 0
        ? "without --zone-id the hosted zones are not known in advance: records of every zone of the account may be read (route53:ListResourceRecordSets on hostedzone/*); changes are held to the names under --domain-filter by the route53:ChangeResourceRecordSetsNormalizedRecordNames condition"
        : "without --zone-id or --domain-filter every hosted zone of the account may be read and changed; give --zone-id (or --domain-filter) to narrow it",
    );
  }
  if (has("ReadManagedZones") && input.zoneFilter.zoneType !== "any" && made.zoneIds.length === 0) {
    notes.push(
      `IAM cannot tell public from private zones: --zone-type ${input.zoneFilter.zoneType} is not in the policy; give --zone-id to pin the zones`,
    );
  }
  if (has("ManageHealthChecks") || has("ReadHealthChecks")) {
    notes.push(
      "health checks are allowed on healthcheck/*: their ids are made at run time, and IAM cannot tell route53-gslb's checks (tagged route53-gslb/owner) from others",
    );
  }
  return notes;
}
