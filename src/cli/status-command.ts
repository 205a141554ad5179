import { errorMessage, errorName } from "../aws/aws-errors.js";
import { type CalculatedCheckSpec, isCalculated } from "../model/health-check.js";
import type { HostedZone } from "../model/zone.js";
import {
  buildGslbStatus,
  type GslbStatus,
  healthCheckIdsToRead,
  statusIdsToRead,
} from "../report/gslb-status.js";
import { renderStatusJson } from "../report/status-json.js";
import { renderStatusText } from "../report/status-text.js";
import { listHealthChecks } from "../route53/health-check-list.js";
import { readHealthCheckStatuses } from "../route53/health-check-status.js";
import type { ZoneCache } from "../route53/hosted-zones.js";
import type { Route53Api } from "../route53/route53-api.js";
import { createAwsContext } from "../wiring/aws-context.js";
import { type CliIo, EXIT } from "./cli-io.js";
import type { StatusOptions, StatusOutputFormat } from "./status-options.js";

const RENDERERS: Record<StatusOutputFormat, (status: GslbStatus) => string> = {
  text: renderStatusText,
  json: renderStatusJson,
};

/** The hosted zones and their records could not be read: there is no view to show. */
export class StatusReadError extends Error {
  override readonly name = "StatusReadFailed";
  constructor(
    /** What was being read, with the Route 53 operations involved. */
    readonly what: string,
    cause: unknown,
  ) {
    super(`reading ${what} from AWS failed: ${errorName(cause)}: ${errorMessage(cause)}`, { cause });
  }
}

/** What `status` reads with: the zone cache (zones, managed zones' records) and GetHealthCheckStatus. */
export interface StatusReaders {
  zones: Pick<ZoneCache, "refresh" | "problems">;
  api: Pick<Route53Api, "getHealthCheckStatus" | "listHealthChecks" | "listTagsForResources">;
}

/** The view, and record sets that could not be mapped (printed as warnings). */
export interface StatusRead {
  status: GslbStatus;
  warnings: string[];
}

/**
 * Read the GSLB view from Route 53, read-only: zones and the managed zones' records, then the health
 * of the checks the shown members use. Load balancers and manifests play no part: the view is what
 * Route 53 holds, across every cluster. Throws `StatusReadError` when the zones cannot be read; a
 * health check that cannot be read only makes its members' health `unknown`.
 */
export async function readGslbStatus(options: StatusOptions, readers: StatusReaders): Promise<StatusRead> {
  let zones: HostedZone[];
  try {
    zones = await readers.zones.refresh();
  } catch (e) {
    throw new StatusReadError(
      "the hosted zones and their records (ListHostedZones, ListResourceRecordSets)",
      e,
    );
  }
  const input = { zones, filter: options.zoneFilter, hostnames: options.hostnames };
  const ids = healthCheckIdsToRead(input);
  // Which checks are Inverted (drained): without it a drained member would read as healthy. Which
  // are CALCULATED: GetHealthCheckStatus does not answer for those; their children's status is read.
  let inverted = new Set<string>();
  const calculated = new Map<string, CalculatedCheckSpec>();
  if (ids.length > 0) {
    try {
      const listing = await listHealthChecks(readers.api);
      inverted = new Set(listing.healthChecks.filter((c) => c.spec.inverted).map((c) => c.id));
      for (const c of listing.healthChecks) if (isCalculated(c.spec)) calculated.set(c.id, c.spec);
    } catch (e) {
      throw new StatusReadError("the health checks' settings (ListHealthChecks, ListTagsForResources)", e);
    }
  }
  const health = await readHealthCheckStatuses(readers.api, statusIdsToRead(ids, calculated));
  return {
    status: buildGslbStatus({ ...input, health, inverted, calculated }),
    warnings: [...readers.zones.problems()],
  };
}

/**
 * `route53-gslb status`: print the GSLB view. Exit 0 when it could be read (unhealthy or unknown
 * members included: reporting them is the point), 1 when it could not. `signal` is the run's
 * `--timeout` (cli/run-deadline.ts).
 */
export async function runStatus(
  options: StatusOptions,
  io: CliIo,
  readers?: StatusReaders,
  signal?: AbortSignal,
): Promise<number> {
  const aws = readers ?? createAwsContext(options.aws, options.zoneFilter, signal ? { signal } : {});
  try {
    const read = await readGslbStatus(options, aws);
    for (const warning of read.warnings) io.stderr(`warning: ${warning}\n`);
    io.stdout(RENDERERS[options.output](read.status));
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof StatusReadError)) throw e;
    io.stderr(`error: ${e.message}\n`);
    return EXIT.error;
  }
}
