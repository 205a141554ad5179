import type { AwsState } from "../model/aws-state.js";
import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { err, ok, type Result } from "../model/result.js";
import type { Skipped } from "../model/source-ref.js";
import { planChanges } from "../plan/planner.js";
import { hasChanges } from "../report/describe.js";
import { renderPlanJson } from "../report/plan-json.js";
import { renderPlanMarkdown } from "../report/plan-markdown.js";
import { renderPlanText } from "../report/plan-text.js";
import { readSnapshotFile } from "../route53/snapshot.js";
import { endpointsFromObjects } from "../sources/source.js";
import { type AwsContext, createAwsContext } from "./aws-context.js";
import { readManifests } from "./manifest-reader.js";
import type { OutputFormat, PlanOptions } from "./plan-options.js";

/** Where the CLI writes and how it reads stdin; `main` passes the process's, tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** True when stderr is a terminal: long applies show progress there. */
  stderrIsTTY?: boolean;
}

/** Exit codes of `plan`, as terraform's `plan -detailed-exitcode`. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

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
  const sources = endpointsFromObjects(manifests.value);
  const state = await currentState(options, sources.endpoints, io, signal);
  if (!state.ok) return err(state.error);
  const plan = planChanges({
    config: options.planner,
    endpoints: sources.endpoints,
    skipped: [...sources.skipped, ...state.value.skipped],
    state: state.value.state,
  });
  return ok({ plan, ...(state.value.aws ? { aws: state.value.aws } : {}) });
}

async function currentState(
  options: PlanOptions,
  endpoints: EndpointIntent[],
  io: CliIo,
  signal: AbortSignal | undefined,
): Promise<Result<{ state: AwsState; skipped: Skipped[]; aws?: AwsContext }, string[]>> {
  if (options.zonesFile !== "aws") {
    const snapshot = await readSnapshotFile(options.zonesFile);
    return snapshot.ok ? ok({ state: snapshot.value, skipped: [] }) : err(snapshot.error);
  }
  const aws = createAwsContext(options.aws, options.planner.zoneFilter, signal ? { signal } : {});
  try {
    const read = await aws.readState(endpoints);
    for (const warning of read.warnings) io.stderr(`warning: ${warning}\n`);
    // A load balancer ELBv2 cannot resolve is skipped by the planner; say why ELBv2 could not.
    for (const u of read.unresolved) io.stderr(`warning: load balancer ${u.dnsName}: ${u.reason}\n`);
    return ok({ state: read.state, skipped: [], aws });
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
