// Types for moto.mjs (plain JS so scripts run without a build step).

export declare const MOTO_VERSION: string;
/** Absolute path of moto_patched.py: moto's server with the DELETE-by-SetIdentifier and CREATE-exists fixes. */
export declare const MOTO_LAUNCHER: string;

export interface MotoCommand {
  /** Absolute path of the moto_server executable (on PATH, or the venv's). */
  command: string;
  /** argv prefix of the Python that has moto (shebang interpreter, e.g. ["/usr/bin/env", "python3"]); startMoto runs MOTO_LAUNCHER with it. */
  python: string[];
  /** "path": found on PATH; "venv": the project's cached venv. */
  source: "path" | "venv";
}

export interface StartMotoOptions {
  /** Port on 127.0.0.1; default: a free one. */
  port?: number;
  /** Where moto's output goes; default: a file in the OS temp dir. */
  logFile?: string;
  /** Keep running after this process exits (peers:up). */
  detached?: boolean;
  /** How long to wait for moto to answer; default 60 s. */
  readyTimeoutMs?: number;
}

export interface RunningMoto {
  /** e.g. http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  pid: number;
  logFile: string;
  source: "path" | "venv";
  /** SIGTERM (then SIGKILL) moto's process group; idempotent. */
  stop(): Promise<void>;
}

export declare function motoVenvDir(): string;
export declare function ensureMoto(): Promise<MotoCommand>;
export declare function freePort(): Promise<number>;
export declare function motoAnswers(endpoint: string, timeoutMs?: number): Promise<boolean>;
export declare function killMoto(pid: number, timeoutMs?: number): Promise<void>;
export declare function startMoto(opts?: StartMotoOptions): Promise<RunningMoto>;
export declare function resetMoto(endpoint: string): Promise<void>;
