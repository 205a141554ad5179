import { describe, expect, it } from "vitest";
import { HEALTH_CHECK_TAGS } from "../../../src/model/health-check.js";
import { calculatedCheckTags } from "../../../src/plan/cluster-health.js";
import { healthCheckTags, MAX_TAG_VALUE } from "../../../src/plan/health-planner.js";

describe("healthCheckTags", () => {
  const who = (hostname: string, setIdentifier: string) => ({
    ownerId: "owner-1",
    clusterName: "cluster-1",
    hostname,
    setIdentifier,
  });
  const longHost = `${Array.from({ length: 4 }, (_, i) => `${String(i).repeat(61)}`).join(".")}.com.`;

  it.each([
    {
      name: "a short name",
      host: "shop.example.com.",
      id: "cluster-1",
      expected: "shop.example.com (cluster-1)",
    },
    {
      name: "the longest hostname and set identifier: the hostname's start gives way",
      host: longHost,
      id: "s".repeat(128),
      expected: `…${longHost.slice(longHost.length - 1 - (MAX_TAG_VALUE - 131 - 1), -1)} (${"s".repeat(128)})`,
    },
  ])("Name fits a tag value: $name", ({ host, id, expected }) => {
    const tags = healthCheckTags(who(host, id));
    const name = tags[HEALTH_CHECK_TAGS.name] ?? "";
    expect(name).toBe(expected);
    expect(Array.from(name).length).toBeLessThanOrEqual(MAX_TAG_VALUE);
    for (const value of Object.values(tags))
      expect(Array.from(value).length).toBeLessThanOrEqual(MAX_TAG_VALUE);
    // The full values stay in their own tags.
    expect(tags[HEALTH_CHECK_TAGS.hostname]).toBe(host.slice(0, -1));
    expect(tags[HEALTH_CHECK_TAGS.setIdentifier]).toBe(id);
  });
  it("a CALCULATED check's Name fits too, the hostname's start giving way", () => {
    const id = "s".repeat(128);
    expect(calculatedCheckTags(who("shop.example.com.", "cluster-1"))[HEALTH_CHECK_TAGS.name]).toBe(
      "shop.example.com (cluster-1, member + cluster)",
    );
    const name = calculatedCheckTags(who(longHost, id))[HEALTH_CHECK_TAGS.name] ?? "";
    expect(Array.from(name)).toHaveLength(MAX_TAG_VALUE);
    expect(name.startsWith("…")).toBe(true);
    expect(name.endsWith(`.com (${id}, member + cluster)`)).toBe(true);
  });
});
