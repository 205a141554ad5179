import { type LeastPrivilegeInput, leastPrivilegePolicy } from "../iam/least-privilege.js";
import { type CliIo, EXIT } from "./cli-io.js";

/**
 * `route53-gslb iam-policy`: print the least-privilege policy for the given flags, as JSON that
 * `aws iam create-policy --policy-document` takes, on stdout; what IAM cannot restrict goes to stderr
 * as notes, so `> policy.json` keeps the document alone. Makes no AWS call.
 */
export function runIamPolicy(input: LeastPrivilegeInput, io: Pick<CliIo, "stdout" | "stderr">): number {
  const { policy, notes } = leastPrivilegePolicy(input);
  io.stdout(`${JSON.stringify(policy, null, 2)}\n`);
  for (const note of notes) io.stderr(`note: ${note}\n`);
  return EXIT.ok;
}
