import type { LoadBalancer } from "../model/load-balancer.js";

/**
 * The Route 53 hosted zone id of Elastic Load Balancing per region, for alias records: one for
 * Application and Classic Load Balancers, one for Network Load Balancers.
 *
 * Source: AWS General Reference, "Elastic Load Balancing endpoints and quotas"
 * (https://docs.aws.amazon.com/general/latest/gr/elb.html#elb_region), cross-checked against the
 * tables of terraform-provider-aws (`aws_lb_hosted_zone_id`) and external-dns. ap-east-2 and
 * ap-southeast-6 came from external-dns only.
 *
 * This is a fallback. The planner uses the load balancer's own `CanonicalHostedZoneId` from ELBv2
 * `DescribeLoadBalancers` (DESIGN.md); the table answers only when that field is missing, e.g. in a
 * hand-written snapshot. A region that is not listed returns undefined rather than a guess.
 */
export const ELB_CANONICAL_ZONE_IDS: Readonly<
  Record<string, { readonly alb: string; readonly nlb: string }>
> = {
  "af-south-1": { alb: "Z268VQBMOI5EKX", nlb: "Z203XCE67M25HM" },
  "ap-east-1": { alb: "Z3DQVH9N71FHZ0", nlb: "Z12Y7K3UBGUAD1" },
  "ap-east-2": { alb: "Z02789141MW7T1WBU19PO", nlb: "Z09176273OC2HWIAUNYW" },
  "ap-northeast-1": { alb: "Z14GRHDCWA56QT", nlb: "Z31USIVHYNEOWT" },
  "ap-northeast-2": { alb: "ZWKZPGTI48KDX", nlb: "ZIBE1TIR4HY56" },
  "ap-northeast-3": { alb: "Z5LXEXXYW11ES", nlb: "Z1GWIQ4HH19I5X" },
  "ap-south-1": { alb: "ZP97RAFLXTNZK", nlb: "ZVDDRBQ08TROA" },
  "ap-south-2": { alb: "Z0173938T07WNTVAEPZN", nlb: "Z0711778386UTO08407HT" },
  "ap-southeast-1": { alb: "Z1LMS91P8CMLE5", nlb: "ZKVM4W9LS7TM" },
  "ap-southeast-2": { alb: "Z1GM3OXH4ZPM65", nlb: "ZCT6FZBF4DROD" },
  "ap-southeast-3": { alb: "Z08888821HLRG5A9ZRTER", nlb: "Z01971771FYVNCOVWJU1G" },
  "ap-southeast-4": { alb: "Z09517862IB2WZLPXG76F", nlb: "Z01156963G8MIIL7X90IV" },
  "ap-southeast-5": { alb: "Z06010284QMVVW7WO5J", nlb: "Z026317210H9ACVTRO6FB" },
  "ap-southeast-6": { alb: "Z023301818UFJ50CIO0MV", nlb: "Z01392953RKV2Q3RBP0KU" },
  "ap-southeast-7": { alb: "Z0390008CMBRTHFGWBCB", nlb: "Z054363131YWATEMWRG5L" },
  "ca-central-1": { alb: "ZQSVJUPU6J1EY", nlb: "Z2EPGBW3API2WT" },
  "ca-west-1": { alb: "Z06473681N0SF6OS049SD", nlb: "Z02754302KBB00W2LKWZ9" },
  "cn-north-1": { alb: "Z1GDH35T77C1KE", nlb: "Z3QFB96KMJ7ED6" },
  "cn-northwest-1": { alb: "ZM7IZAIOVVDZF", nlb: "ZQEIKTCZ8352D" },
  "eu-central-1": { alb: "Z215JYRZR1TBD5", nlb: "Z3F0SRJ5LGBH90" },
  "eu-central-2": { alb: "Z06391101F2ZOEP8P5EB3", nlb: "Z02239872DOALSIDCX66S" },
  "eu-north-1": { alb: "Z23TAZ6LKFMNIO", nlb: "Z1UDT6IFJ4EJM" },
  "eu-south-1": { alb: "Z3ULH7SSC9OV64", nlb: "Z23146JA1KNAFP" },
  "eu-south-2": { alb: "Z0956581394HF5D5LXGAP", nlb: "Z1011216NVTVYADP1SSV" },
  "eu-west-1": { alb: "Z32O12XQLNTSW2", nlb: "Z2IFOLAFXWLO4F" },
  "eu-west-2": { alb: "ZHURV8PSTC4K8", nlb: "ZD4D7Y8KGAS4G" },
  "eu-west-3": { alb: "Z3Q77PNBQS71R4", nlb: "Z1CMS0P5QUZ6D5" },
  "il-central-1": { alb: "Z09170902867EHPV2DABU", nlb: "Z0313266YDI6ZRHTGQY4" },
  "me-central-1": { alb: "Z08230872XQRWHG2XF6I", nlb: "Z00282643NTTLPANJJG2P" },
  "me-south-1": { alb: "ZS929ML54UICD", nlb: "Z3QSRYVP46NYYV" },
  "mx-central-1": { alb: "Z023552324OKD1BB28BH5", nlb: "Z02031231H3ID6HYJ9A7U" },
  "sa-east-1": { alb: "Z2P70J7HTTTPLU", nlb: "ZTK26PT1VY4CU" },
  "us-east-1": { alb: "Z35SXDOTRQ7X7K", nlb: "Z26RNL4JYFTOTI" },
  "us-east-2": { alb: "Z3AADJGX6KTTL2", nlb: "ZLMOA37VPKANP" },
  "us-gov-east-1": { alb: "Z166TLBEWOO7G0", nlb: "Z1ZSMQQ6Q24QQ8" },
  "us-gov-west-1": { alb: "Z33AYJ8TM3BH4J", nlb: "ZMG1MZ2THAWF1" },
  "us-west-1": { alb: "Z368ELLRRE2KJ0", nlb: "Z24FKFUX50B4VW" },
  "us-west-2": { alb: "Z1H1FL5HABSF5", nlb: "Z18D5FSROUN65G" },
};

/**
 * The canonical hosted zone id for a load balancer of `type` in `region`, from the built-in table.
 * Application and Classic Load Balancers share a zone; Network Load Balancers have their own.
 * Gateway Load Balancers cannot be alias targets, and unknown regions are not guessed: both give
 * undefined.
 */
export function elbCanonicalZoneId(region: string, type: LoadBalancer["type"]): string | undefined {
  const entry = Object.hasOwn(ELB_CANONICAL_ZONE_IDS, region) ? ELB_CANONICAL_ZONE_IDS[region] : undefined;
  if (!entry) return undefined;
  switch (type) {
    case "application":
    case "classic":
      return entry.alb;
    case "network":
      return entry.nlb;
    case "gateway":
      return undefined;
  }
}
