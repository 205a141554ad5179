import { ResourceRecordSetRegion } from "@aws-sdk/client-route-53";
import { describe, expect, it } from "vitest";
import { isLatencyRegion, LATENCY_REGIONS } from "../../../src/model/latency-regions.js";

describe("LATENCY_REGIONS", () => {
  it("is exactly the Route 53 API's ResourceRecordSetRegion enum of the installed SDK (update the list when this fails)", () => {
    expect([...LATENCY_REGIONS].sort()).toEqual(Object.values(ResourceRecordSetRegion).sort());
  });

  it("accepts real regions, newer ones too, and rejects well-formed fakes and other spellings", () => {
    for (const r of [
      "us-east-1",
      "eu-west-2",
      "ap-southeast-5",
      "mx-central-1",
      "us-gov-west-1",
      "cn-north-1",
    ]) {
      expect(isLatencyRegion(r)).toBe(true);
    }
    for (const r of ["xx-west-9", "eu-west-9", "EU-WEST-2", " eu-west-2", "eu-west-2a", ""]) {
      expect(isLatencyRegion(r)).toBe(false);
    }
  });
});
