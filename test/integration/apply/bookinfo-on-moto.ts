// The bookinfo set-up on moto (scripts/peers/bookinfo.mjs, shared with `npm run demo`) and the CLI
// run in-process.

import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import { type BookinfoOnMoto, DOMAIN } from "../../../scripts/peers/bookinfo.mjs";
import type { CliIo } from "../../../src/cli/cli-io.js";
import { main } from "../../../src/cli/main.js";

export { type BookinfoOnMoto, bookinfoOnMoto, DOMAIN } from "../../../scripts/peers/bookinfo.mjs";

/** The member `<name>.<DOMAIN>.` of `type` with `setIdentifier`, if it exists. */
export function member(
  all: ResourceRecordSet[],
  name: string,
  setIdentifier: string,
  type = "A",
): ResourceRecordSet | undefined {
  return all.find(
    (r) => r.Name === `${name}.${DOMAIN}.` && r.Type === type && r.SetIdentifier === setIdentifier,
  );
}

/**
 * Run the CLI in-process and capture what it prints. The SDK's standard credential chain reads the
 * environment, as it does for users: dummy credentials are all moto needs.
 */
export async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => "",
  };
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** `apply` of one cluster's bookinfo manifests into moto (or a proxy in front of it). */
export function applyArgs(
  b: BookinfoOnMoto,
  cluster: "cluster-1" | "cluster-2",
  endpoint: string,
  ...extra: string[]
): string[] {
  return [
    "apply",
    "-f",
    b.dirs[cluster],
    "--cluster-name",
    cluster,
    "--domain-filter",
    DOMAIN,
    "--aws-endpoint",
    endpoint,
    ...extra,
  ];
}

/** Both clusters apply their bookinfo manifests, as their controllers would; throws on a failure. */
export async function applyBoth(b: BookinfoOnMoto, endpoint: string): Promise<void> {
  for (const cluster of ["cluster-1", "cluster-2"] as const) {
    const applied = await cli(applyArgs(b, cluster, endpoint));
    if (applied.code !== 0)
      throw new Error(`apply for ${cluster} failed (exit ${applied.code}):\n${applied.stderr}`);
  }
}
