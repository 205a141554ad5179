import type { ExternalDnsAdoption } from "../config/config.js";
import type { OptionValues } from "./options/table.js";

/** The flags of `--adopt-external-dns-owner`; `plan`, `apply` and the controller take them. */
export type AdoptionValues = Partial<
  Pick<
    OptionValues<"plan">,
    | "adoptExternalDnsOwner"
    | "externalDnsTxtPrefix"
    | "externalDnsTxtSuffix"
    | "externalDnsTxtWildcardReplacement"
  >
>;

/**
 * What to take over from external-dns, or undefined without `--adopt-external-dns-owner`. Checks what
 * spans the flags: the registry's affixes mean nothing without an owner, and external-dns itself
 * refuses a prefix and a suffix together (it could not read such names back either).
 */
export function adoptionFrom(v: AdoptionValues, problems: string[]): ExternalDnsAdoption | undefined {
  const naming = [
    ["--external-dns-txt-prefix", v.externalDnsTxtPrefix],
    ["--external-dns-txt-suffix", v.externalDnsTxtSuffix],
    ["--external-dns-txt-wildcard-replacement", v.externalDnsTxtWildcardReplacement],
  ] as const;
  if (v.adoptExternalDnsOwner === undefined) {
    for (const [flag, value] of naming) {
      if (value !== undefined)
        problems.push(`Expected \`--adopt-external-dns-owner\` with \`${flag}\`, got no owner`);
    }
    return undefined;
  }
  if (v.externalDnsTxtPrefix && v.externalDnsTxtSuffix) {
    problems.push(
      "Expected at most one of `--external-dns-txt-prefix` and `--external-dns-txt-suffix`, got both: external-dns refuses them together",
    );
  }
  return {
    owner: v.adoptExternalDnsOwner,
    txtPrefix: v.externalDnsTxtPrefix ?? "",
    txtSuffix: v.externalDnsTxtSuffix ?? "",
    txtWildcardReplacement: v.externalDnsTxtWildcardReplacement ?? "",
  };
}
