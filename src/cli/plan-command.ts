import type { AwsState } from "../model/aws-state.js";
import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { err, ok, type Result } from "../model/result.js";
import { planRun } from "../plan/plan-run.js";
import { hasChanges } from "../report/describe.js";
import { renderPlanJson } from "../report/plan-json.js";
import { renderPlanMarkdown } from "../report/plan-markdown.js";
import { renderPlanText } from "../report/plan-text.js";
import { readSnapshotFile } from "../route53/snapshot.js";
import type { AwsContext } from "../wiring/aws-context.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { readManifests } from "./manifest-reader.js";
import { formatManifestWarning } from "./manifest-warning.js";
import type { OutputFormat, PlanOptions } from "./plan-options.js";

export const RENDERERS: Record<OutputFormat, (plan: Plan) => string> = {
  text: renderPlanText,
  json: renderPlanJson,
  markdown: renderPlanMarkdown,
};

/** A plan and what it was made from. */
export interface PlannedRun {
  plan: Plan;
  /** Present when the state came from AWS. */
  aws?: AwsContext;
}

/**
 * Read manifests and the current state (a snapshot, or AWS read-only), and plan. Every problem that
 * stops the run is returned, each printable as it is.
 */
export async function planFromInputs(
  options: PlanOptions,
  io: CliIo,
  signal?: AbortSignal,
): Promise<Result<PlannedRun, string[]>> {
  const manifests = await readManifests(options.manifests, () => io.readStdin());
  if (!manifests.ok) return err(manifests.error);
  // Not errors (a values file may sit beside the manifests), but never silent; stderr keeps stdout a plan.
  for (const w of manifests.value.warnings) io.stderr(`warning: ${formatManifestWarning(w)}\n`);
  try {
    const run = await planRun({
      objects: manifests.value.objects,
      config: options.planner,
      readState: async (endpoints) => {
        const state = await currentState(options, endpoints, io, signal);
        if (!state.ok) throw new StateUnreadable(state.error);
        return state.value;
      },
    });
    return ok({ plan: run.plan, ...(run.read.aws ? { aws: run.read.aws } : {}) });
  } catch (e) {
    if (e instanceof StateUnreadable) return err(e.problems);
    throw e;
  }
}

/** The current state could not be read; each problem is printable as it is. */
class StateUnreadable extends Error {
  override readonly name = "StateUnreadable";
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
  }
}

async function currentState(
  options: PlanOptions,
  endpoints: EndpointIntent[],
  io: CliIo,
  signal: AbortSignal | undefined,
): Promise<Result<{ state: AwsState; aws?: AwsContext }, string[]>> {
  if (options.zonesFile !== "aws") {
    const snapshot = await readSnapshotFile(options.zonesFile);
    return snapshot.ok ? ok({ state: snapshot.value }) : err(snapshot.error);
  }
  // Loaded here, not at the top: an offline plan (a snapshot file) never loads the AWS SDK.
  const { createAwsContext } = await import("../wiring/aws-context.js");
  const aws = createAwsContext(options.aws, options.planner.zoneFilter, signal ? { signal } : {});
  try {
    const read = await aws.readState(endpoints);
    for (const warning of read.warnings) io.stderr(`warning: ${warning}\n`);
    // A load balancer ELBv2 cannot resolve is skipped by the planner; say why ELBv2 could not.
    for (const u of read.unresolved) io.stderr(`warning: load balancer ${u.dnsName}: ${u.reason}\n`);
    return ok({ state: read.state, aws });
  } catch (e) {
    return err([
      `reading the current state from AWS failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    ]);
  }
}

/**
 * `route53-gslb plan`: read manifests and a zone snapshot (or AWS), plan, print. Returns the exit code:
 * 0 when nothing would change (or changes without `--detailed-exitcode`), 2 for pending changes with
 * `--detailed-exitcode`, 1 when the input cannot be read (every problem is printed to stderr).
 * Skipped objects are part of a successful plan, not errors: one bad Gateway must not block CI for
 * every other team's change. `signal` is the run's `--timeout` (cli/run-deadline.ts).
 */
export async function runPlan(options: PlanOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  const planned = await planFromInputs(options, io, signal);
  if (!planned.ok) {
    for (const p of planned.error) io.stderr(`error: ${p}\n`);
    return EXIT.error;
  }
  io.stdout(RENDERERS[options.output](planned.value.plan));
  return options.detailedExitCode && hasChanges(planned.value.plan) ? EXIT.changes : EXIT.ok;
}
