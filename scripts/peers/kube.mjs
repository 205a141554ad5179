// Kubernetes test peer: a real kube-apiserver backed by a real etcd, both built
// from the Go module proxy by this script (once; cached) and started on free
// loopback ports. Plain Node ESM (no build step) so `npm run peers:up` and
// vitest's global setup share it. Types: kube.d.mts beside this file.
//
// Build (ensureKube): `go install k8s.io/kubernetes/cmd/kube-apiserver@vX` does
// not work (k8s.io/kubernetes replaces its ~30 staging modules with local
// paths), so kube-build/apiserver is a wrapper module that requires
// k8s.io/kubernetes KUBE_VERSION, replaces each staging module with the
// published v0.31.x and runs app.NewAPIServerCommand(); kube-build/etcd wraps
// go.etcd.io/etcd/server/v3/etcdmain. Both are built with CGO_ENABLED=0,
// GOFLAGS=-mod=mod, -trimpath, under `nice`, into
// ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/kube-KUBE_VERSION/bin/, and rebuilt
// only when a wrapper module's source changes (a stamp beside each binary). A
// lock directory keeps two processes from building at once. The CRD manifests
// (Gateway API standard channel, Istio) come from the Go module cache
// (`go mod download`) and are copied into the same cache directory; the others
// (Tetrate Gateway, TLSRoute and TCPRoute at their v1, external-dns DNSEndpoint)
// live in crds/ beside this file.
//
// What this apiserver is and is not (tests must not rely on the rest):
// - kube-apiserver + etcd only: no controller-manager, scheduler or kubelet. So
//   no namespace controller (a deleted namespace stays Terminating; delete the
//   objects instead or use a fresh namespace per test), no garbage collector
//   (ownerReferences do nothing), no ServiceAccount token controller (use the
//   TokenRequest API: POST .../serviceaccounts/NAME/token, or `tokens` below),
//   no Pods running, no LoadBalancer status unless a test writes it.
// - the ServiceAccount admission plugin is disabled (nothing creates the
//   `default` ServiceAccount), the `kubernetes` Service endpoints reconciler is
//   off (the advertise address is loopback).
// - authn: a static token file (an admin token in group system:masters, plus any
//   `tokens` the caller passes) and ServiceAccount tokens; authz: RBAC.
// - TLS: a throw-away CA signs the serving certificate (SANs 127.0.0.1,
//   localhost); the kubeconfig carries that CA, so clients verify TLS.

import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { request as httpsRequest } from "node:https";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable, tail } from "./files.mjs";
import { killGroup, sleep, withLock } from "./process.mjs";

export { killGroup };

import { parseAllDocuments } from "yaml";
import { freePort } from "./moto.mjs";

/** k8s.io/kubernetes version of the built kube-apiserver (staging modules: v0.31.x of the same patch). */
export const KUBE_VERSION = "v1.31.4";
/** go.etcd.io/etcd/server/v3 version of the built etcd (the 3.5 line Kubernetes 1.31 ships with). */
export const ETCD_VERSION = "v3.5.15";
/** sigs.k8s.io/gateway-api version whose config/crd/standard CRDs are installed. */
export const GATEWAY_API_VERSION = "v1.2.1";
/** istio.io/api version whose kubernetes/customresourcedefinitions.gen.yaml is installed. */
export const ISTIO_API_VERSION = "v1.24.2";

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILD_SRC = join(HERE, "kube-build");
// CRDs kept in the repository: the Tetrate Gateway (written by this project), TLSRoute and TCPRoute
// (Gateway API v1.7.0, where they are v1) and external-dns's DNSEndpoint. See each file's header.
const REPO_CRD_DIR = join(HERE, "crds");
const repoCrdFiles = () =>
  readdirSync(REPO_CRD_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => join(REPO_CRD_DIR, f));

const log = (msg) => process.stderr.write(`[kube] ${msg}\n`);

/** ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/kube-KUBE_VERSION */
export function kubeCacheDir() {
  return cacheDir(`kube-${KUBE_VERSION}`);
}

// ---------------------------------------------------------------- Go toolchain

/** The `go` command: $GO, `go` on PATH, or /usr/local/go/bin/go. Throws with advice if none. */
export function findGo() {
  const candidates = [
    process.env.GO,
    findOnPath("go"),
    "/usr/local/go/bin/go",
    join(homedir(), "go", "bin", "go"),
  ];
  for (const c of candidates) {
    if (!c || !isExecutable(c)) continue;
    const r = spawnSync(c, ["env", "GOVERSION"], { encoding: "utf8", env: goEnv() });
    const m = /^go(\d+)\.(\d+)/.exec(r.stdout?.trim() ?? "");
    if (r.status !== 0 || !m) continue;
    const [maj, min] = [Number(m[1]), Number(m[2])];
    if (maj > 1 || min >= 22) return { go: c, version: r.stdout.trim() };
    log(`${c} is ${r.stdout.trim()}; building kube-apiserver ${KUBE_VERSION} needs Go 1.22+`);
  }
  throw new Error(
    "no Go 1.22+ toolchain found (tried $GO, go on PATH, /usr/local/go/bin/go) to build kube-apiserver and etcd " +
      "from the Go module proxy. Install Go (https://go.dev/dl/) or set GO=/path/to/go.",
  );
}

function goEnv(extra = {}) {
  return { ...process.env, GOWORK: "off", CGO_ENABLED: "0", ...extra };
}

function goModDir(go, modVersion) {
  const r = spawnSync(go, ["mod", "download", "-json", modVersion], {
    encoding: "utf8",
    cwd: tmpdir(), // outside any module
    env: goEnv({ GOFLAGS: "" }),
    maxBuffer: 16 * 1024 * 1024,
  });
  let info;
  try {
    info = JSON.parse(r.stdout);
  } catch {}
  if (r.status !== 0 || !info?.Dir) {
    throw new Error(
      `go mod download ${modVersion} failed (exit ${r.status}): ${info?.Error ?? ""}\n${r.stderr ?? ""}`,
    );
  }
  return info.Dir;
}

// sha256 of a wrapper module's committed files: a change rebuilds it.
function sourceStamp(srcDir) {
  const h = createHash("sha256");
  for (const name of readdirSync(srcDir).sort()) {
    h.update(`${name}\0`);
    h.update(readFileSync(join(srcDir, name)));
    h.update("\0");
  }
  return h.digest("hex");
}

// go build with -v, its output to logFile, a progress line every 30 s.
function goBuild({ go, what, srcDir, workDir, out, ldflags, logFile }) {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(dirname(workDir), { recursive: true });
  cpSync(srcDir, workDir, { recursive: true }); // -mod=mod may touch go.mod/go.sum: never in the repo
  const args = ["build", "-trimpath", "-v", "-ldflags", ldflags, "-o", out, "."];
  const nice = findOnPath("nice");
  const [cmd, argv] = nice ? [nice, ["-n", "10", go, ...args]] : [go, args];
  const fd = openSync(logFile, "w");
  const shown = [cmd, ...argv].map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(" ");
  writeFileSync(fd, `$ cd ${workDir} && GOFLAGS=-mod=mod CGO_ENABLED=0 ${shown}\n`);
  const started = Date.now();
  log(`building ${what} (first run only; 5-20 min on 2 cores; log: ${logFile})`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: workDir,
      env: goEnv({ GOFLAGS: "-mod=mod" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let packages = 0;
    const onData = (buf) => {
      writeFileSync(fd, buf);
      for (const line of buf.toString("utf8").split("\n"))
        if (/^[\w.-]+(\/[\w.~+-]+)*$/.test(line)) packages++;
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setInterval(() => {
      log(`  ${what}: ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`);
    }, 30_000);
    child.on("error", (e) => {
      clearInterval(timer);
      closeSync(fd);
      reject(new Error(`could not run ${cmd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      closeSync(fd);
      const secs = Math.round((Date.now() - started) / 1000);
      if (code === 0 && isExecutable(out)) {
        log(`built ${what} in ${secs} s`);
        resolve(secs);
      } else {
        reject(
          new Error(
            `building ${what} failed (exit ${code ?? signal}) after ${secs} s. Full build log: ${logFile}\n` +
              `--- last lines of ${logFile} ---\n${tail(logFile, 30)}`,
          ),
        );
      }
    });
  });
}

/**
 * Build kube-apiserver and etcd into kubeCacheDir()/bin (once; reused while the
 * wrapper modules are unchanged) and copy the CRD manifests there.
 * @returns {Promise<{apiserver: string, etcd: string, crdFiles: string[], dir: string, built: string[]}>}
 */
export async function ensureKube() {
  const dir = kubeCacheDir();
  const bin = join(dir, "bin");
  const targets = [
    {
      what: `kube-apiserver ${KUBE_VERSION}`,
      name: "kube-apiserver",
      src: join(BUILD_SRC, "apiserver"),
      ldflags: [
        "-s -w",
        `-X k8s.io/component-base/version.gitVersion=${KUBE_VERSION}`,
        `-X k8s.io/component-base/version.gitMajor=${KUBE_VERSION.split(".")[0].slice(1)}`,
        `-X k8s.io/component-base/version.gitMinor=${KUBE_VERSION.split(".")[1]}`,
        "-X k8s.io/component-base/version.gitTreeState=clean",
      ].join(" "),
    },
    { what: `etcd ${ETCD_VERSION}`, name: "etcd", src: join(BUILD_SRC, "etcd"), ldflags: "-s -w" },
  ];
  const crdDir = join(dir, "crds");
  const crdFiles = () => {
    try {
      return readdirSync(crdDir)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => join(crdDir, f));
    } catch {
      return [];
    }
  };
  const crdStamp = `${GATEWAY_API_VERSION} ${ISTIO_API_VERSION}`;
  const stampOk = (file, want) => {
    try {
      return readFileSync(file, "utf8").trim() === want;
    } catch {
      return false;
    }
  };
  const binReady = (t) =>
    isExecutable(join(bin, t.name)) && stampOk(join(bin, `${t.name}.stamp`), sourceStamp(t.src));
  const crdsReady = () => stampOk(join(crdDir, "stamp"), crdStamp) && crdFiles().length > 0;
  const result = (built) => ({
    apiserver: join(bin, "kube-apiserver"),
    etcd: join(bin, "etcd"),
    crdFiles: [...crdFiles(), ...repoCrdFiles()],
    dir,
    built,
  });
  if (targets.every(binReady) && crdsReady()) return result([]);

  mkdirSync(dir, { recursive: true });
  const built = [];
  await withLock(
    `${dir}.lock`,
    async () => {
      const todo = targets.filter((t) => !binReady(t)); // another process may have built them while we waited
      if (todo.length === 0 && crdsReady()) return;
      const { go, version } = findGo();
      log(`using ${go} (${version}); cache ${dir}`);
      mkdirSync(bin, { recursive: true });
      for (const t of todo) {
        const out = join(bin, `${t.name}.tmp`);
        rmSync(out, { force: true });
        await goBuild({
          go,
          what: t.what,
          srcDir: t.src,
          workDir: join(dir, "build", t.name),
          out,
          ldflags: t.ldflags,
          logFile: join(dir, `build-${t.name}.log`),
        });
        renameSync(out, join(bin, t.name));
        writeFileSync(join(bin, `${t.name}.stamp`), `${sourceStamp(t.src)}\n`);
        built.push(t.name);
      }
      rmSync(join(dir, "build"), { recursive: true, force: true });
      if (!crdsReady()) {
        log(
          `fetching CRDs: sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}, istio.io/api@${ISTIO_API_VERSION}`,
        );
        rmSync(crdDir, { recursive: true, force: true });
        mkdirSync(crdDir, { recursive: true });
        const gw = join(
          goModDir(go, `sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}`),
          "config",
          "crd",
          "standard",
        );
        for (const f of readdirSync(gw).filter((f) => f.endsWith(".yaml"))) {
          copyFileSync(join(gw, f), join(crdDir, `gateway-api-${f}`));
        }
        const istio = join(
          goModDir(go, `istio.io/api@${ISTIO_API_VERSION}`),
          "kubernetes",
          "customresourcedefinitions.gen.yaml",
        );
        copyFileSync(istio, join(crdDir, "istio-customresourcedefinitions.gen.yaml"));
        writeFileSync(join(crdDir, "stamp"), `${crdStamp}\n`);
      }
    },
    { timeoutMs: 90 * 60_000, pollMs: 1000, what: "build", log },
  );
  return result(built);
}

// ---------------------------------------------------------------- processes

/** SIGTERM (then SIGKILL) the process group of a process we started detached. */

// Start cmd detached (own process group) with output to logFile, then poll
// ready() until it is true, the process exits, or the timeout passes.
async function startProcess({ name, cmd, args, logFile, ready, readyTimeoutMs }) {
  const fd = openSync(logFile, "w");
  const child = spawn(cmd, args, { stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  let exited = null;
  let failure;
  child.on("exit", (code, sig) => {
    exited = { code, sig };
  });
  child.on("error", (e) => {
    failure = e;
  });
  const deadline = Date.now() + readyTimeoutMs;
  while (!failure && !exited && Date.now() < deadline) {
    if (await ready()) return { child, pid: child.pid };
    await sleep(200);
  }
  if (child.pid && !exited) await killGroup(child.pid, 3000);
  const why = failure
    ? `could not spawn ${cmd}: ${failure.message}`
    : exited
      ? `exited (code ${exited.code}, signal ${exited.sig}) before it was ready`
      : `was not ready within ${readyTimeoutMs} ms`;
  const err = new Error(
    `${name} ${why}. Log: ${logFile}\n--- last lines of ${logFile} ---\n${tail(logFile, 40)}`,
  );
  err.portTaken = /address already in use/i.test(tail(logFile, 200));
  throw err;
}

function openssl(args, cwd) {
  const r = spawnSync("openssl", args, { cwd, encoding: "utf8" });
  if (r.error?.code === "ENOENT") {
    throw new Error(
      "openssl is needed to make the test apiserver's certificates and keys (apt-get install openssl)",
    );
  }
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}`);
}

// CA, serving certificate for 127.0.0.1/localhost, service-account key pair.
function makePki(pki) {
  mkdirSync(pki, { recursive: true });
  openssl(["genrsa", "-out", "ca.key", "2048"], pki);
  openssl(
    [
      "req",
      "-x509",
      "-new",
      "-key",
      "ca.key",
      "-sha256",
      "-days",
      "3650",
      "-subj",
      "/CN=route53-gslb-test-ca",
      "-out",
      "ca.crt",
    ],
    pki,
  );
  openssl(["genrsa", "-out", "apiserver.key", "2048"], pki);
  openssl(
    ["req", "-new", "-key", "apiserver.key", "-subj", "/CN=kube-apiserver", "-out", "apiserver.csr"],
    pki,
  );
  writeFileSync(
    join(pki, "apiserver.ext"),
    [
      "basicConstraints=CA:FALSE",
      "keyUsage=critical,digitalSignature,keyEncipherment",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc",
      "",
    ].join("\n"),
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "apiserver.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-sha256",
      "-days",
      "3650",
      "-extfile",
      "apiserver.ext",
      "-out",
      "apiserver.crt",
    ],
    pki,
  );
  openssl(["genrsa", "-out", "sa.key", "2048"], pki);
  openssl(["rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub"], pki);
}

// ---------------------------------------------------------------- API access

/**
 * One request to the apiserver. Resolves {status, body} (body parsed as JSON
 * when it is JSON); rejects only on network errors.
 * @param {{server: string, token: string, ca: string | Buffer}} conn
 */
export function kubeRequest(
  conn,
  method,
  path,
  body,
  { timeoutMs = 30_000, contentType = "application/json" } = {},
) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, conn.server);
    const payload =
      body === undefined ? undefined : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const req = httpsRequest(
      url,
      {
        method,
        ca: conn.ca,
        headers: {
          Authorization: `Bearer ${conn.token}`,
          Accept: "application/json",
          ...(payload ? { "Content-Type": contentType, "Content-Length": payload.length } : {}),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const describe = (r) => (typeof r.body === "string" ? r.body : (r.body?.message ?? JSON.stringify(r.body)));

/** The CustomResourceDefinitions in a YAML file (other documents are skipped). */
export function readCrds(file) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const obj = doc.toJS();
    if (obj?.kind === "CustomResourceDefinition") out.push(obj);
  }
  return out;
}

/**
 * Create (or replace) CRDs and wait until each is Established and its
 * resources are in discovery.
 * @param {{server: string, token: string, ca: string | Buffer}} conn
 * @param {object[]} crds
 */
export async function applyCrds(conn, crds, { timeoutMs = 60_000 } = {}) {
  const base = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  for (const crd of crds) {
    const name = crd.metadata.name;
    let r = await kubeRequest(conn, "POST", base, crd);
    if (r.status === 409) {
      const cur = await kubeRequest(conn, "GET", `${base}/${name}`);
      if (cur.status !== 200) throw new Error(`GET CRD ${name}: HTTP ${cur.status} ${describe(cur)}`);
      const next = {
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: cur.body.metadata.resourceVersion },
      };
      r = await kubeRequest(conn, "PUT", `${base}/${name}`, next);
    }
    if (r.status < 200 || r.status >= 300)
      throw new Error(`creating CRD ${name}: HTTP ${r.status} ${describe(r)}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const name = crd.metadata.name;
    for (;;) {
      const r = await kubeRequest(conn, "GET", `${base}/${name}`);
      const conds = r.body?.status?.conditions ?? [];
      if (conds.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) {
        throw new Error(`CRD ${name} not Established within ${timeoutMs} ms: ${JSON.stringify(conds)}`);
      }
      await sleep(100);
    }
  }
  // Established is set before the handler is always reachable through discovery.
  for (const crd of crds) {
    for (const v of crd.spec.versions.filter((v) => v.served)) {
      for (;;) {
        const r = await kubeRequest(conn, "GET", `/apis/${crd.spec.group}/${v.name}`);
        if (r.status === 200 && r.body?.resources?.some((res) => res.name === crd.spec.names.plural)) break;
        if (Date.now() > deadline) {
          throw new Error(
            `${crd.spec.names.plural}.${crd.spec.group}/${v.name} not in discovery within ${timeoutMs} ms`,
          );
        }
        await sleep(100);
      }
    }
  }
}

/**
 * Every CRD this project's tests use: Gateway API standard (v1.2.1) with TLSRoute and TCPRoute
 * (v1.7.0), Istio, Tetrate Gateway, external-dns DNSEndpoint.
 */
export function projectCrds(crdFiles) {
  return crdFiles.flatMap((f) => readCrds(f));
}

function kubeconfigYaml({ server, caFile, token }) {
  const ca = readFileSync(caFile).toString("base64");
  return [
    "# Written by scripts/peers/kube.mjs for the route53-gslb test apiserver.",
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: route53-gslb-test",
    "    cluster:",
    `      server: ${server}`,
    `      certificate-authority-data: ${ca}`,
    "users:",
    "  - name: admin",
    "    user:",
    `      token: ${token}`,
    "contexts:",
    "  - name: route53-gslb-test",
    "    context:",
    "      cluster: route53-gslb-test",
    "      user: admin",
    "      namespace: default",
    "current-context: route53-gslb-test",
    "",
  ].join("\n");
}

const csvField = (s) => (/[",\s]/.test(s) ? `"${String(s).replaceAll('"', '""')}"` : String(s));

/**
 * Build (if needed) and start etcd + kube-apiserver on free loopback ports,
 * install the project's CRDs, write a kubeconfig.
 * @param {import("./kube.d.mts").StartKubeOptions} [opts]
 * @returns {Promise<import("./kube.d.mts").RunningKube>}
 */
export async function startKube(opts = {}) {
  const bins = await ensureKube();
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "route53-gslb-kube-"));
  const readyTimeoutMs = opts.readyTimeoutMs ?? 120_000;
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const pki = join(dir, "pki");
  const etcdData = join(dir, "etcd-data");
  rmSync(pki, { recursive: true, force: true });
  rmSync(etcdData, { recursive: true, force: true });
  const pids = [];
  const cleanup = async () => {
    for (const pid of pids.reverse()) await killGroup(pid);
    pids.length = 0;
  };
  try {
    makePki(pki);
    const token = randomBytes(24).toString("hex");
    const tokenFile = join(dir, "tokens.csv");
    const tokens = [
      { token, user: "admin", uid: "admin", groups: ["system:masters"] },
      ...(opts.tokens ?? []),
    ];
    writeFileSync(
      tokenFile,
      `${tokens
        .map((t) => [t.token, t.user, t.uid ?? t.user, (t.groups ?? []).join(",")].map(csvField).join(","))
        .join("\n")}\n`,
      { mode: 0o600 },
    );

    // etcd
    let etcd;
    let etcdEndpoint;
    for (let attempt = 1; ; attempt++) {
      const [client, peer] = [await freePort(), await freePort()];
      etcdEndpoint = `http://127.0.0.1:${client}`;
      const peerUrl = `http://127.0.0.1:${peer}`;
      try {
        etcd = await startProcess({
          name: "etcd",
          cmd: bins.etcd,
          args: [
            "--name=route53-gslb-test",
            `--data-dir=${etcdData}`,
            `--listen-client-urls=${etcdEndpoint}`,
            `--advertise-client-urls=${etcdEndpoint}`,
            `--listen-peer-urls=${peerUrl}`,
            `--initial-advertise-peer-urls=${peerUrl}`,
            `--initial-cluster=route53-gslb-test=${peerUrl}`,
            "--initial-cluster-state=new",
            "--unsafe-no-fsync", // throw-away data: don't wait for the disk
            "--log-level=warn",
          ],
          logFile: join(dir, "etcd.log"),
          readyTimeoutMs,
          ready: async () => {
            try {
              const res = await fetch(`${etcdEndpoint}/health`, { signal: AbortSignal.timeout(1000) });
              return res.ok && (await res.json()).health === "true";
            } catch {
              return false;
            }
          },
        });
        break;
      } catch (e) {
        if (!e.portTaken || attempt >= 3) throw e;
        rmSync(etcdData, { recursive: true, force: true });
        log("etcd port was taken; retrying");
      }
    }
    pids.push(etcd.pid);

    // kube-apiserver
    const ca = readFileSync(join(pki, "ca.crt"));
    let apiserver;
    let server;
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      server = `https://127.0.0.1:${port}`;
      const conn = { server, token, ca };
      try {
        apiserver = await startProcess({
          name: "kube-apiserver",
          cmd: bins.apiserver,
          args: [
            `--etcd-servers=${etcdEndpoint}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${port}`,
            `--cert-dir=${pki}`,
            `--tls-cert-file=${join(pki, "apiserver.crt")}`,
            `--tls-private-key-file=${join(pki, "apiserver.key")}`,
            `--service-account-key-file=${join(pki, "sa.pub")}`,
            `--service-account-signing-key-file=${join(pki, "sa.key")}`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--token-auth-file=${tokenFile}`,
            "--authorization-mode=RBAC",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--disable-admission-plugins=ServiceAccount",
            "--endpoint-reconciler-type=none",
            "--profiling=false",
          ],
          logFile: join(dir, "kube-apiserver.log"),
          readyTimeoutMs,
          ready: async () => {
            try {
              const r = await kubeRequest(conn, "GET", "/readyz", undefined, { timeoutMs: 2000 });
              return r.status === 200;
            } catch {
              return false;
            }
          },
        });
        break;
      } catch (e) {
        if (!e.portTaken || attempt >= 3) throw e;
        log("kube-apiserver port was taken; retrying");
      }
    }
    pids.push(apiserver.pid);
    const caFile = join(pki, "ca.crt");
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, kubeconfigYaml({ server, caFile, token }), { mode: 0o600 });
    const conn = { server, token, ca };
    if (opts.installCrds !== false) await applyCrds(conn, projectCrds(bins.crdFiles));
    if (opts.detached) {
      etcd.child.unref();
      apiserver.child.unref();
    }
    const startMs = Date.now() - started;
    let stopped = false;
    return {
      kubeconfig,
      server,
      token,
      caFile,
      dir,
      etcd: { pid: etcd.pid, endpoint: etcdEndpoint, logFile: join(dir, "etcd.log") },
      apiserver: { pid: apiserver.pid, logFile: join(dir, "kube-apiserver.log") },
      built: bins.built,
      startMs,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await killGroup(apiserver.pid);
        await killGroup(etcd.pid);
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await cleanup();
    // Keep the logs the error points at; drop the keys and etcd data.
    for (const f of ["pki", "etcd-data", "tokens.csv", "kubeconfig"])
      rmSync(join(dir, f), { recursive: true, force: true });
    throw e;
  }
}

/** True if the apiserver behind a kubeconfig written by startKube answers /readyz. */
export async function kubeAnswers(kubeconfig, timeoutMs = 3000) {
  try {
    const text = readFileSync(kubeconfig, "utf8");
    const server = /^\s*server:\s*(\S+)/m.exec(text)?.[1];
    const ca = /^\s*certificate-authority-data:\s*(\S+)/m.exec(text)?.[1];
    const token = /^\s*token:\s*(\S+)/m.exec(text)?.[1];
    if (!server || !ca || !token) return false;
    const r = await kubeRequest(
      { server, token, ca: Buffer.from(ca, "base64") },
      "GET",
      "/readyz",
      undefined,
      {
        timeoutMs,
      },
    );
    return r.status === 200;
  } catch {
    return false;
  }
}
