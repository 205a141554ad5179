import { describe, expect, it } from "vitest";
import type { LoadBalancer } from "../../../src/model/load-balancer.js";
import { ELB_CANONICAL_ZONE_IDS, elbCanonicalZoneId } from "../../../src/targets/elb-zone-ids.js";

describe("elbCanonicalZoneId", () => {
  // Spot checks against AWS's "Elastic Load Balancing endpoints and quotas" table.
  const table: [region: string, type: LoadBalancer["type"], expected: string | undefined][] = [
    ["us-east-1", "application", "Z35SXDOTRQ7X7K"],
    ["us-east-1", "network", "Z26RNL4JYFTOTI"],
    ["us-east-2", "classic", "Z3AADJGX6KTTL2"],
    ["us-east-2", "network", "ZLMOA37VPKANP"],
    ["us-west-2", "application", "Z1H1FL5HABSF5"],
    ["us-west-2", "network", "Z18D5FSROUN65G"],
    ["eu-west-1", "application", "Z32O12XQLNTSW2"],
    ["eu-west-1", "network", "Z2IFOLAFXWLO4F"],
    ["eu-west-2", "application", "ZHURV8PSTC4K8"],
    ["eu-west-2", "network", "ZD4D7Y8KGAS4G"],
    ["ap-southeast-3", "application", "Z08888821HLRG5A9ZRTER"],
    ["af-south-1", "network", "Z203XCE67M25HM"],
    ["cn-north-1", "application", "Z1GDH35T77C1KE"],
    ["us-gov-west-1", "network", "ZMG1MZ2THAWF1"],
    ["eu-west-2", "gateway", undefined],
    ["mars-north-1", "application", undefined],
    ["constructor", "application", undefined],
  ];
  for (const [region, type, expected] of table) {
    it(`${region} ${type} -> ${expected}`, () => expect(elbCanonicalZoneId(region, type)).toBe(expected));
  }

  it("every entry looks like a Route 53 zone id and ALB and NLB zones differ", () => {
    for (const [region, ids] of Object.entries(ELB_CANONICAL_ZONE_IDS)) {
      expect(region).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
      expect(ids.alb).toMatch(/^Z[A-Z0-9]{8,21}$/);
      expect(ids.nlb).toMatch(/^Z[A-Z0-9]{8,21}$/);
      expect(ids.alb).not.toBe(ids.nlb);
    }
  });
});
