import { describe, expect, it } from "vitest";
import {
  CONTINENT_CODES,
  COUNTRY_CODES,
  geoLocationProblem,
  isCountryCode,
  isSubdivisionCode,
  SUBDIVISION_CODES,
} from "../../../src/model/geo-locations.js";

describe("Route 53 geolocations", () => {
  it("keeps each list sorted, unique and in Route 53's spelling", () => {
    for (const list of [CONTINENT_CODES, COUNTRY_CODES, ...Object.values(SUBDIVISION_CODES)]) {
      expect([...list]).toEqual([...new Set(list)].sort());
    }
    expect(COUNTRY_CODES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
    expect(CONTINENT_CODES).toEqual(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]);
    // The 50 states and DC; Ukraine's 24 oblasts, Crimea, Kyiv and Sevastopol.
    expect(SUBDIVISION_CODES.US).toHaveLength(51);
    expect(SUBDIVISION_CODES.UA).toHaveLength(27);
  });

  it("accepts ISO 3166-1 alpha-2 codes Route 53 lists, `*` and Kosovo's XK; rejects XX", () => {
    for (const c of ["DE", "US", "UA", "GB", "XK", "*"]) expect(isCountryCode(c)).toBe(true);
    for (const c of ["XX", "UK", "EU", "de", "DEU", ""]) expect(isCountryCode(c)).toBe(false);
  });

  it("knows subdivisions of the US and Ukraine only", () => {
    expect(isSubdivisionCode("US", "CA")).toBe(true);
    expect(isSubdivisionCode("US", "DC")).toBe(true);
    expect(isSubdivisionCode("UA", "30")).toBe(true);
    expect(isSubdivisionCode("US", "ZZ")).toBe(false);
    expect(isSubdivisionCode("DE", "BY")).toBe(false);
  });

  it("says which part Route 53 would reject", () => {
    expect(geoLocationProblem({ countryCode: "DE" })).toBeUndefined();
    expect(geoLocationProblem({ countryCode: "*" })).toBeUndefined();
    expect(geoLocationProblem({ continentCode: "XX" })?.part).toBe("continent");
    expect(geoLocationProblem({ countryCode: "XX" })?.part).toBe("country");
    expect(geoLocationProblem({ countryCode: "US", subdivisionCode: "ZZ" })?.part).toBe("subdivision");
  });
});
