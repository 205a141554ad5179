import type { AwsOperation } from "../aws/aws-operations.js";
import type { ChangePolicy } from "../config/config.js";
import type { ChangeAction } from "../model/changes.js";

/** The commands a policy can be made for (`plan` means `plan --zones aws`: an offline plan calls nothing). */
export const POLICY_COMMANDS = ["controller", "apply", "plan", "status", "drain", "undrain"] as const;
export type PolicyCommand = (typeof POLICY_COMMANDS)[number];

/** What decides which calls a command makes, besides the command itself. */
export interface CallSettings {
  /**
   * Some member uses a Route 53 health check (`route53-gslb.io/health-check: auto`, the default of
   * failover primaries, or an existing check's id, which `status` reads the health of).
   */
  healthChecks: boolean;
  /** Some target is an AWS load balancer, whose alias zone is looked up with ELBv2. */
  loadBalancers: boolean;
  /** `--policy`: `create-only` never sends an UPSERT or a DELETE. */
  changePolicy: ChangePolicy;
}

/** The AWS operations of one command, and the `Action`s of its record changes. */
export interface CommandCalls {
  operations: ReadonlySet<AwsOperation>;
  /** Empty when the command changes no records. */
  changeActions: ReadonlySet<ChangeAction>;
}

/**
 * What every plan reads (route53/aws-state-reader.ts): the zones, the managed zones' records, and
 * every health check of the account with its tags — the account's other checks included, so
 * `ListTagsForResources` is needed whenever the account has any health check, ours or not.
 */
const READ_STATE: readonly AwsOperation[] = [
  "ListHostedZones",
  "ListResourceRecordSets",
  "ListHealthChecks",
  "ListTagsForResources",
];

/**
 * The calls `command` makes, read off the code that makes them:
 *
 *   command              reads                                  writes
 *   ──────────────────── ────────────────────────────────────── ──────────────────────────────────────
 *   plan (--zones aws)   READ_STATE, DescribeLoadBalancers (lb)  –
 *   apply, controller    as plan                                ChangeResourceRecordSets (CREATE, and
 *                                                               UPSERT/DELETE unless create-only);
 *                                                               Create/Update/DeleteHealthCheck and
 *                                                               ChangeTagsForResource (hc)
 *   drain, undrain       READ_STATE (no load balancers)         ChangeResourceRecordSets (UPSERT);
 *                                                               UpdateHealthCheck, ChangeTagsForResource
 *                                                               (hc: inverts its own checks)
 *   status               ListHostedZones, ListResourceRecordSets –
 *                        (hc) GetHealthCheckStatus, ListHealthChecks, ListTagsForResources
 *
 * `apply`'s lost-answer read-back lists records again (ListResourceRecordSets); its handling of a
 * `HealthCheckAlreadyExists` lists health checks (ListHealthChecks): both are in READ_STATE.
 */
export function callsOf(command: PolicyCommand, settings: CallSettings): CommandCalls {
  const ops = new Set<AwsOperation>();
  const actions = new Set<ChangeAction>();
  const add = (...operations: AwsOperation[]) => {
    for (const o of operations) ops.add(o);
  };
  switch (command) {
    case "plan":
      add(...READ_STATE);
      if (settings.loadBalancers) add("DescribeLoadBalancers");
      break;
    case "apply":
    case "controller":
      add(...READ_STATE, "ChangeResourceRecordSets");
      if (settings.loadBalancers) add("DescribeLoadBalancers");
      if (settings.healthChecks)
        add("CreateHealthCheck", "UpdateHealthCheck", "DeleteHealthCheck", "ChangeTagsForResource");
      actions.add("CREATE");
      // upsert-only still replaces a member in place (DELETE + CREATE in one request): plan/change-policy.ts.
      if (settings.changePolicy !== "create-only") {
        actions.add("UPSERT");
        actions.add("DELETE");
      }
      break;
    case "drain":
    case "undrain":
      // A drain reads Route 53 alone (readState([])): no load balancer is looked up.
      add(...READ_STATE, "ChangeResourceRecordSets");
      if (settings.healthChecks) add("UpdateHealthCheck", "ChangeTagsForResource");
      actions.add("UPSERT");
      break;
    case "status":
      add("ListHostedZones", "ListResourceRecordSets");
      if (settings.healthChecks) add("GetHealthCheckStatus", "ListHealthChecks", "ListTagsForResources");
      break;
  }
  return { operations: ops, changeActions: actions };
}

/** The calls of several commands together. */
export function callsOfAll(commands: readonly PolicyCommand[], settings: CallSettings): CommandCalls {
  const operations = new Set<AwsOperation>();
  const changeActions = new Set<ChangeAction>();
  for (const command of commands) {
    const calls = callsOf(command, settings);
    for (const o of calls.operations) operations.add(o);
    for (const a of calls.changeActions) changeActions.add(a);
  }
  return { operations, changeActions };
}
