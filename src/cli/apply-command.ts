import { lowerBound } from "../apply/batches.js";
import { type ApplyReport, applyPlan } from "../apply/plan-applier.js";
import type { Plan } from "../model/changes.js";
import { displayName } from "../model/hostname.js";
import { hasChanges } from "../report/describe.js";
import type { AwsContext } from "../wiring/aws-context.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { planFromInputs, RENDERERS } from "./plan-command.js";
import type { OutputFormat, PlanOptions } from "./plan-options.js";

/**
 * `route53-gslb apply`: plan against AWS, print the plan, apply it once and print what was done.
 * Exit 0 when everything applied (or nothing to do, or `--dry-run`), 1 when anything failed: a group
 * Route 53 rejected, a health check that could not be written, or input that could not be read.
 * `signal` is the run's `--timeout` (cli/run-deadline.ts).
 */
export async function runApply(options: PlanOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  if (options.zonesFile !== "aws") {
    io.stderr("error: Expected `--zones` to be `aws` for apply: apply reads and writes the zones in AWS\n");
    return EXIT.error;
  }
  const planned = await planFromInputs(options, io, signal);
  if (!planned.ok) {
    for (const p of planned.error) io.stderr(`error: ${p}\n`);
    return EXIT.error;
  }
  const { plan, aws } = planned.value;
  io.stdout(RENDERERS[options.output](plan));
  if (options.dryRun || !hasChanges(plan) || !aws) return EXIT.ok;
  return applyAndReport(plan, aws, options.output, io);
}

/**
 * Apply a plan once and say what was done: 0 when everything applied, 1 when a group Route 53
 * rejected, an oversized group or a health-check change failed.
 */
export async function applyAndReport(
  plan: Plan,
  aws: AwsContext,
  output: OutputFormat,
  io: CliIo,
): Promise<number> {
  const report = await applyPlan(plan, {
    records: aws.batcher,
    healthChecks: aws.healthChecks,
    onZoneApplied: (zoneId, applied) => aws.zones.applied(zoneId, applied),
    ...(io.stderrIsTTY
      ? { onProgress: (done: number, total: number) => io.stderr(`\rapplying: ${done}/${total}`) }
      : {}),
  });
  if (io.stderrIsTTY) io.stderr("\n");
  // With --output json or markdown, stdout stays a valid document; the summary goes to stderr.
  (output === "text" ? io.stdout : io.stderr)(describeApply(report, lowerBound(plan.changes)));
  const failed = report.failed.length + report.oversized.length + report.healthChecks.failed.length;
  return failed === 0 ? EXIT.ok : EXIT.error;
}

/** What was done, for people: counts, then every failure with Route 53's message. */
export function describeApply(report: ApplyReport, bound: number): string {
  const lines = [
    "",
    `Applied: ${report.applied.length} record changes in ${report.requests} ChangeResourceRecordSets requests ` +
      `(the Route 53 limits allow no fewer than ${bound}); ${report.healthChecks.applied.length} health-check changes.`,
  ];
  if (report.alreadyApplied) {
    lines.push(
      `  ${report.alreadyApplied} groups were found already in Route 53 when read back ` +
        "(a request's answer was lost after it was applied); counted as applied.",
    );
  }
  for (const f of report.failed) {
    const names = [...new Set(f.changes.map((c) => displayName(c.record.name)))].join(", ");
    lines.push(`  ! ${names}: not applied (${f.kind}): ${f.message}`);
  }
  for (const o of report.oversized)
    lines.push(`  ! group ${o.group}: too large for one request: ${o.reason}`);
  for (const h of report.healthChecks.failed) {
    lines.push(`  ! health check for ${displayName(h.change.for)} (${h.change.action}): ${h.message}`);
  }
  const failed = report.failed.length + report.oversized.length + report.healthChecks.failed.length;
  lines.push(failed === 0 ? "Apply complete." : `Apply finished with ${failed} failures (listed above).`);
  return `${lines.join("\n")}\n`;
}
