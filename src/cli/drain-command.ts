import { type DrainMode, planDrain } from "../plan/drain.js";
import { hasChanges } from "../report/describe.js";
import { createAwsContext } from "../wiring/aws-context.js";
import { applyAndReport } from "./apply-command.js";
import { type CliIo, EXIT } from "./cli-io.js";
import type { DrainOptions } from "./drain-options.js";
import { RENDERERS } from "./plan-command.js";

/**
 * `route53-gslb drain` / `undrain`: read this owner's members from Route 53 (no manifests and no
 * cluster needed, so a broken cluster can be taken out of rotation from anywhere), print the plan,
 * apply it. Exit 0 when everything applied (or nothing to do, or `--dry-run`), 1 on any failure.
 * A member that cannot be drained is reported in the plan and does not fail the run: the others
 * are out of rotation, which is what the operator needs first. `signal` is the run's `--timeout`
 * (cli/run-deadline.ts).
 */
export async function runDrain(
  options: DrainOptions,
  mode: DrainMode,
  io: CliIo,
  signal?: AbortSignal,
): Promise<number> {
  const aws = createAwsContext(options.aws, options.planner.zoneFilter, signal ? { signal } : {});
  let state: Awaited<ReturnType<typeof aws.readState>>;
  try {
    state = await aws.readState([]);
  } catch (e) {
    io.stderr(
      `error: reading the current state from AWS failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`,
    );
    return EXIT.error;
  }
  for (const warning of state.warnings) io.stderr(`warning: ${warning}\n`);
  const plan = planDrain(state.state, options.planner, mode);
  io.stdout(RENDERERS[options.output](plan));
  if (options.dryRun || !hasChanges(plan)) return EXIT.ok;
  return applyAndReport(plan, aws, options.output, io);
}
