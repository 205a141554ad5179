import { errorMessage, errorName } from "../aws/aws-errors.js";
import type { HealthCheckObservations } from "../model/health-check.js";
import type { Route53Api } from "./route53-api.js";

/**
 * `GetHealthCheckStatus` for each health check id, once per id however many members share it (the
 * A and AAAA members of a dualstack cluster do). The calls are issued together and paced by the
 * shared limiter, which gives this operation its own slow bucket (1 per second, burst 4) because
 * Route 53 meters it apart from the account's request bucket.
 *
 * A failed call (access denied, no such check, retries exhausted) does not fail the whole read: that
 * check's members show health `unknown` with the reason, and every other member still gets its own.
 */
export async function readHealthCheckStatuses(
  api: Pick<Route53Api, "getHealthCheckStatus">,
  ids: readonly string[],
): Promise<Map<string, HealthCheckObservations>> {
  const read = async (id: string): Promise<[string, HealthCheckObservations]> => {
    try {
      const out = await api.getHealthCheckStatus({ HealthCheckId: id });
      // An observation without a report counts as a checker that did not report success.
      const statuses = (out.HealthCheckObservations ?? []).map((o) => o.StatusReport?.Status ?? "");
      return [id, { ok: true, statuses }];
    } catch (e) {
      return [id, { ok: false, error: `GetHealthCheckStatus failed: ${errorName(e)}: ${errorMessage(e)}` }];
    }
  };
  return new Map(await Promise.all([...new Set(ids)].map(read)));
}
