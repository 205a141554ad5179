/**
 * An IAM identity-based policy, as `aws iam create-policy --policy-document` takes it: the subset of
 * the grammar route53-gslb writes (no `NotAction`, `NotResource` or `Principal`).
 */
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  /** `"*"` for actions without resource-level permissions; else one or more ARNs (wildcards allowed). */
  Resource: string | string[];
  /** Operator (`ForAllValues:StringLike`) → condition key → the values any of which may match. */
  Condition?: Record<string, Record<string, string[]>>;
}
