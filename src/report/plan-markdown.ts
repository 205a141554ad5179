import type { Plan, RecordChange } from "../model/changes.js";
import { displayName } from "../model/hostname.js";
import { problemMessage } from "../model/problem.js";
import { shorten } from "../model/shorten.js";
import { formatSourceRef } from "../model/source-ref.js";
import {
  actionSymbol,
  describeHealthCheckSpec,
  describePolicy,
  describePolicySwitch,
  describeRecordHealthCheck,
  describeTarget,
  groupByZone,
  sourceOfSkipped,
  summaryLine,
} from "./describe.js";

/**
 * Render a plan as GitHub-flavoured Markdown, ready to post as a pull-request comment: a heading, the
 * summary line, one table per zone (ownership TXTs folded away in a `<details>` block, since reviewers
 * care about the records users resolve), health checks, skipped objects with reasons, held-back changes.
 */
export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(`## route53-gslb plan for cluster ${code(plan.clusterName)}`, "", `**${summaryLine(plan)}**`);

  for (const zone of groupByZone(plan.changes)) {
    out.push("", `### Zone ${code(displayName(zone.zoneName))} (${code(zone.zoneId)})`);
    const records = zone.items.filter((c) => c.purpose === "record");
    const ownership = zone.items.filter((c) => c.purpose === "ownership");
    if (records.length > 0) out.push("", ...recordTable(records));
    if (ownership.length > 0) {
      const noun = ownership.length === 1 ? "ownership record" : "ownership records";
      out.push(
        "",
        `<details><summary>${ownership.length} ${noun} (TXT)</summary>`,
        "",
        ...recordTable(ownership),
      );
      out.push("", "</details>");
    }
  }

  if (plan.healthChecks.length > 0) {
    out.push("", "### Health checks", "", "| | For | Check | Caller reference |", "|---|---|---|---|");
    for (const hc of plan.healthChecks) {
      const ref = hc.id ? `${hc.callerReference} (id ${hc.id})` : hc.callerReference;
      out.push(
        row([
          code(actionSymbol(hc.action)),
          code(displayName(hc.for)),
          describeHealthCheckSpec(hc.spec),
          code(ref),
        ]),
      );
    }
  }
  if (plan.healthChecks.length > 0 || plan.healthCheckUsage.owned > 0) {
    const { owned, quota } = plan.healthCheckUsage;
    out.push("", `Health checks owned by ${code(plan.ownerId)} after this plan: ${owned} of ${quota}.`);
  }

  if (plan.policySwitches.length > 0) {
    out.push("", `### Policy switches (${plan.policySwitches.length})`, "", "| Zone | State | Switch |");
    out.push("|---|---|---|");
    for (const s of plan.policySwitches)
      out.push(row([code(displayName(s.zoneName)), s.state, describePolicySwitch(s)]));
  }

  if (plan.skipped.length > 0) {
    out.push(
      "",
      `### Skipped (${plan.skipped.length})`,
      "",
      "| Source | Hostname | Reason |",
      "|---|---|---|",
    );
    for (const s of plan.skipped) {
      out.push(
        row([
          code(sourceOfSkipped(s)),
          s.hostname ? code(shorten(s.hostname)) : "",
          problemMessage(s.problem),
        ]),
      );
    }
  }

  if (plan.heldBack.length > 0) {
    out.push("", `### Held back (${plan.heldBack.length})`, "", "| | Zone | Name | Type | Reason |");
    out.push("|---|---|---|---|---|");
    for (const h of plan.heldBack) {
      const c = h.change;
      out.push(
        row([
          code(actionSymbol(c.action)),
          code(displayName(c.zoneName)),
          code(displayName(c.record.name)),
          c.record.type,
          h.reason,
        ]),
      );
    }
  }

  if (plan.conflicts.length > 0) {
    out.push("", `### Ownership conflicts (${plan.conflicts.length})`, "", "| Zone | Name | Type | Reason |");
    out.push("|---|---|---|---|");
    for (const c of plan.conflicts) {
      out.push(
        row([code(displayName(c.zoneName)), code(displayName(c.name)), c.type, problemMessage(c.problem)]),
      );
    }
  }
  return `${out.join("\n")}\n`;
}

function recordTable(changes: RecordChange[]): string[] {
  const lines = [
    "| | Name | Type | Routing | Target | Health check | Source |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const c of changes) {
    lines.push(
      row([
        code(actionSymbol(c.action)),
        code(displayName(c.record.name)),
        c.record.type,
        describePolicy(c.record.policy),
        describeTarget(c.record.target),
        describeRecordHealthCheck(c.record)?.replace(/^health-check=/, "") ?? "",
        c.source
          ? code(formatSourceRef(c.source))
          : c.onBehalfOf
            ? `for ${code(c.onBehalfOf)} (policy switch)`
            : "",
      ]),
    );
  }
  return lines;
}

/** A table row; cells may not contain raw pipes or line breaks. */
function row(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\r?\n/g, " ")).join(" | ")} |`;
}

/** An inline code span; falls back to plain text when the value holds a backtick. */
function code(text: string): string {
  return text.includes("`") ? text : `\`${text}\``;
}
