// vitest globalSetup: one moto_server for the whole run, its endpoint handed to
// tests with `inject("motoEndpoint")` (see test/integration/peers/aws.ts).
// If moto cannot be installed or started the run fails here, loudly — never skipped.

import type { TestProject } from "vitest/node";
import { startMoto } from "../../scripts/peers/moto.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the run's moto_server. */
    motoEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  try {
    moto = await startMoto();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`moto test peer could not be installed or started (integration tests need it):\n${why}`);
  }
  process.stderr.write(
    `[moto] ${moto.source === "venv" ? "venv" : "PATH"} moto_server at ${moto.endpoint} (pid ${moto.pid}, log ${moto.logFile})\n`,
  );
  // If vitest dies without running teardown, don't leave moto behind.
  const onExit = () => {
    try {
      process.kill(-moto.pid, "SIGKILL");
    } catch {}
  };
  process.once("exit", onExit);
  project.provide("motoEndpoint", moto.endpoint);
  return async () => {
    process.removeListener("exit", onExit);
    await moto.stop();
  };
}
