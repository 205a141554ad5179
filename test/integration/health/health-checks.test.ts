// HealthCheckApplier against moto: create + tag, update with a version, delete; then read back with
// the listing the planner uses.

import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  GetHealthCheckCommand,
} from "@aws-sdk/client-route-53";
import { beforeEach, describe, expect, it } from "vitest";
import { Route53RateLimiter } from "../../../src/aws/rate-limiter.js";
import { HealthCheckApplier } from "../../../src/health/health-checks.js";
import type { HealthCheckChange } from "../../../src/model/changes.js";
import type { HealthCheckSpec } from "../../../src/model/health-check.js";
import { listHealthChecks } from "../../../src/route53/health-check-list.js";
import { createRoute53Api } from "../../../src/route53/route53-api.js";
import { resetMoto, route53Client } from "../peers/aws.js";

const spec: HealthCheckSpec = {
  type: "HTTPS",
  fqdn: "gw-1.eu-west-2.elb.amazonaws.com",
  port: 443,
  resourcePath: "/healthz",
  requestInterval: 30,
  failureThreshold: 3,
  regions: [],
  enableSni: true,
};
const tags = { "route53-gslb/owner": "c1", "route53-gslb/hostname": "app.example.com" };

beforeEach(async () => {
  await resetMoto();
});

describe("HealthCheckApplier on moto", () => {
  it("create with tags, update with HealthCheckVersion, delete", async () => {
    const client = route53Client(undefined, { maxAttempts: 1 });
    const api = createRoute53Api(client, {
      scheduler: new Route53RateLimiter({ healthCheckCreateRate: 100, healthCheckCreateBurst: 100 }),
    });
    const applier = new HealthCheckApplier(api);
    const create: HealthCheckChange = {
      action: "CREATE",
      callerReference: "c1-app-ref",
      spec,
      tags,
      for: "app.example.com.",
    };
    const created = await applier.apply([create]);
    expect(created.failed).toEqual([]);
    const id = created.created.get("c1-app-ref");
    expect(id).toBeDefined();

    const listed = await listHealthChecks(api);
    expect(listed.healthChecks).toHaveLength(1);
    expect(listed.healthChecks[0]).toMatchObject({ id, callerReference: "c1-app-ref", spec, tags });

    const updated = await applier.apply([
      {
        action: "UPDATE",
        callerReference: "c1-app-ref",
        id: id as string,
        version: listed.healthChecks[0]?.version as number,
        spec: { ...spec, failureThreshold: 5, resourcePath: "/ready" },
        tags,
        for: "app.example.com.",
      },
    ]);
    expect(updated.failed).toEqual([]);
    const after = await client.send(new GetHealthCheckCommand({ HealthCheckId: id }));
    expect(after.HealthCheck?.HealthCheckConfig).toMatchObject({
      FailureThreshold: 5,
      ResourcePath: "/ready",
    });

    const deleted = await applier.apply([{ ...create, action: "DELETE", id: id as string }]);
    expect(deleted).toMatchObject({ deleted: [id], failed: [] });
    expect((await listHealthChecks(api)).healthChecks).toEqual([]);
  });

  it("moto behaviour (differs from Route 53): no version check, no reference idempotency", async () => {
    const client = route53Client(undefined, { maxAttempts: 1 });
    const api = createRoute53Api(client, { scheduler: new Route53RateLimiter() });
    const applier = new HealthCheckApplier(api);
    const create: HealthCheckChange = {
      action: "CREATE",
      callerReference: "ref",
      spec,
      tags,
      for: "a.example.com.",
    };
    const id = (await applier.apply([create])).created.get("ref") as string;
    // AWS: HealthCheckVersionMismatch (our HealthCheckVersionConflictError, unit-tested). moto: accepted,
    // and the version does not move, so the conflict path cannot be exercised here.
    const stale = await applier.apply([{ ...create, action: "UPDATE", id, version: 99 }]);
    expect(stale.failed).toEqual([]);
    const after = await client.send(new GetHealthCheckCommand({ HealthCheckId: id }));
    expect(after.HealthCheck?.HealthCheckVersion).toBe(1);
    // AWS: the same CallerReference and settings return the same check. moto: a second check.
    const again = await applier.apply([create]);
    expect(again.created.get("ref")).not.toBe(id);
    // Like AWS (whose HealthCheckInUse is documented "not in use"): a check a record uses is deleted.
    const zone = await client.send(
      new CreateHostedZoneCommand({ Name: "example.com", CallerReference: "z" }),
    );
    await client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone.HostedZone?.Id,
        ChangeBatch: {
          Changes: [
            {
              Action: "CREATE",
              ResourceRecordSet: {
                Name: "a.example.com",
                Type: "A",
                TTL: 60,
                HealthCheckId: id,
                ResourceRecords: [{ Value: "192.0.2.1" }],
              },
            },
          ],
        },
      }),
    );
    expect((await applier.apply([{ ...create, action: "DELETE", id }])).failed).toEqual([]);
  });
});
