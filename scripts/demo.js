#!/usr/bin/env node
// `npm run demo`: route53-gslb's main job on an embedded default. It starts a local Route 53 / ELBv2
// emulator (moto, patched and installed into a cached venv by scripts/peers/moto.mjs), puts the
// bookinfo example on it (a hosted zone, a hand-made record, the clusters' load balancers), then runs
// the real CLI as a user would:
//   1. `plan` of cluster-1 against the example snapshot — what CI shows on a pull request;
//   2. `apply` for cluster-1 (eu-west-2), then cluster-2 (eu-west-1), into the one shared zone;
//   3. `status`: the resulting GSLB view (every member of both clusters, owner, health), read back;
//   4. `plan --zones aws --detailed-exitcode` again: no changes;
//   5. `drain` cluster-1 before an upgrade (from Route 53 alone), its view, then `undrain`.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bookinfoOnMoto, DOMAIN, OFFLINE_PLAN_ARGS } from "./peers/bookinfo.mjs";
import { startMoto } from "./peers/moto.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin", "route53-gslb.js");

function run(args, env, okCodes = [0]) {
  process.stdout.write(`\n$ route53-gslb ${args.join(" ")}\n\n`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: "inherit", env });
  if (!okCodes.includes(result.status ?? -1)) {
    throw new Error(`route53-gslb ${args[0]} failed (exit ${result.status ?? result.signal})`);
  }
}

const moto = await startMoto();
try {
  const env = {
    ...process.env,
    AWS_ENDPOINT_URL: moto.endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
  };
  process.stdout.write(
    `\n# 1. What CI shows for cluster-1 (offline, against examples/bookinfo/zones.json)\n`,
  );
  run([...OFFLINE_PLAN_ARGS, "--output", "text"], env);

  const b = await bookinfoOnMoto(moto.endpoint);
  process.stdout.write(
    `\n# 2. Each cluster applies its own members into the shared zone (emulator at ${moto.endpoint})\n`,
  );
  for (const cluster of ["cluster-1", "cluster-2"]) {
    run(["apply", "-f", b.dirs[cluster], "--cluster-name", cluster, "--domain-filter", DOMAIN], env);
  }

  process.stdout.write(
    `\n# 3. The GSLB view of ${DOMAIN}, read back from Route 53: both clusters' members, owners, health\n`,
  );
  run(["status", "--domain-filter", DOMAIN], env);

  process.stdout.write(`\n# 4. Planning again against AWS: nothing left to do\n`);
  run(
    [
      "plan",
      "-f",
      b.dirs["cluster-1"],
      "--zones",
      "aws",
      "--cluster-name",
      "cluster-1",
      "--domain-filter",
      DOMAIN,
      "--detailed-exitcode",
    ],
    env,
  );

  process.stdout.write(`\n# 5. Take cluster-1 out of rotation before an upgrade, look, and put it back\n`);
  run(["drain", "--cluster-name", "cluster-1", "--domain-filter", DOMAIN], env);
  run(
    [
      "status",
      "--domain-filter",
      DOMAIN,
      "--hostname",
      `bookinfo.${DOMAIN}`,
      "--hostname",
      `ratings.${DOMAIN}`,
    ],
    env,
  );
  run(["undrain", "--cluster-name", "cluster-1", "--domain-filter", DOMAIN], env);
} finally {
  await moto.stop();
}
