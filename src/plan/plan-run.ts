import type { PlannerConfig } from "../config/config.js";
import type { AwsState } from "../model/aws-state.js";
import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { endpointsFromObjects, type SourceKind, type SourceOutput } from "../sources/source.js";
import { planChanges } from "./planner.js";

/** What `plan`, `apply` and the controller each give the one planning path. */
export interface PlanRunInput<R extends { state: AwsState }> {
  /** Kubernetes objects as plain data: manifests, or the informers' caches. */
  objects: readonly unknown[];
  /** The enabled sources; every kind when absent. */
  sources?: readonly SourceKind[];
  config: PlannerConfig;
  /** See PlanInput.recentDeletions. */
  recentDeletions?: number;
  /** Reads the current state; it needs the endpoints to know which load balancers to look up. */
  readState(endpoints: EndpointIntent[]): Promise<R>;
  /**
   * The hosts to plan (PlanInput.hosts), decided once the objects and the state are read; every
   * host when absent or when it returns undefined.
   */
  scope?(sources: SourceOutput, read: R): ReadonlySet<string> | undefined;
}

/** A plan, what it was made from, and a way to plan again over a fresher state (same objects). */
export interface PlanRun<R> {
  sources: SourceOutput;
  read: R;
  plan: Plan;
  /** The hosts `plan` is limited to; absent when it is the full plan. */
  hosts?: ReadonlySet<string>;
  /** The full plan again, over a fresher state. */
  replan(state: AwsState): Plan;
}

/**
 * The one path from objects to a plan, shared by `plan`, `apply` and the controller, so that what
 * `plan` prints is what the controller would apply by construction: the same sources read the
 * objects, the same planner plans, with the same inputs.
 */
export async function planRun<R extends { state: AwsState }>(input: PlanRunInput<R>): Promise<PlanRun<R>> {
  const sources = endpointsFromObjects(input.objects, input.sources ? { sources: input.sources } : {});
  const read = await input.readState(sources.endpoints);
  const hosts = input.scope?.(sources, read);
  const planOn = (state: AwsState, only?: ReadonlySet<string>): Plan =>
    planChanges({
      config: input.config,
      endpoints: sources.endpoints,
      skipped: sources.skipped,
      state,
      ...(input.recentDeletions === undefined ? {} : { recentDeletions: input.recentDeletions }),
      ...(only ? { hosts: only } : {}),
    });
  return {
    sources,
    read,
    plan: planOn(read.state, hosts),
    ...(hosts ? { hosts } : {}),
    replan: (state) => planOn(state),
  };
}
