// The Helm chart deploy/helm/route53-gslb through a real helm (scripts/tools/helm.mjs): rendering,
// linting and installing it, and reading the rendered objects back.

import { join, resolve } from "node:path";
import { parseAllDocuments } from "yaml";
import { ensureHelm, HELM_VERSION, runHelm } from "../../../scripts/tools/helm.mjs";

export const REPO = resolve(import.meta.dirname, "../../..");
export const CHART_DIR = join(REPO, "deploy", "helm", "route53-gslb");

/** A values file of the chart's ci/ directory. */
export const ciValues = (name: string): string => join(CHART_DIR, "ci", `${name}-values.yaml`);

/** The Kubernetes object fields these tests read; everything else is kept as parsed. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string }; [source: string]: unknown };
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: unknown[];
  ports?: { name?: string; containerPort: number }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
}

export interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    template: {
      metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec: {
        serviceAccountName: string;
        containers: Container[];
        topologySpreadConstraints?: { topologyKey: string; labelSelector?: unknown }[];
        priorityClassName?: string;
      };
    };
  };
}

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}

let helmPath: string | undefined;

/** The cached helm binary, built first if needed; a build that fails fails the test with its log. */
export async function helmBinary(): Promise<string> {
  if (helmPath) return helmPath;
  try {
    helmPath = (await ensureHelm()).path;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`helm ${HELM_VERSION} could not be built from the Go module proxy:\n${why}`);
  }
  return helmPath;
}

/** `helm args…`; throws with helm's output unless it exits 0. */
export async function helm(args: string[]): Promise<string> {
  const r = runHelm(await helmBinary(), args);
  if (r.status !== 0) {
    throw new Error(`helm ${args.join(" ")} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

/** `helm args…` expected to fail: what it printed, errors first (throws if it succeeds). */
export async function helmFails(args: string[]): Promise<string> {
  const r = runHelm(await helmBinary(), args);
  if (r.status === 0) throw new Error(`helm ${args.join(" ")} succeeded; expected it to fail:\n${r.stdout}`);
  return `${r.stderr}${r.stdout}`;
}

/** Every object in a multi-document YAML stream, in order. */
export function parseObjects(text: string): K8sObject[] {
  const out: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`bad YAML: ${doc.errors[0]?.message}\n${text}`);
    const obj = doc.toJS() as K8sObject | null;
    if (obj) out.push(obj);
  }
  return out;
}

export interface RenderOptions {
  release?: string;
  namespace?: string;
  values?: string[];
  set?: Record<string, string>;
}

function renderArgs(o: RenderOptions): string[] {
  return [
    o.release ?? "route53-gslb",
    CHART_DIR,
    "--namespace",
    o.namespace ?? "route53-gslb",
    ...(o.values ?? []).flatMap((f) => ["--values", f]),
    ...Object.entries(o.set ?? {}).flatMap(([k, v]) => ["--set", `${k}=${v}`]),
  ];
}

/** `helm template` with these values: the rendered objects. */
export async function render(o: RenderOptions = {}): Promise<K8sObject[]> {
  return parseObjects(await helm(["template", ...renderArgs(o)]));
}

/** `helm template` expected to fail: helm's error output. */
export async function renderFails(o: RenderOptions = {}): Promise<string> {
  return helmFails(["template", ...renderArgs(o)]);
}

/** `helm install` arguments for these values (release and namespace included). */
export function installArgs(o: RenderOptions): string[] {
  return renderArgs(o);
}

/** The objects of `kind` (and `name`, if given). */
export function objectsOf<T extends K8sObject = K8sObject>(
  objs: K8sObject[],
  kind: string,
  name?: string,
): T[] {
  return objs.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as T[];
}

/** The one object of `kind` (and `name`); throws naming what was rendered when there is not exactly one. */
export function only<T extends K8sObject = K8sObject>(objs: K8sObject[], kind: string, name?: string): T {
  const found = objectsOf<T>(objs, kind, name);
  if (found.length !== 1) {
    const have = objs.map((o) => `${o.kind}/${o.metadata.name}`).join(", ");
    throw new Error(`expected one ${kind}${name ? ` ${name}` : ""}, found ${found.length} among: ${have}`);
  }
  return found[0] as T;
}

/** The controller container of the rendered Deployment. */
export function controllerContainer(objs: K8sObject[]): Container {
  const containers = only<Deployment>(objs, "Deployment").spec.template.spec.containers;
  const c = containers.find((x) => x.name === "controller");
  if (!c) throw new Error(`no container "controller" in ${containers.map((x) => x.name).join(", ")}`);
  return c;
}

/**
 * The container's environment as the kubelet would give it to a pod `podName` in `namespace`:
 * literal values as they are, `fieldRef` metadata.namespace and metadata.name resolved. Any other
 * source (a Secret, a ConfigMap, another field) is an error: the tests would not run what the pod runs.
 */
export function resolveEnv(c: Container, pod: { name: string; namespace: string }): Record<string, string> {
  if (c.envFrom && c.envFrom.length > 0) throw new Error("envFrom cannot be resolved outside a cluster");
  const env: Record<string, string> = {};
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.namespace") env[e.name] = pod.namespace;
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.name") env[e.name] = pod.name;
    else if (e.valueFrom) throw new Error(`cannot resolve env ${e.name}: ${JSON.stringify(e.valueFrom)}`);
    else env[e.name] = "";
  }
  return env;
}

/** The port number a probe's httpGet port names (a number, or the name of a container port). */
export function probePort(c: Container, probe: Probe | undefined): { port: number; path: string } {
  const get = probe?.httpGet;
  if (!get) throw new Error(`probe without httpGet: ${JSON.stringify(probe)}`);
  if (typeof get.port === "number") return { port: get.port, path: get.path };
  const named = c.ports?.find((p) => p.name === get.port);
  if (!named) throw new Error(`probe port ${get.port} names no container port`);
  return { port: named.containerPort, path: get.path };
}
