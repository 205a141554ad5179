import type { Plan, RecordChange, Takeover } from "../model/changes.js";
import { displayName } from "../model/hostname.js";
import { problemMessage } from "../model/problem.js";
import { shorten } from "../model/shorten.js";
import { formatSourceRef } from "../model/source-ref.js";
import {
  actionSymbol,
  describeHealthCheckBasis,
  describeHealthCheckSpec,
  describeHealthCheckSubject,
  describePolicy,
  describePolicySwitch,
  describeRecordHealthCheck,
  describeTakeoverFrom,
  describeTakeoverHow,
  describeTarget,
  groupByZone,
  sourceOfSkipped,
  summaryLine,
  TAKEOVER_SYMBOL,
} from "./describe.js";
import type { PlanRenderOptions } from "./render-options.js";
import { strictSummary } from "./strict-verdict.js";

/**
 * Render a plan as GitHub-flavoured Markdown, ready to post as a pull-request comment: a heading, the
 * summary line, one table per zone (ownership TXTs folded away in a `<details>` block, since reviewers
 * care about the records users resolve), health checks, skipped objects with reasons, held-back changes.
 */
export function renderPlanMarkdown(plan: Plan, options: PlanRenderOptions = {}): string {
  const out: string[] = [];
  out.push(`## route53-gslb plan for cluster ${code(plan.clusterName)}`, "", `**${summaryLine(plan)}**`);
  // Right under the summary: the reason a CI check is red must be the first thing a reviewer reads.
  if (options.strict && options.strict.findings.length > 0) {
    out.push("", `> **Strict:** ${strictSummary(options.strict)}; see the sections below.`);
  }

  for (const zone of groupByZone(plan.changes)) {
    out.push("", `### Zone ${code(displayName(zone.zoneName))} (${code(zone.zoneId)})`);
    const records = zone.items.filter((c) => c.purpose === "record");
    const ownership = zone.items.filter((c) => c.purpose === "ownership");
    const taken = (plan.takeovers ?? []).filter((t) => t.zoneId === zone.zoneId);
    if (taken.length > 0)
      out.push("", `Taken over from external-dns (${taken.length}):`, "", ...takeoverTable(taken));
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
          code(describeHealthCheckSubject(hc)),
          hc.basis
            ? `${describeHealthCheckSpec(hc.spec)} (${describeHealthCheckBasis(hc.basis)})`
            : describeHealthCheckSpec(hc.spec),
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
        `${
          c.source
            ? code(formatSourceRef(c.source))
            : c.onBehalfOf
              ? `for ${code(c.onBehalfOf)} (policy switch)`
              : ""
        }${c.takeover?.registry ? " (external-dns's)" : ""}`,
      ]),
    );
  }
  return lines;
}

function takeoverTable(takeovers: Takeover[]): string[] {
  const lines = ["| | Name | Type | Routing | Target | From | How |", "|---|---|---|---|---|---|---|"];
  for (const t of takeovers) {
    lines.push(
      row([
        code(TAKEOVER_SYMBOL),
        code(displayName(t.desired.name)),
        t.desired.type,
        describePolicy(t.desired.policy),
        describeTarget(t.desired.target),
        describeTakeoverFrom(t),
        describeTakeoverHow(t),
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
