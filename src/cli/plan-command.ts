import type { Plan } from "../model/changes.js";
import { planChanges } from "../plan/planner.js";
import { hasChanges } from "../report/describe.js";
import { renderPlanJson } from "../report/plan-json.js";
import { renderPlanMarkdown } from "../report/plan-markdown.js";
import { renderPlanText } from "../report/plan-text.js";
import { readSnapshotFile } from "../route53/snapshot.js";
import { endpointsFromObjects } from "../sources/source.js";
import { readManifests } from "./manifest-reader.js";
import type { OutputFormat, PlanOptions } from "./plan-options.js";

/** Where the CLI writes and how it reads stdin; `main` passes the process's, tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** Exit codes of `plan`, as terraform's `plan -detailed-exitcode`. */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

const RENDERERS: Record<OutputFormat, (plan: Plan) => string> = {
  text: renderPlanText,
  json: renderPlanJson,
  markdown: renderPlanMarkdown,
};

/**
 * `route53-gslb plan`: read manifests and a zone snapshot, plan, print. Returns the exit code:
 * 0 when nothing would change (or changes without `--detailed-exitcode`), 2 for pending changes with
 * `--detailed-exitcode`, 1 when the input cannot be read (every problem is printed to stderr).
 * Skipped objects are part of a successful plan, not errors: one bad Gateway must not block CI for
 * every other team's change.
 */
export async function runPlan(options: PlanOptions, io: CliIo): Promise<number> {
  const [manifests, state] = await Promise.all([
    readManifests(options.manifests, () => io.readStdin()),
    readSnapshotFile(options.zonesFile),
  ]);
  const problems = [...(manifests.ok ? [] : manifests.error), ...(state.ok ? [] : state.error)];
  if (!manifests.ok || !state.ok) {
    for (const p of problems) io.stderr(`error: ${p}\n`);
    return EXIT.error;
  }

  const sources = endpointsFromObjects(manifests.value);
  const plan = planChanges({
    config: options.planner,
    endpoints: sources.endpoints,
    skipped: sources.skipped,
    state: state.value,
  });
  io.stdout(RENDERERS[options.output](plan));
  return options.detailedExitCode && hasChanges(plan) ? EXIT.changes : EXIT.ok;
}
