/**
 * The AWS partition of a region, which every ARN names (`arn:aws-cn:route53:::hostedzone/…` in China):
 * `cn-*` is `aws-cn`, `us-gov-*` `aws-us-gov`, `us-iso-*` `aws-iso`, `us-isob-*` `aws-iso-b`, the rest
 * `aws`.
 */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("us-iso-")) return "aws-iso";
  return "aws";
}

/** The partition an ARN names (`arn:aws-cn:iam::…` → `aws-cn`). */
export function partitionOfArn(arn: string): string | undefined {
  return /^arn:([a-z-]+):/.exec(arn)?.[1];
}
