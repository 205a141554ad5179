import type { Plan, RecordChange } from "../model/changes.js";
import { displayName } from "../model/hostname.js";
import { problemMessage } from "../model/problem.js";
import { shorten } from "../model/shorten.js";
import { formatSourceRef } from "../model/source-ref.js";
import {
  actionSymbol,
  describeHealthCheckChange,
  describePolicySwitch,
  describeRecord,
  groupByZone,
  sourceOfSkipped,
  summaryLine,
} from "./describe.js";

/**
 * Render a plan for people, in the manner of `terraform plan`: changes grouped by zone with `+` create,
 * `~` update, `-` delete, one line per record set; then health checks, skipped objects with their
 * reasons, held-back deletions, and the summary line. Never coloured: the output goes to CI logs and
 * files as often as to a terminal, and a byte-stable text is easier to diff and to test.
 */
export function renderPlanText(plan: Plan): string {
  const lines: string[] = [];
  lines.push(`route53-gslb plan for cluster ${plan.clusterName} (owner ${plan.ownerId})`);

  for (const zone of groupByZone(plan.changes)) {
    lines.push("", `Zone ${displayName(zone.zoneName)} (${zone.zoneId}):`);
    for (const change of zone.items) lines.push(`  ${actionSymbol(change.action)} ${changeLine(change)}`);
  }

  if (plan.healthChecks.length > 0) {
    lines.push("", "Health checks:");
    for (const check of plan.healthChecks) {
      lines.push(`  ${actionSymbol(check.action)} ${describeHealthCheckChange(check)}`);
    }
  }
  if (plan.healthChecks.length > 0 || plan.healthCheckUsage.owned > 0) {
    const { owned, quota } = plan.healthCheckUsage;
    lines.push(
      "",
      `Health checks owned by ${plan.ownerId} after this plan: ${owned} of ${quota} (account quota).`,
    );
  }

  if (plan.policySwitches.length > 0) {
    lines.push(
      "",
      "Policy switches (every member of a name changes policy in one request, once all owners want it):",
    );
    for (const s of plan.policySwitches) lines.push(`  ${SWITCH_MARK[s.state]} ${describePolicySwitch(s)}`);
  }

  if (plan.skipped.length > 0) {
    lines.push("", "Skipped:");
    for (const s of plan.skipped) {
      const host = s.hostname ? ` (${shorten(s.hostname)})` : "";
      lines.push(`  * ${sourceOfSkipped(s)}${host}: ${problemMessage(s.problem)}`);
    }
  }

  if (plan.heldBack.length > 0) {
    lines.push("", "Held back (not applied):");
    for (const h of plan.heldBack) {
      lines.push(`  ${actionSymbol(h.change.action)} ${changeLine(h.change)}`);
      lines.push(`      in zone ${displayName(h.change.zoneName)} (${h.change.zoneId}): ${h.reason}`);
    }
  }

  if (plan.conflicts.length > 0) {
    lines.push("", "Ownership conflicts (never changed until a person resolves them):");
    for (const c of plan.conflicts)
      lines.push(`  ! in zone ${displayName(c.zoneName)} (${c.zoneId}): ${problemMessage(c.problem)}`);
  }

  lines.push("", summaryLine(plan));
  return `${lines.join("\n")}\n`;
}

/** `~` a switch this plan makes, `.` one that waits, `!` one that is blocked. */
const SWITCH_MARK = { converting: "~", waiting: ".", blocked: "!" } as const;

/**
 * `bookinfo.example.com A weighted set=c1 weight=50 -> alias … [from <source>]`; ownership TXTs say so,
 * and so do another owner's records a policy switch rewrites on its behalf.
 */
function changeLine(change: RecordChange): string {
  const purpose = change.purpose === "ownership" ? " (ownership)" : "";
  const source = change.source ? ` [${formatSourceRef(change.source)}]` : "";
  const behalf = change.onBehalfOf ? ` [policy switch, for ${change.onBehalfOf}]` : "";
  return `${describeRecord(change.record)}${purpose}${source}${behalf}`;
}
