import { describe, expect, it } from "vitest";
import { canonicalAddress, isIPv4, isIPv6, isPrivateAddress } from "../../../src/model/address.js";

describe("address checks", () => {
  it.each(["192.0.2.1", "0.0.0.0", "255.255.255.255"])("%s is IPv4", (v) => expect(isIPv4(v)).toBe(true));
  it.each(["256.0.0.1", "1.2.3", "01.2.3.4", "a.b.c.d", "1.2.3.4.5"])("%s is not IPv4", (v) =>
    expect(isIPv4(v)).toBe(false),
  );
  it.each(["::1", "2001:db8::1", "::", "fe80::1:2:3:4", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8"])(
    "%s is IPv6",
    (v) => expect(isIPv6(v)).toBe(true),
  );
  it.each([
    "1:2:3:4:5:6:7:8:9",
    "2001:db8::1::2",
    "gggg::1",
    "fe80::1%eth0",
    "192.0.2.1",
    "1:2:3:4:5:6:7::8:9",
  ])("%s is not IPv6", (v) => expect(isIPv6(v)).toBe(false));
});

describe("isPrivateAddress (Route 53 health checkers cannot call these)", () => {
  const table: [string, boolean][] = [
    ["10.0.0.1", true],
    ["172.16.0.1", true],
    ["172.31.255.255", true],
    ["172.32.0.1", false],
    ["192.168.1.1", true],
    ["127.0.0.1", true],
    ["169.254.169.254", true],
    ["100.64.0.1", true],
    ["100.128.0.1", false],
    ["0.0.0.0", true],
    ["203.0.113.7", false],
    ["52.95.110.1", false],
    ["::1", true],
    ["::", true],
    ["fd00::1", true],
    ["fc00::1", true],
    ["fe80::1", true],
    ["febf::1", true],
    ["fec0::1", false],
    ["2001:db8::1", false],
    ["2600:1f18::1", false],
    ["shop.example.com", false],
  ];
  it.each(table)("%s -> %s", (value, expected) => expect(isPrivateAddress(value)).toBe(expected));
});

describe("canonicalAddress", () => {
  it.each([
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8::1", "2001:db8::1"],
    ["::ffff:192.0.2.1", "::ffff:c000:201"],
    ["192.0.2.1", "192.0.2.1"],
    ["shop.example.com", "shop.example.com"],
  ])("%s → %s", (value, expected) => {
    expect(canonicalAddress(value)).toBe(expected);
  });
});
