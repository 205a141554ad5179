#!/usr/bin/env node
// npm run peers:up [-- --moto-only] — start moto_server, then (unless --moto-only) etcd + kube-apiserver (built from
// the Go module proxy on the first run, then cached; see kube.mjs), detached,
// for people and scripts.
// Writes .peers/moto.pid, .peers/moto.log, .peers/kube/ (certificates, etcd
// data, logs, pids, kubeconfig) and .peers/env (`export KEY=VALUE` lines:
// `. .peers/env`, or `node --env-file=.peers/env ...`).
// Idempotent: a live moto / apiserver from an earlier `up` is reused.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { killGroup, kubeAnswers, startKube } from "./kube.mjs";
import { killMoto, motoAnswers, startMoto } from "./moto.mjs";
import { files, livePid, livePidIn, PEERS_DIR } from "./state.mjs";

const f = files();

async function upMoto() {
  const pid = livePid();
  if (pid !== undefined) {
    const endpoint = readEnv("AWS_ENDPOINT_URL");
    if (endpoint && (await motoAnswers(endpoint))) {
      process.stderr.write(`[peers] moto already running at ${endpoint} (pid ${pid})\n`);
      return endpoint;
    }
    process.stderr.write(`[peers] moto pid ${pid} does not answer; restarting it\n`);
    await killMoto(pid);
  }
  rmSync(f.pid, { force: true });
  const moto = await startMoto({ detached: true, logFile: f.log });
  writeFileSync(f.pid, `${moto.pid}\n`);
  process.stderr.write(`[peers] moto (${moto.source}) at ${moto.endpoint} (pid ${moto.pid}, log ${f.log})\n`);
  return moto.endpoint;
}

async function upKube() {
  const apiserverPid = livePidIn(f.apiserverPid, ["kube-apiserver"]);
  const etcdPid = livePidIn(f.etcdPid, ["etcd"]);
  if (apiserverPid !== undefined && etcdPid !== undefined && (await kubeAnswers(f.kubeconfig))) {
    process.stderr.write(
      `[peers] kube-apiserver already running (pid ${apiserverPid}, etcd pid ${etcdPid}); kubeconfig ${f.kubeconfig}\n`,
    );
    return f.kubeconfig;
  }
  for (const pid of [apiserverPid, etcdPid]) {
    if (pid !== undefined) {
      process.stderr.write(`[peers] stopping unresponsive kube peer (pid ${pid})\n`);
      await killGroup(pid);
    }
  }
  rmSync(f.kubeDir, { recursive: true, force: true });
  const kube = await startKube({ dir: f.kubeDir, detached: true });
  writeFileSync(f.etcdPid, `${kube.etcd.pid}\n`);
  writeFileSync(f.apiserverPid, `${kube.apiserver.pid}\n`);
  process.stderr.write(
    `[peers] kube-apiserver at ${kube.server} (pid ${kube.apiserver.pid}, log ${kube.apiserver.logFile}), ` +
      `etcd at ${kube.etcd.endpoint} (pid ${kube.etcd.pid}); ready with CRDs in ${(kube.startMs / 1000).toFixed(1)} s; ` +
      `kubeconfig ${kube.kubeconfig}\n`,
  );
  return kube.kubeconfig;
}

function writeEnv(motoEndpoint, kubeconfig) {
  const lines = [
    "# Written by `npm run peers:up`; removed by `npm run peers:down`.",
    "# Use: . .peers/env   (or: node --env-file=.peers/env ...)",
    `export AWS_ENDPOINT_URL=${motoEndpoint}`,
    "export AWS_ACCESS_KEY_ID=testing",
    "export AWS_SECRET_ACCESS_KEY=testing",
    "export AWS_REGION=us-east-1",
    "export AWS_DEFAULT_REGION=us-east-1",
  ];
  if (kubeconfig) lines.push(`export KUBECONFIG=${kubeconfig}`);
  writeFileSync(f.env, `${lines.join("\n")}\n`);
}

async function main() {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--moto-only");
  if (unknown.length > 0)
    throw new Error(`unknown argument ${unknown.join(" ")}; expected nothing or --moto-only`);
  mkdirSync(PEERS_DIR, { recursive: true });
  const motoEndpoint = await upMoto();
  // Trying `apply` or `plan --zones aws` needs only moto: no reason to wait for a kube-apiserver build.
  if (args.includes("--moto-only")) {
    writeEnv(motoEndpoint, undefined);
    process.stderr.write(`[peers] env in ${f.env} (moto only)\n`);
    return;
  }
  let kubeconfig;
  try {
    kubeconfig = await upKube();
  } catch (err) {
    writeEnv(motoEndpoint, undefined); // moto is up; say so, without a KUBECONFIG that does not work
    throw err;
  }
  writeEnv(motoEndpoint, kubeconfig);
  process.stderr.write(`[peers] env in ${f.env}\n`);
}

function readEnv(key) {
  try {
    return new RegExp(`^(?:export )?${key}=(.*)$`, "m").exec(readFileSync(f.env, "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

main().catch((err) => {
  process.stderr.write(`[peers] peers:up failed: ${err instanceof Error ? err.message : err}\n`);
  process.exit(1);
});
