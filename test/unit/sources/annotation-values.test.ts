import { describe, expect, it } from "vitest";
import type { GeoLocation } from "../../../src/model/routing-policy.js";
import { parseGeoLocation, type Raw, readExternalDnsTtl } from "../../../src/sources/annotation-values.js";

describe("parseGeoLocation", () => {
  const table: [string, GeoLocation | undefined][] = [
    ["*", { countryCode: "*" }],
    ["continent=EU", { continentCode: "EU" }],
    ["Continent = af", { continentCode: "AF" }],
    ["country=DE", { countryCode: "DE" }],
    ["country=US,subdivision=CA", { countryCode: "US", subdivisionCode: "CA" }],
    ["subdivision=CA,country=US", { countryCode: "US", subdivisionCode: "CA" }],
    ["continent=XX", undefined],
    ["continent=EU,country=DE", undefined],
    ["continent=EU,subdivision=CA", undefined],
    ["country=DEU", undefined],
    ["country=*", undefined],
    ["country=*,subdivision=CA", undefined],
    ["country=US,subdivision=ABCD", undefined],
    ["country=US,country=DE", undefined],
    ["region=EU", undefined],
    ["EU", undefined],
    ["", undefined],
  ];
  it.each(table)("%s", (value, expected) => expect(parseGeoLocation(value)).toEqual(expected));
});

describe("readExternalDnsTtl", () => {
  const table: [string, number | undefined][] = [
    ["60", 60],
    ["1h", 3600],
    ["1m30s", 90],
    ["2h0m5s", 7205],
    ["", undefined],
    ["1.5h", undefined],
    ["-1", undefined],
  ];
  it.each(table)("%s -> %s", (value, expected) => {
    const problems: Raw[] = [];
    expect(readExternalDnsTtl({ key: "k", value }, (raw) => void problems.push(raw))).toBe(expected);
    expect(problems.length).toBe(expected === undefined ? 1 : 0);
  });
});
