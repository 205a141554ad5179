{{/* Names, labels and the checks every template shares. */}}

{{- define "route53-gslb.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already contains the chart's name. */}}
{{- define "route53-gslb.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "route53-gslb.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "route53-gslb.selectorLabels" -}}
app.kubernetes.io/name: {{ include "route53-gslb.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "route53-gslb.labels" -}}
helm.sh/chart: {{ include "route53-gslb.chart" . }}
{{ include "route53-gslb.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "route53-gslb.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "route53-gslb.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false: the name of an existing ServiceAccount" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest when a digest is set, else repository:tag (tag defaults to appVersion). */}}
{{- define "route53-gslb.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The cluster name, or a render error that says what to set. Every template that needs it calls this,
so `helm template` without it fails whichever file it renders first.
*/}}
{{- define "route53-gslb.clusterName" -}}
{{- required "clusterName is required: this cluster's unique name, e.g. --set clusterName=eu-west-1-prod (docs/helm.md)" .Values.clusterName }}
{{- end }}

{{/* Settings that make no sense together fail the render instead of the pods. */}}
{{- define "route53-gslb.validate" -}}
{{- $_ := include "route53-gslb.clusterName" . }}
{{- if and (not .Values.leaderElection.enabled) (gt (int .Values.replicaCount) 1) }}
{{- fail (printf "leaderElection.enabled=false needs replicaCount: 1 (got %d): without leader election every replica would write to Route 53" (int .Values.replicaCount)) }}
{{- end }}
{{- if and .Values.aws.assumeRoleExternalId (not .Values.aws.assumeRole) }}
{{- fail "aws.assumeRoleExternalId needs aws.assumeRole: the external id belongs to the role assumed for Route 53" }}
{{- end }}
{{- end }}

{{/* `60s`, `500ms`, `2m`, `1h` or plain seconds (the controller's duration syntax), in seconds. */}}
{{- define "route53-gslb.seconds" -}}
{{- $text := toString . }}
{{- $number := regexReplaceAll "^([0-9]+(\\.[0-9]+)?)(ms|s|m|h)?$" $text "${1}" }}
{{- $unit := regexReplaceAll "^[0-9]+(\\.[0-9]+)?" $text "" }}
{{- $factor := get (dict "ms" 0.001 "s" 1.0 "" 1.0 "m" 60.0 "h" 3600.0) $unit }}
{{- mulf (float64 $number) $factor }}
{{- end }}

{{/*
The container's environment: one ROUTE53_GSLB_<FLAG> per controller setting, as a YAML list. A value
that is null or "" is left out, so the controller's own default applies. Switches are always written
as "true"/"false" (the controller refuses anything else for a switch variable).
*/}}
{{- define "route53-gslb.containerEnv" -}}
{{- $v := .Values }}
{{- $env := list (dict "name" "ROUTE53_GSLB_CLUSTER_NAME" "value" (include "route53-gslb.clusterName" .)) }}
{{- $settings := list
  (list "OWNER_ID" $v.ownerId)
  (list "DOMAIN_FILTER" (join "," $v.domainFilters))
  (list "EXCLUDE_DOMAIN" (join "," $v.excludeDomains))
  (list "ZONE_TAGS" (join "," $v.zoneTags))
  (list "SPLIT_HORIZON" (toString $v.splitHorizon))
  (list "ZONE_TYPE" $v.zoneType)
  (list "ZONE_ID" (join "," $v.zoneIds))
  (list "SOURCES" (join "," $v.sources))
  (list "NAMESPACE" $v.watchNamespace)
  (list "LABEL_SELECTOR" $v.labelSelector)
  (list "ANNOTATION_FILTER" $v.annotationFilter)
  (list "POLICY" $v.policy)
  (list "MAX_DELETIONS" $v.maxDeletions)
  (list "CLUSTER_HEALTH_CHECK" $v.clusterHealthCheck)
  (list "DEFAULT_ROUTING_POLICY" $v.defaultRoutingPolicy)
  (list "DEFAULT_WEIGHT" $v.defaultWeight)
  (list "INTERVAL" $v.interval)
  (list "RELIST_INTERVAL" $v.relistInterval)
  (list "ZONE_RESYNC_INTERVAL" $v.zoneResyncInterval)
  (list "MIN_EVENT_INTERVAL" $v.minEventInterval)
  (list "UNHEALTHY_AFTER" $v.unhealthyAfter)
  (list "DRAIN" (toString $v.drain))
  (list "DRY_RUN" (toString $v.dryRun))
  (list "ADOPT_EXTERNAL_DNS_OWNER" $v.adoptExternalDns.owner)
  (list "EXTERNAL_DNS_TXT_PREFIX" $v.adoptExternalDns.txtPrefix)
  (list "EXTERNAL_DNS_TXT_SUFFIX" $v.adoptExternalDns.txtSuffix)
  (list "EXTERNAL_DNS_TXT_WILDCARD_REPLACEMENT" $v.adoptExternalDns.txtWildcardReplacement)
  (list "LEADER_ELECT" (toString $v.leaderElection.enabled))
}}
{{- if $v.leaderElection.enabled }}
{{- $settings = concat $settings (list
  (list "LEADER_ELECTION_LEASE_NAME" $v.leaderElection.leaseName)
  (list "LEADER_ELECTION_LEASE_DURATION" $v.leaderElection.leaseDuration)
  (list "LEADER_ELECTION_RENEW_DEADLINE" $v.leaderElection.renewDeadline)
  (list "LEADER_ELECTION_RETRY_PERIOD" $v.leaderElection.retryPeriod)
) }}
{{- end }}
{{- $settings = concat $settings (list
  (list "METRICS_ADDR" (printf ":%v" $v.metrics.port))
  (list "LOG_LEVEL" $v.logging.level)
  (list "LOG_FORMAT" $v.logging.format)
  (list "AWS_REGION" $v.aws.region)
  (list "AWS_ENDPOINT" $v.aws.endpoint)
  (list "AWS_ASSUME_ROLE" $v.aws.assumeRole)
  (list "AWS_ASSUME_ROLE_EXTERNAL_ID" $v.aws.assumeRoleExternalId)
  (list "AWS_RATE" $v.aws.rate)
  (list "AWS_BURST" $v.aws.burst)
  (list "AWS_CHANGE_RATE" $v.aws.changeRate)
  (list "AWS_CHANGE_BURST" $v.aws.changeBurst)
  (list "AWS_HEALTH_CHECK_RATE" $v.aws.healthCheckRate)
  (list "AWS_CONNECT_TIMEOUT" $v.aws.connectTimeout)
  (list "AWS_REQUEST_TIMEOUT" $v.aws.requestTimeout)
) }}
{{- range $settings }}
{{- $value := index . 1 }}
{{- if and (not (kindIs "invalid" $value)) (ne (toString $value) "") }}
{{- $env = append $env (dict "name" (printf "ROUTE53_GSLB_%s" (index . 0)) "value" (toString $value)) }}
{{- end }}
{{- end }}
{{- if $v.leaderElection.enabled }}
{{- /* The Lease lives in the release namespace, where the leader-election Role grants it. */}}
{{- $env = append $env (dict "name" "ROUTE53_GSLB_LEADER_ELECTION_NAMESPACE" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.namespace"))) }}
{{- end }}
{{- /* Part of the Lease holder's identity and each Event's reporting instance. */}}
{{- $env = append $env (dict "name" "POD_NAME" "valueFrom" (dict "fieldRef" (dict "fieldPath" "metadata.name"))) }}
{{- toYaml $env }}
{{- end }}

{{/* The label matchers of this release's series in the PrometheusRule. */}}
{{- define "route53-gslb.seriesSelector" -}}
{{- default (printf "namespace=%q" .Release.Namespace) .Values.prometheusRule.selector }}
{{- end }}

{{/*
The rules for reading the kinds the enabled sources watch (sources/watchers/watched-kinds.ts) and
writing Events on them. Namespaces are read only for HTTPRoute allowedRoutes selectors (gateway-api);
in namespace-scoped mode that read is granted separately, for the one watched Namespace.
*/}}
{{- define "route53-gslb.sourceRules" -}}
{{- $sources := .Values.sources }}
{{- if has "gateway-api" $sources }}
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["gateways", "httproutes", "grpcroutes", "tlsroutes", "tcproutes"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if has "istio-gateway" $sources }}
- apiGroups: ["networking.istio.io"]
  resources: ["gateways"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if has "tetrate-gateway" $sources }}
- apiGroups: ["gateway.tsb.tetrate.io"]
  resources: ["gateways"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if or (has "service" $sources) (has "istio-gateway" $sources) (has "tetrate-gateway" $sources) (has "gateway-api" $sources) }}
# Services are targets of Istio and Tetrate gateways, tell whether a Gateway API Gateway's Service
# exposes the status port (the health-check default), and annotated LoadBalancer Services are sources.
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if has "ingress" $sources }}
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if has "dnsendpoint" $sources }}
# external-dns's DNSEndpoint CRD (read only: its status is external-dns's to write).
- apiGroups: ["externaldns.k8s.io"]
  resources: ["dnsendpoints"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- if and (has "gateway-api" $sources) (not .Values.watchNamespace) }}
# Route attachment honours a listener's allowedRoutes namespace selector.
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
{{- end }}
# Events on the objects concerned: skipped hostnames, bad annotations, conflicts, rejections.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
