/**
 * The geolocations Route 53 accepts for geolocation records: continents, countries (and `*`, the
 * default location) and the subdivisions of the countries that have them.
 *
 * Source: Route 53's ListGeoLocations ("Retrieves a list of supported geographic locations",
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ListGeoLocations.html), i.e. the output
 * of `aws route53 list-geo-locations` (one page, MaxItems 500, IsTruncated false), transcribed
 * 2026-12-02 from a published copy of that output, and checked against the GeoLocation data type
 * (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GeoLocation.html): continents AF AN
 * AS EU OC NA SA; countries are ISO 3166-1 alpha-2 codes, though not all of them (for example no BV, CX, EH or
 * HM), plus XK (Kosovo); subdivisions are the US states and DC, and Ukraine's oblasts. moto does not
 * implement ListGeoLocations, and the planner must not call AWS, so the list is data. When Route 53
 * adds a location, add it here and to docs/route53-locations.md.
 */

/** Continent codes (`ContinentCode`). */
export const CONTINENT_CODES: readonly string[] = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"];

/** Country codes (`CountryCode`), without `*`. */
export const COUNTRY_CODES: readonly string[] = [
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ",
  "BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU",
  "CV CW CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FK FM FO FR GA GB GD",
  "GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HN HR HT HU ID IE IL IM",
  "IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI",
  "LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU",
  "MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL",
  "PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM",
  "SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ",
  "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW",
].flatMap((line) => line.split(" "));

/** Subdivision codes (`SubdivisionCode`) by country code; other countries have none. */
export const SUBDIVISION_CODES: Readonly<Record<string, readonly string[]>> = {
  // Ukraine's oblasts, Kyiv city (30) and Sevastopol (20), by their ISO 3166-2:UA numbers.
  UA: [
    "05",
    "07",
    "09",
    "11",
    "12",
    "14",
    "18",
    "20",
    "21",
    "23",
    "26",
    "30",
    "32",
    "35",
    "46",
    "48",
    "51",
    "53",
    "56",
    "59",
    "61",
    "63",
    "65",
    "68",
    "71",
    "74",
    "77",
  ],
  // The 50 states and the District of Columbia, by their USPS abbreviations.
  US: [
    "AK",
    "AL",
    "AR",
    "AZ",
    "CA",
    "CO",
    "CT",
    "DC",
    "DE",
    "FL",
    "GA",
    "HI",
    "IA",
    "ID",
    "IL",
    "IN",
    "KS",
    "KY",
    "LA",
    "MA",
    "MD",
    "ME",
    "MI",
    "MN",
    "MO",
    "MS",
    "MT",
    "NC",
    "ND",
    "NE",
    "NH",
    "NJ",
    "NM",
    "NV",
    "NY",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VA",
    "VT",
    "WA",
    "WI",
    "WV",
    "WY",
  ],
};

const COUNTRIES = new Set(COUNTRY_CODES);

/** True for a continent code Route 53 accepts. */
export function isContinentCode(code: string): boolean {
  return CONTINENT_CODES.includes(code);
}

/** True for `*` or a country code Route 53 accepts. */
export function isCountryCode(code: string): boolean {
  return code === "*" || COUNTRIES.has(code);
}

/** True when Route 53 accepts this subdivision of this country. */
export function isSubdivisionCode(country: string, subdivision: string): boolean {
  return SUBDIVISION_CODES[country]?.includes(subdivision) ?? false;
}

/** Which part of a location Route 53 would reject, and why (for messages). */
export interface GeoLocationProblem {
  part: "continent" | "country" | "subdivision";
  reason: string;
}

/** What Route 53 would reject in a well-formed location, or undefined when it accepts all of it. */
export function geoLocationProblem(location: {
  continentCode?: string;
  countryCode?: string;
  subdivisionCode?: string;
}): GeoLocationProblem | undefined {
  const { continentCode, countryCode, subdivisionCode } = location;
  const see = "see docs/route53-locations.md";
  if (continentCode !== undefined && !isContinentCode(continentCode)) {
    return {
      part: "continent",
      reason: `\`${continentCode}\` is not a continent code; Route 53 accepts ${CONTINENT_CODES.join(", ")}`,
    };
  }
  if (countryCode !== undefined && !isCountryCode(countryCode)) {
    return {
      part: "country",
      reason: `\`${countryCode}\` is not a country code Route 53 accepts (ISO 3166-1 alpha-2 codes such as \`DE\`, as Route 53 lists them, or \`*\`; ${see})`,
    };
  }
  if (
    countryCode !== undefined &&
    subdivisionCode !== undefined &&
    !isSubdivisionCode(countryCode, subdivisionCode)
  ) {
    const has = Object.keys(SUBDIVISION_CODES);
    return {
      part: "subdivision",
      reason: SUBDIVISION_CODES[countryCode]
        ? `\`${subdivisionCode}\` is not a subdivision of \`${countryCode}\` Route 53 accepts (${see})`
        : `Route 53 has no subdivisions of \`${countryCode}\`; only of ${has.map((c) => `\`${c}\``).join(" and ")} (${see})`,
    };
  }
  return undefined;
}
