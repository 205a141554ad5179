import type { CoreV1Event } from "@kubernetes/client-node";
import type { KubeSend } from "../kube/kube-http.js";
import type { EventsApi } from "./event-recorder.js";

/**
 * How long one Event write may take. The recorder writes from its own queue and drops what waits too
 * long, so a slow API server delays Events, never a reconcile.
 */
const EVENT_CALL_TIMEOUT_MS = 30_000;

/** The recorder's two calls as plain requests to the `v1` Events of a namespace (kube/kube-http.ts). */
export function kubeEventsApi(send: KubeSend): EventsApi {
  const events = (namespace: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
  return {
    // Dates in the body (first and last timestamp) are written by JSON.stringify as RFC3339 strings,
    // which is what the API server reads for a `Time`.
    createNamespacedEvent: ({ namespace, body }: { namespace: string; body: CoreV1Event }) =>
      send({ method: "POST", path: events(namespace), body, timeoutMs: EVENT_CALL_TIMEOUT_MS }),
    patchNamespacedEvent: ({ name, namespace, body }) =>
      send({
        method: "PATCH",
        path: `${events(namespace)}/${encodeURIComponent(name)}`,
        body,
        // The recorder's patches are JSON patches (a list of operations).
        contentType: "application/json-patch+json",
        timeoutMs: EVENT_CALL_TIMEOUT_MS,
      }),
  };
}
