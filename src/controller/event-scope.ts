import type { AwsState } from "../model/aws-state.js";
import type { Plan } from "../model/changes.js";
import type { EndpointIntent } from "../model/endpoint.js";
import { weakMemo } from "../model/weak-memo.js";
import type { HostedZone } from "../model/zone.js";
import { hostsMentioned, hostsWithChangedEndpoints } from "../plan/plan-scope.js";
import type { SourceOutput } from "../sources/source.js";

/** What one run planned from and named, kept for the next event run. */
interface LastRun {
  endpoints: readonly EndpointIntent[];
  skipped: string;
  /** The zone cache as that run left it, its own writes applied: the same array while nothing re-read it. */
  zones: readonly HostedZone[];
  /** Health checks and load balancers as that run read them. */
  rest: string;
  mentioned: Set<string>;
}

/**
 * Which hosts an event run plans (plan/plan-scope.ts). An event run that follows a run of this
 * controller, with nothing re-listed in between, plans only the hosts the previous plan named and the
 * hosts whose endpoints changed since: every other host's part of the full plan is empty. Anything
 * else means a full plan: the first run, a run after one that failed before planning, zones re-read
 * (resync, retry, a refresh that came due), health checks or load balancers read differently, or a
 * change in what the sources skipped (a skip can hold records at hosts it does not name).
 */
export class EventScope {
  #last: LastRun | undefined;
  /**
   * What a run's skipped objects and state reduce to, worked out once for `begin`'s function and
   * `planned`, which a run calls with the same objects.
   */
  readonly #skippedOf = weakMemo((sources: SourceOutput): string => JSON.stringify(sources.skipped));
  /** Health checks and load balancers as a state holds them. */
  readonly #restOf = weakMemo((state: AwsState): string =>
    JSON.stringify([state.healthChecks, state.loadBalancers]),
  );

  /**
   * A run starts: the function it gets gives the hosts an event run may limit its plan to, or
   * undefined for the full plan. Until the run reports `planned`, the next run plans everything, so a
   * run that fails before it has planned and applied leaves no scope behind.
   */
  begin(): (sources: SourceOutput, state: AwsState) => ReadonlySet<string> | undefined {
    const last = this.#last;
    this.#last = undefined;
    return (sources, state) => {
      if (!last || state.zones !== last.zones || this.#restOf(state) !== last.rest) return undefined;
      if (this.#skippedOf(sources) !== last.skipped) return undefined;
      const hosts = hostsWithChangedEndpoints(last.endpoints, sources.endpoints);
      for (const host of last.mentioned) hosts.add(host);
      return hosts;
    };
  }

  /**
   * A run planned `plan` (its part at the hosts it was limited to is the full plan's) and left the zone
   * cache as `zones`, its accepted writes applied.
   */
  planned(sources: SourceOutput, state: AwsState, plan: Plan, zones: readonly HostedZone[]): void {
    this.#last = {
      endpoints: sources.endpoints,
      skipped: this.#skippedOf(sources),
      zones,
      rest: this.#restOf(state),
      mentioned: hostsMentioned(plan),
    };
  }
}
