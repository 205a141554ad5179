// Shared set-up of the credential tests: the built CLI as a child process with an environment the test
// controls (no static keys unless given, no profile files, no instance metadata), a zone created in any
// moto account, and a Service manifest whose address the CLI publishes.

import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CreateHostedZoneCommand } from "@aws-sdk/client-route-53";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { route53Client, TEST_CREDENTIALS, TEST_REGION } from "../peers/aws.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const BIN = join(ROOT, "bin/route53-gslb.js");

/** moto's default account: static test keys act in it. */
export const ACCOUNT_A = "123456789012";
/** Another moto account: reached only with credentials of a role in it. */
export const ACCOUNT_B = "222222222222";
export const DOMAIN = "creds.example.com";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The built CLI in a child process with exactly `env` on top of PATH and HOME: the caller's AWS
 * variables never leak in, the shared config and credentials files are absent, and the instance
 * metadata service is off, so only the credential path under test can succeed.
 */
export function childCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: tmpdir(),
          AWS_CONFIG_FILE: join(tmpdir(), "route53-gslb-no-aws-config"),
          AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), "route53-gslb-no-aws-credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_REGION: TEST_REGION,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** `apply` of the manifests in `dir` for cluster `c1` into DOMAIN through `endpoint`, as `childCli` runs it. */
export function childApply(
  dir: string,
  endpoint: string,
  env: Record<string, string>,
  ...extra: string[]
): Promise<Run> {
  const args = [
    "apply",
    "-f",
    dir,
    "--cluster-name",
    "c1",
    "--domain-filter",
    DOMAIN,
    "--aws-endpoint",
    endpoint,
  ];
  return childCli([...args, ...extra], env);
}

/** Static test credentials of a role in `account`, obtained from moto's STS with AssumeRole. */
export function roleCredentials(endpoint: string, account: string, role = "setup") {
  return fromTemporaryCredentials({
    masterCredentials: TEST_CREDENTIALS,
    params: { RoleArn: `arn:aws:iam::${account}:role/${role}`, RoleSessionName: "test-setup" },
    clientConfig: { endpoint, region: TEST_REGION },
  });
}

/** Create `DOMAIN`'s zone in `account` (the default one with the static test keys); its id. */
export async function createZone(endpoint: string, account: string = ACCOUNT_A): Promise<string> {
  const r53 = route53Client(
    endpoint,
    account === ACCOUNT_A ? {} : { credentials: roleCredentials(endpoint, account) },
  );
  const out = await r53.send(
    new CreateHostedZoneCommand({ Name: `${DOMAIN}.`, CallerReference: `creds-${Date.now()}` }),
  );
  r53.destroy();
  return (out.HostedZone?.Id ?? "").replace("/hostedzone/", "");
}

/**
 * A directory with one LoadBalancer Service published as `web.<DOMAIN>`: at `hostname` (a load
 * balancer's DNS name, published as an alias) or at `ip` (an A record).
 */
export async function serviceManifest(address: { hostname: string } | { ip: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "r53gslb-creds-"));
  const ingress = "hostname" in address ? `hostname: ${address.hostname}` : `ip: ${address.ip}`;
  await writeFile(
    join(dir, "service.yaml"),
    `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    route53-gslb.io/hostnames: web.${DOMAIN}
spec:
  type: LoadBalancer
status:
  loadBalancer:
    ingress:
      - ${ingress}
`,
  );
  return dir;
}
