// moto test peer: find or install `moto_server`, start it on a loopback port,
// reset it. Plain Node ESM (no build step) so `npm run peers:up` and vitest's
// global setup share it. Types: moto.d.mts beside this file.
//
// How moto MOTO_VERSION differs from Route 53 (each fact is asserted in
// test/integration/peers/moto.test.ts, "moto behaviour"; these drive the AWS
// adapter's design and its tests):
//
// - PATCHED (moto_patched.py): unpatched, a DELETE with a SetIdentifier removes
//   EVERY record set in the zone with that SetIdentifier, under any name and
//   type (AWS removes only that name+type+SetIdentifier member), and succeeds
//   when there is none. Still unpatched: DELETE without a SetIdentifier removes
//   every record set of that name+type, weighted members included, and
//   succeeds when there is none (AWS: InvalidChangeBatch "not found").
// - DELETE is validated against moto's journal of earlier CREATE/UPSERT
//   changes, not against the zone: it passes if ANY earlier CREATE/UPSERT had
//   the same name (as spelled, trailing dot ignored) and type and the same
//   TTL+ResourceRecords (alias: any); SetIdentifier, Weight etc. are not
//   compared. So a DELETE of an already-deleted record without a SetIdentifier
//   succeeds (AWS: InvalidChangeBatch "not found"; with one, the patch gives
//   AWS's error), a DELETE with values no change ever had fails with
//   InvalidInput (AWS: InvalidChangeBatch), and a DELETE carrying an earlier,
//   since-UPSERTed value still passes and removes the record.
// - PATCHED (moto_patched.py): unpatched, a CREATE identical to an earlier
//   CREATE in moto's journal is rejected as "already exists" if ANY record
//   sorts at or after its name+type (create / delete / re-create of a member
//   fails once other members or a `_gslb.` TXT exist), checked for the whole
//   batch before a DELETE earlier in the batch applies; and a CREATE of an
//   existing name+type+SetIdentifier with other values adds a second record
//   set. Patched, a CREATE fails with InvalidChangeBatch "already exists"
//   exactly when that name+type+SetIdentifier exists at that point of the
//   batch, as in Route 53.
// - PATCHED (moto_patched.py): unpatched, a member's GeoProximityLocation is
//   dropped on CREATE/UPSERT and never listed (the member reads back with a
//   SetIdentifier and no routing field). Patched, it is kept and listed as sent.
// - ListResourceRecordSets: sorted by (labels reversed, plain ASCII, so upper
//   case before lower; then type); StartRecordIdentifier is ignored and
//   NextRecordIdentifier never returned, so when a page boundary falls inside
//   one name+type's weighted members the next page restarts at that
//   name+type's first member: following NextRecordName/Type loops forever.
//   Keep a loop guard (stop on a repeated start key); MaxItems default 300.
// - `*` in names is stored and returned exactly as sent: `*.example.com.`
//   comes back as `*.example.com.`, not `\052.example.com.` as AWS returns it,
//   and `*.example.com.` and `\052.example.com.` are two different records.
//   Normalise both spellings when comparing.
// - Names are case-sensitive (AWS lower-cases): `WWW.example.com.` and
//   `www.example.com.` are two records; a DELETE must use the creation case.
//   The "is it in the zone" check is a case-sensitive string suffix with no
//   label boundary: `api.EXAMPLE.com` is rejected (InvalidChangeBatch) and
//   `badexample.com` accepted in zone `example.com`.
// - moto appends the trailing dot to record names sent without one.
// - Batches are not atomic; no routing-policy / value validation; GetChange is
//   always INSYNC.
// - ELBv2: CreateLoadBalancer needs subnets that exist in moto's EC2 (default
//   subnets per region; ids change on every reset; an unknown id gives EC2's
//   InvalidSubnetID.NotFound, AWS gives SubnetNotFound); CanonicalHostedZoneId
//   is the constant Z2P70J7EXAMPLE; DNSName is <name>-<n>.<region>.elb.amazonaws.com.
//
// The PATCHED gaps: startMoto() runs moto_patched.py (beside this file, read
// from the repository on every start, so no cache holds an old copy), moto's
// own server entry point with three patches applied: "moto-route53-delete-by-set-
// identifier", so a DELETE with a SetIdentifier removes only that
// name+type+SetIdentifier member, as Route 53 does, and a DELETE of a member
// that does not exist fails with InvalidChangeBatch "... but it was not found";
// "moto-route53-create-exists-check", so a CREATE fails exactly when its
// name+type+SetIdentifier exists; and "moto-route53-geoproximity-location", so a
// geoproximity member keeps its GeoProximityLocation.
// The launcher refuses to start if it cannot apply the patch (other moto
// version). Why and how: the docstring of moto_patched.py.
//
// ensureMoto(): the Python that runs the `moto_server` on PATH (if it imports
// moto), else a venv cached at ${XDG_CACHE_HOME:-~/.cache}/route53-gslb/moto-venv
// with moto[server]==MOTO_VERSION.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheDir, findOnPath, isExecutable, tail } from "./files.mjs";
import { killGroup, withLock } from "./process.mjs";

/** The moto version installed into the cached venv (verified with this project's tests). */
export const MOTO_VERSION = "5.2.1";

const log = (msg) => process.stderr.write(`[moto] ${msg}\n`);

/** Directory of the cached venv. */
export function motoVenvDir() {
  return cacheDir("moto-venv");
}

/** The patched launcher (see its docstring): run with a Python that has moto. */
export const MOTO_LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), "moto_patched.py");

// `#!/path/python -E` -> ["/path/python", "-E"]; undefined if the file's
// interpreter is not a Python (e.g. a pyenv shim, which is a bash script).
function pythonOfShebang(file) {
  let first;
  try {
    first = readFileSync(file, "utf8").slice(0, 512).split("\n")[0];
  } catch {
    return undefined;
  }
  if (!first.startsWith("#!")) return undefined;
  const argv = first.slice(2).trim().split(/\s+/);
  return argv.some((a) => /(^|\/)python[\d.]*$/.test(a)) ? argv : undefined;
}

// Does this interpreter (argv prefix) import moto's server and Route 53 model?
function hasMoto(pythonArgv) {
  const [cmd, ...pre] = pythonArgv;
  const r = spawnSync(cmd, [...pre, "-c", "import moto.server, moto.route53.models"], {
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  return r.status === 0;
}

// The Python behind a `moto_server` on PATH: its shebang's interpreter; for a
// pyenv shim, the shebang of the script `pyenv which moto_server` resolves to;
// else `python3`/`python` beside it (venv bin dirs, pyenv shims). The first
// that imports moto wins; undefined if none does.
function pythonOfMotoServer(motoServer) {
  const candidates = [pythonOfShebang(motoServer)];
  let text = "";
  try {
    text = readFileSync(motoServer, "utf8").slice(0, 4096);
  } catch {}
  if (/pyenv/.test(text)) {
    const r = spawnSync("pyenv", ["which", "moto_server"], { encoding: "utf8", timeout: 60_000 });
    if (r.status === 0 && r.stdout.trim()) candidates.push(pythonOfShebang(r.stdout.trim()));
  }
  for (const name of ["python3", "python"]) {
    const sibling = join(dirname(motoServer), name);
    if (isExecutable(sibling)) candidates.push([sibling]);
  }
  return candidates.find((c) => c && hasMoto(c));
}

function findPython() {
  const candidates = [process.env.PYTHON, "python3", "python"].filter(Boolean);
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    });
    if (r.status === 0) {
      const [maj, min] = r.stdout.trim().split(".").map(Number);
      if (maj === 3 && min >= 9) return py;
      log(`${py} is Python ${r.stdout.trim()}; moto needs 3.9+`);
    }
  }
  throw new Error(
    "moto_server is not on PATH and no Python 3.9+ was found to install it " +
      "(tried $PYTHON, python3, python). Install Python 3 with venv support, or put moto_server on PATH.",
  );
}

function run(cmd, args, what) {
  log(`${what}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const out = `${r.stdout || ""}${r.stderr || ""}${r.error ? String(r.error) : ""}`;
    throw new Error(`${what} failed (exit ${r.status ?? r.signal}): ${cmd} ${args.join(" ")}\n${out}`);
  }
  return r;
}

/**
 * Find a Python with moto: the one behind the `moto_server` on PATH, else the
 * cached venv's (installing moto[server]==MOTO_VERSION there first if needed).
 * @returns {Promise<{command: string, python: string[], source: "path" | "venv"}>}
 */
export async function ensureMoto() {
  const onPath = findOnPath("moto_server");
  if (onPath) {
    const python = pythonOfMotoServer(onPath);
    if (python) return { command: onPath, python, source: "path" };
    log(`${onPath} is on PATH but no Python behind it imports moto; using the project's venv instead`);
  }
  const venv = motoVenvDir();
  const bin = join(venv, process.platform === "win32" ? "Scripts" : "bin");
  const command = join(bin, "moto_server");
  const python = [join(bin, "python")];
  const marker = join(venv, ".route53-gslb-moto-version");
  const ready = () =>
    existsSync(marker) &&
    readFileSync(marker, "utf8").trim() === MOTO_VERSION &&
    isExecutable(command) &&
    isExecutable(python[0]);
  if (ready()) return { command, python, source: "venv" };

  mkdirSync(dirname(venv), { recursive: true });
  await withLock(
    `${venv}.lock`,
    async () => {
      if (ready()) return; // another process installed it while we waited
      log(`moto_server not on PATH; installing moto[server]==${MOTO_VERSION} into ${venv} (once; cached)`);
      const python = findPython();
      if (!existsSync(join(bin, "python"))) {
        rmSync(venv, { recursive: true, force: true });
        try {
          run(python, ["-m", "venv", venv], "creating venv");
        } catch (e) {
          rmSync(venv, { recursive: true, force: true });
          throw new Error(`${e.message}\n(On Debian/Ubuntu: apt-get install python3-venv)`);
        }
      }
      run(
        join(bin, "python"),
        [
          "-m",
          "pip",
          "install",
          "--disable-pip-version-check",
          "--no-input",
          `moto[server]==${MOTO_VERSION}`,
        ],
        "pip install",
      );
      if (!isExecutable(command)) throw new Error(`pip install succeeded but ${command} is missing`);
      writeFileSync(marker, `${MOTO_VERSION}\n`);
      log(`installed moto ${MOTO_VERSION} into ${venv}`);
    },
    { timeoutMs: 15 * 60_000, pollMs: 500, what: "install", log },
  );
  return { command, python, source: "venv" };
}

/** A free TCP port on 127.0.0.1 (free now; the caller retries if it is taken later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True if a moto server answers at endpoint. */
export async function motoAnswers(endpoint, timeoutMs = 2000) {
  try {
    const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** Send SIGTERM (then SIGKILL) to the process group of a moto we started detached. */
export function killMoto(pid, timeoutMs = 5000) {
  return killGroup(pid, timeoutMs);
}

/**
 * Start moto's server, patched (MOTO_LAUNCHER), on 127.0.0.1 and wait until it answers.
 * @param {{port?: number, logFile?: string, detached?: boolean, readyTimeoutMs?: number}} [opts]
 *   detached: leave it running after this process exits (peers:up).
 * @returns {Promise<{endpoint: string, port: number, pid: number, logFile: string, source: string, stop: () => Promise<void>}>}
 */
export async function startMoto(opts = {}) {
  const { python, source } = await ensureMoto();
  const [pythonCmd, ...pythonArgs] = python;
  const command = [...python, MOTO_LAUNCHER].join(" "); // for messages
  const readyTimeoutMs = opts.readyTimeoutMs ?? 60_000;
  const attempts = opts.port ? 1 : 3;
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = opts.port ?? (await freePort());
    const logFile = opts.logFile ?? join(tmpdir(), `route53-gslb-moto-${port}.log`);
    mkdirSync(dirname(logFile), { recursive: true });
    const fd = openSync(logFile, "w");
    const child = spawn(pythonCmd, [...pythonArgs, MOTO_LAUNCHER, "-H", "127.0.0.1", "-p", String(port)], {
      stdio: ["ignore", fd, fd],
      detached: true, // own process group, so stop() can signal the whole group
    });
    closeSync(fd);
    let exited = null;
    let failure;
    let wake = () => {};
    child.on("exit", (code, sig) => {
      exited = { code, sig };
      wake();
    });
    child.on("error", (e) => {
      failure = e;
      wake();
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + readyTimeoutMs;
    let up = false;
    while (!failure && !exited && Date.now() < deadline) {
      if (await motoAnswers(endpoint, 1000)) {
        up = true;
        break;
      }
      await new Promise((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    if (up && !exited) {
      if (opts.detached) child.unref();
      const pid = child.pid;
      let stopped = false;
      const stop = async () => {
        if (stopped) return;
        stopped = true;
        if (!exited) await killMoto(pid);
        if (!opts.logFile) rmSync(logFile, { force: true }); // our temp log; a caller's log is kept
      };
      return { endpoint, port, pid, logFile, source, stop };
    }
    if (child.pid && !exited) await killMoto(child.pid, 2000);
    const why = failure
      ? `could not spawn ${command}: ${failure.message}`
      : exited
        ? `${command} exited (code ${exited.code}, signal ${exited.sig}) before answering`
        : `${command} did not answer GET ${endpoint}/moto-api/ within ${readyTimeoutMs} ms`;
    lastError = new Error(
      `moto did not start: ${why}. Log: ${logFile}\n--- last lines of ${logFile} ---\n${tail(logFile)}`,
    );
    const retryable = exited && /address already in use/i.test(tail(logFile));
    if (!retryable) break;
    log(`port ${port} was taken; retrying`);
  }
  throw lastError;
}

/** Reset every moto backend (POST /moto-api/reset). */
export async function resetMoto(endpoint) {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
  const body = await res.text();
  if (!res.ok) throw new Error(`moto reset at ${endpoint} failed: HTTP ${res.status} ${body}`);
}
