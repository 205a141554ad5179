/**
 * The AWS regions Route 53 accepts as the `Region` of a latency record.
 *
 * Source: the `ResourceRecordSetRegion` enum of the Route 53 API (ResourceRecordSet, Region:
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html), as shipped in
 * `@aws-sdk/client-route-53` 3.1169.0 (node_modules/@aws-sdk/client-route-53, `ResourceRecordSetRegion`).
 * Transcribed 2026-12-02. test/unit/model/latency-regions.test.ts compares this list with the installed
 * SDK's enum, so an SDK upgrade that adds a region fails that test until the region is added here.
 *
 * Kept as data rather than read from the SDK at run time: model/ imports no SDK (DESIGN.md), and a
 * region Route 53 does not know must be reported per object before anything is sent.
 */
export const LATENCY_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eusc-de-east-1",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

const REGIONS = new Set(LATENCY_REGIONS);

/** True when Route 53 accepts `region` (exact spelling, lower case) as a latency record's `Region`. */
export function isLatencyRegion(region: string): boolean {
  return REGIONS.has(region);
}

/** What messages say is accepted; the full list is in docs/route53-locations.md. */
export const LATENCY_REGIONS_ACCEPTED =
  "an AWS region Route 53 accepts for latency records, such as `us-east-1` or `eu-west-2` (see docs/route53-locations.md)";
