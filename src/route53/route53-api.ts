import {
  ChangeResourceRecordSetsCommand,
  type ChangeResourceRecordSetsCommandInput,
  ChangeTagsForResourceCommand,
  type ChangeTagsForResourceCommandInput,
  type ChangeTagsForResourceCommandOutput,
  CreateHealthCheckCommand,
  type CreateHealthCheckCommandInput,
  type CreateHealthCheckCommandOutput,
  DeleteHealthCheckCommand,
  type DeleteHealthCheckCommandInput,
  type DeleteHealthCheckCommandOutput,
  GetHealthCheckStatusCommand,
  type GetHealthCheckStatusCommandInput,
  type GetHealthCheckStatusCommandOutput,
  ListHealthChecksCommand,
  type ListHealthChecksCommandInput,
  type ListHealthChecksCommandOutput,
  ListHostedZonesCommand,
  type ListHostedZonesCommandInput,
  type ListHostedZonesCommandOutput,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ListResourceRecordSetsCommandOutput,
  ListTagsForResourcesCommand,
  type ListTagsForResourcesCommandInput,
  type ListTagsForResourcesCommandOutput,
  type Route53Client,
  UpdateHealthCheckCommand,
  type UpdateHealthCheckCommandInput,
  type UpdateHealthCheckCommandOutput,
} from "@aws-sdk/client-route-53";
import type { RecordChangeSender } from "../apply/change-batcher.js";
import type { Route53Operation } from "../aws/aws-operations.js";
import type { RequestScheduler, ScheduledCall } from "../aws/rate-limiter.js";
import { type RetryOptions, withRetries } from "../aws/retries.js";
import type { RecordChange } from "../model/changes.js";
import { bareZoneId } from "../model/zone.js";
import { toChange } from "./to-route53.js";

/**
 * The Route 53 commands route53-gslb sends — all of them, and nothing else.
 *
 * Each method, and `ChangeResourceRecordSets` sent by `createRecordChangeSender`, is one operation of
 * the table in aws/aws-operations.ts, which the IAM policies are built from (`route53-gslb iam-policy`,
 * iam/least-privilege.ts) and checked against (iam/*.json): `op()` below takes only the table's
 * Route 53 operations, so an operation added here must be added there first.
 * Types are the SDK's own inputs and outputs, so fakes in unit tests speak exactly Route 53's shapes.
 *
 * `ChangeResourceRecordSets` is deliberately not a method: record changes have one path through the
 * limiter, the ChangeBatcher (apply/change-batcher.ts), which schedules each request on its zone and
 * sends it with `createRecordChangeSender`. A second, self-scheduling path here would deadlock if the
 * batcher called it from inside its zone's slot (concurrency 1).
 */
export interface Route53Api {
  listHostedZones(input: ListHostedZonesCommandInput): Promise<ListHostedZonesCommandOutput>;
  listResourceRecordSets(
    input: ListResourceRecordSetsCommandInput,
  ): Promise<ListResourceRecordSetsCommandOutput>;
  listHealthChecks(input: ListHealthChecksCommandInput): Promise<ListHealthChecksCommandOutput>;
  listTagsForResources(input: ListTagsForResourcesCommandInput): Promise<ListTagsForResourcesCommandOutput>;
  changeTagsForResource(
    input: ChangeTagsForResourceCommandInput,
  ): Promise<ChangeTagsForResourceCommandOutput>;
  createHealthCheck(input: CreateHealthCheckCommandInput): Promise<CreateHealthCheckCommandOutput>;
  updateHealthCheck(input: UpdateHealthCheckCommandInput): Promise<UpdateHealthCheckCommandOutput>;
  deleteHealthCheck(input: DeleteHealthCheckCommandInput): Promise<DeleteHealthCheckCommandOutput>;
  getHealthCheckStatus(input: GetHealthCheckStatusCommandInput): Promise<GetHealthCheckStatusCommandOutput>;
}

/** The part of `Route53Client` the adapters use, so tests can hand in a counting or failing client. */
export type Route53Sender = Pick<Route53Client, "send">;

/** Collaborators of `createRoute53Api`. */
export interface Route53ApiOptions extends RetryOptions {
  /** The process's one Route 53 limiter (aws/rate-limiter.ts); every call goes through it. */
  scheduler: RequestScheduler;
}

/**
 * A `Route53Api` over a real client. The client must be created with `maxAttempts: 1`: every call
 * here is paced by the shared `scheduler` and retried by `withRetries` (exponential backoff, full
 * jitter, throttling slows the limiter), and SDK retries underneath would bypass both.
 */
export function createRoute53Api(client: Route53Sender, options: Route53ApiOptions): Route53Api {
  const run = <T>(call: ScheduledCall, fn: () => Promise<T>): Promise<T> =>
    withRetries(fn, { ...options, call });
  const op = (operation: Route53Operation): ScheduledCall => ({ operation });
  return {
    listHostedZones: (input) =>
      run(op("ListHostedZones"), () => client.send(new ListHostedZonesCommand(input))),
    listResourceRecordSets: (input) =>
      run(op("ListResourceRecordSets"), () => client.send(new ListResourceRecordSetsCommand(input))),
    listHealthChecks: (input) =>
      run(op("ListHealthChecks"), () => client.send(new ListHealthChecksCommand(input))),
    listTagsForResources: (input) =>
      run(op("ListTagsForResources"), () => client.send(new ListTagsForResourcesCommand(input))),
    changeTagsForResource: (input) =>
      run(op("ChangeTagsForResource"), () => client.send(new ChangeTagsForResourceCommand(input))),
    createHealthCheck: (input) =>
      run(op("CreateHealthCheck"), () => client.send(new CreateHealthCheckCommand(input))),
    updateHealthCheck: (input) =>
      run(op("UpdateHealthCheck"), () => client.send(new UpdateHealthCheckCommand(input))),
    deleteHealthCheck: (input) =>
      run(op("DeleteHealthCheck"), () => client.send(new DeleteHealthCheckCommand(input))),
    getHealthCheckStatus: (input) =>
      run(op("GetHealthCheckStatus"), () => client.send(new GetHealthCheckStatusCommand(input))),
  };
}

/** The request a batch of planned changes becomes: the changes mapped by to-route53, in the given order. */
export function changeBatchRequest(
  zoneId: string,
  changes: readonly RecordChange[],
): ChangeResourceRecordSetsCommandInput {
  return {
    HostedZoneId: bareZoneId(zoneId),
    // Order matters: Route 53 applies a batch in order, and the planner puts a group's DELETEs first.
    ChangeBatch: { Comment: "route53-gslb", Changes: changes.map(toChange) },
  };
}

/**
 * The `RecordChangeSender` the ChangeBatcher uses: one `ChangeResourceRecordSets` call, exactly the
 * given changes in exactly the given order. It sends straight through the client, NOT through
 * `Route53Api`: the batcher already schedules the call on the zone and retries it, and scheduling it
 * again on the same zone's queue (concurrency 1) from inside the batcher's slot would deadlock.
 */
export function createRecordChangeSender(client: Route53Sender): RecordChangeSender {
  return {
    async send(zoneId, changes) {
      await client.send(new ChangeResourceRecordSetsCommand(changeBatchRequest(zoneId, changes)));
    },
  };
}
