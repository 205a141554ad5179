import { describe, expect, it } from "vitest";
import { isIPv4, isIPv6 } from "../../../src/model/address.js";

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
