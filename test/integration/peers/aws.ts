// Helpers for tests that talk to the run's moto (started by test/setup/moto-global-setup.ts).

import {
  ElasticLoadBalancingV2Client,
  type ElasticLoadBalancingV2ClientConfig,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CreateHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Route53ClientConfig,
} from "@aws-sdk/client-route-53";
import { inject } from "vitest";
import { defaultSubnetIds as subnetIdsAt } from "../../../scripts/peers/bookinfo.mjs";
import { resetMoto as resetMotoAt } from "../../../scripts/peers/moto.mjs";

export const TEST_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" } as const;
export const TEST_REGION = "us-east-1";

/** Endpoint of the moto_server shared by the whole test run. */
export function motoEndpoint(): string {
  const endpoint = inject("motoEndpoint");
  if (!endpoint)
    throw new Error(
      "motoEndpoint not provided: is test/setup/moto-global-setup.ts in vitest.config.ts globalSetup?",
    );
  return endpoint;
}

/**
 * Reset every moto backend. moto is shared by the whole run and reset is
 * global: only safe while integration test files don't run in parallel.
 */
export function resetMoto(endpoint: string = motoEndpoint()): Promise<void> {
  return resetMotoAt(endpoint);
}

/** A real Route 53 client pointed at `endpoint` (moto or a fault proxy) with dummy credentials. */
export function route53Client(
  endpoint: string = motoEndpoint(),
  overrides: Partial<Route53ClientConfig> = {},
): Route53Client {
  return new Route53Client({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS, ...overrides });
}

/** A real ELBv2 client pointed at `endpoint` (moto or a fault proxy) with dummy credentials. */
export function elbv2Client(
  endpoint: string = motoEndpoint(),
  region: string = TEST_REGION,
  overrides: Partial<ElasticLoadBalancingV2ClientConfig> = {},
): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ endpoint, region, credentials: TEST_CREDENTIALS, ...overrides });
}

/** IDs of moto's default subnets in `region` (one per AZ), for ELBv2 CreateLoadBalancer; they change after every reset. */
export function defaultSubnetIds(
  endpoint: string = motoEndpoint(),
  region: string = TEST_REGION,
): Promise<string[]> {
  return subnetIdsAt(endpoint, region);
}

/** Creates the public hosted zone `name` (without the final dot) on moto; its bare id. */
export async function createHostedZone(name: string, endpoint: string = motoEndpoint()): Promise<string> {
  const zone = await route53Client(endpoint).send(
    new CreateHostedZoneCommand({
      Name: `${name}.`,
      CallerReference: `${name}-${Date.now()}-${Math.random()}`,
    }),
  );
  return (zone.HostedZone?.Id ?? "").replace("/hostedzone/", "");
}

/** Every record set of a zone (test zones stay under one page of 1,000). */
export async function listZoneRecords(zoneId: string, endpoint: string = motoEndpoint()) {
  const out = await route53Client(endpoint).send(
    new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 1000 }),
  );
  return out.ResourceRecordSets ?? [];
}
