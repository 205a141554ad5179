/**
 * What a record answers with.
 * - `alias`: a Route 53 alias to an AWS resource (a load balancer); no TTL, Route 53 answers with the
 *   resource's current addresses.
 * - `values`: plain resource records (IPs for A/AAAA, one hostname for CNAME, strings for TXT).
 */
export type Target =
  | { kind: "alias"; dnsName: string; hostedZoneId: string; evaluateTargetHealth: boolean }
  | { kind: "values"; values: string[]; ttl: number };
