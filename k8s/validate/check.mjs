// Validates one rendered Kustomize overlay (a multi-document YAML file) against the Kubernetes, KEDA and Prometheus
// Operator schemas (kubernetes-models) and checks what Earshot needs of it: probes on the real health endpoints,
// limits and security contexts, every setting the services read, topics, databases, autoscaler bounds, network
// flows, dashboards. Usage: node check.mjs RENDERED.yaml [--external-secrets a,b,...]
// Prints one line per problem and exits 1 if there is any. No cluster needed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SERVICES = {
  "listener-service": { short: "listener", redis: true, internet: true },
  "sentiment-service": { short: "sentiment" },
  "escalation-service": { short: "escalation", redis: true },
  "map-service": { short: "map", redis: true },
};
const HEALTH = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };

const sources = new Map();
/** A file of the repository, read once. */
function source(path) {
  if (!sources.has(path)) sources.set(path, readFileSync(join(REPO, path), "utf8"));
  return sources.get(path);
}

/** Environment variables a service reads: every ${VAR...} in its application.properties. */
export function variablesRead(service) {
  const props = source(`${service}/src/main/resources/application.properties`);
  return new Set([...props.matchAll(/\$\{([A-Z][A-Z0-9_]+)[:}]/g)].map((m) => m[1]));
}

/** Properties of a service (the prod profile: lines without a %profile prefix). */
function properties(service) {
  const out = {};
  for (const line of source(`${service}/src/main/resources/application.properties`).split("\n")) {
    const m = /^([a-z][^=%]*?)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The EARSHOT_* (and KAFKA_*) variables in the table of docs/configuration.md. */
export function readmeVariables() {
  const readme = source("docs/configuration.md");
  const start = readme.indexOf("# Configuration");
  const end = readme.indexOf("\nScripts:", start);
  const table = readme.slice(start, end).split("\n").filter((l) => l.startsWith("| `"));
  return new Set(table.flatMap((row) => [...row.split("|")[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])));
}

/** Topic names of the contracts module (io.earshot.contracts.Topics). */
function contractTopics() {
  const src = source("contracts/src/main/java/io/earshot/contracts/Topics.java");
  return [...src.matchAll(/public static final String \w+ = "([^"]+)"/g)].map((m) => m[1]);
}

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const candidates = [];
  if (group === "keda.sh") candidates.push(`@kubernetes-models/keda/keda.sh/${version}/${kind}`);
  else if (group === "monitoring.coreos.com") candidates.push(`@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}`);
  else candidates.push(group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`);
  for (const c of candidates) {
    try {
      return (await import(c))[kind];
    } catch {
      // not a known model
    }
  }
  return null;
}

/** Operator resources without a schema package here: their required fields are checked by hand below. */
const HAND_CHECKED = new Set(["kafka.strimzi.io/v1beta2:Kafka", "kafka.strimzi.io/v1beta2:KafkaNodePool",
  "kafka.strimzi.io/v1beta2:KafkaTopic", "postgresql.cnpg.io/v1:Cluster", "postgresql.cnpg.io/v1:Database"]);

export async function check(text, { externalSecrets = [] } = {}) {
  const problems = [];
  const fail = (where, msg) => problems.push(`${where}: ${msg}`);
  const docs = parseAllDocuments(text);
  const objects = [];
  for (const d of docs) {
    if (d.errors.length) fail("yaml", d.errors.map((e) => e.message).join("; "));
    const o = d.toJS();
    if (o) objects.push(o);
  }
  const id = (o) => `${o.kind}/${o.metadata?.name}`;
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const named = (kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);

  // 1. Schemas.
  for (const o of objects) {
    if (!o.apiVersion || !o.kind || !o.metadata?.name) {
      fail(id(o), "apiVersion, kind and metadata.name are required");
      continue;
    }
    if (o.kind !== "Namespace" && o.metadata.namespace !== "earshot") fail(id(o), `namespace ${o.metadata.namespace}, expected earshot`);
    const Model = await modelFor(o.apiVersion, o.kind);
    if (Model) {
      try {
        new Model(o).validate();
      } catch (e) {
        fail(id(o), `schema: ${e.message}`);
      }
    } else if (!HAND_CHECKED.has(`${o.apiVersion}:${o.kind}`)) {
      fail(id(o), `no schema known for ${o.apiVersion} ${o.kind}`);
    }
  }

  // Operator resources: the fields their operators require.
  const required = {
    Kafka: ["spec.kafka.listeners"], KafkaNodePool: ["spec.replicas", "spec.roles", "spec.storage.type"],
    KafkaTopic: ["spec.partitions", "spec.replicas"], Cluster: ["spec.instances", "spec.storage.size"],
    Database: ["spec.cluster.name", "spec.name", "spec.owner"],
  };
  for (const o of objects.filter((x) => HAND_CHECKED.has(`${x.apiVersion}:${x.kind}`))) {
    for (const path of required[o.kind]) if (path.split(".").reduce((v, k) => v?.[k], o) === undefined) fail(id(o), `${path} is required`);
  }

  // 2. Every Deployment: probes, requests and limits, security contexts, a writable /tmp.
  const secrets = new Map(byKind("Secret").map((s) => [s.metadata.name, { ...(s.data ? Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()])) : {}), ...(s.stringData ?? {}) }]));
  const secretExists = (name) => secrets.has(name) || externalSecrets.includes(name);
  for (const d of byKind("Deployment")) {
    const pod = d.spec.template.spec;
    const psc = pod.securityContext ?? {};
    if (psc.runAsNonRoot !== true) fail(id(d), "pod securityContext.runAsNonRoot must be true");
    if (psc.seccompProfile?.type !== "RuntimeDefault") fail(id(d), "pod seccompProfile must be RuntimeDefault");
    if (!named("PodDisruptionBudget", d.metadata.name)) fail(id(d), "no PodDisruptionBudget of the same name");
    for (const c of pod.containers) {
      const where = `${id(d)} container ${c.name}`;
      for (const p of Object.keys(HEALTH)) if (!c[p]) fail(where, `no ${p}`);
      for (const r of ["cpu", "memory"]) if (!c.resources?.requests?.[r]) fail(where, `no ${r} request`);
      if (!c.resources?.limits?.memory) fail(where, "no memory limit");
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) fail(where, "readOnlyRootFilesystem must be true");
      if (sc.allowPrivilegeEscalation !== false) fail(where, "allowPrivilegeEscalation must be false");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(where, "capabilities must drop ALL");
      const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
      if (!tmp || !(pod.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir)) fail(where, "/tmp must be an emptyDir");
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        if (s && !secretExists(s.name)) fail(where, `env ${e.name}: secret ${s.name} is neither rendered nor expected to exist`);
        if (s && secrets.has(s.name) && !(s.key in secrets.get(s.name))) fail(where, `env ${e.name}: secret ${s.name} has no key ${s.key}`);
      }
      for (const v of pod.volumes ?? []) if (v.secret && !secretExists(v.secret.secretName)) fail(where, `volume ${v.name}: secret ${v.secret.secretName} missing`);
      for (const v of pod.volumes ?? []) if (v.configMap && !named("ConfigMap", v.configMap.name)) fail(where, `volume ${v.name}: ConfigMap ${v.configMap.name} missing`);
    }
  }

  // 3. The four services: health endpoints on the HTTP port, every variable they read, Service, policies.
  const readme = readmeVariables();
  const setAnywhere = new Set();
  for (const [name, svc] of Object.entries(SERVICES)) {
    const d = named("Deployment", name);
    if (!d) {
      fail(name, "no Deployment");
      continue;
    }
    const c = d.spec.template.spec.containers[0];
    const env = new Map();
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) {
        const cm = named("ConfigMap", from.configMapRef.name);
        if (!cm) fail(name, `envFrom ConfigMap ${from.configMapRef.name} missing`);
        for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, v);
      }
      if (from.secretRef) fail(name, "envFrom secretRef: name each secret variable instead");
    }
    for (const e of c.env ?? []) env.set(e.name, e.value ?? (e.valueFrom?.secretKeyRef ? secrets.get(e.valueFrom.secretKeyRef.name)?.[e.valueFrom.secretKeyRef.key] ?? "<external>" : "<ref>"));
    for (const k of env.keys()) setAnywhere.add(k);
    for (const v of variablesRead(name)) if (!env.has(v)) fail(name, `reads ${v} but the Deployment does not set it`);
    for (const k of env.keys()) {
      if (k.startsWith("EARSHOT_") && !variablesRead(name).has(k)) fail(name, `sets ${k}, which ${name} does not read`);
      if (k.startsWith("EARSHOT_") && !readme.has(k)) fail(name, `sets ${k}, which docs/configuration.md does not document`);
    }
    const props = properties(name);
    const defaultPort = /\$\{EARSHOT_HTTP_PORT:(\d+)\}/.exec(props["quarkus.http.port"])?.[1];
    const port = c.ports?.find((p) => p.name === "http");
    if (!port) fail(name, "no container port named http");
    else if (String(port.containerPort) !== env.get("EARSHOT_HTTP_PORT")) fail(name, `container port ${port.containerPort} but EARSHOT_HTTP_PORT=${env.get("EARSHOT_HTTP_PORT")}`);
    else if (String(port.containerPort) !== defaultPort) fail(name, `container port ${port.containerPort}, the service's default is ${defaultPort}`);
    if (!source(`${name}/pom.xml`).includes("<artifactId>quarkus-smallrye-health</artifactId>")) fail(name, "no quarkus-smallrye-health: /q/health/* would not exist");
    for (const [p, path] of Object.entries(HEALTH)) {
      const g = c[p]?.httpGet;
      if (!g || g.path !== path || (g.port !== "http" && String(g.port) !== String(port?.containerPort))) fail(name, `${p} must GET ${path} on the http port`);
    }
    const ann = d.spec.template.metadata.annotations ?? {};
    if (ann["prometheus.io/scrape"] !== "true" || ann["prometheus.io/path"] !== props["quarkus.micrometer.export.prometheus.path"] || ann["prometheus.io/port"] !== String(port?.containerPort)) {
      fail(name, "prometheus.io annotations must name the metrics path and port");
    }
    const image = c.image.replace(/[:@].*$/, "");
    const built = `${props["quarkus.container-image.group"]}/${props["quarkus.container-image.name"]}`;
    if (!image.endsWith(built)) fail(name, `image ${c.image} is not the one the build makes (${built})`);
    if (props["quarkus.container-image.build"] !== "false") fail(name, "quarkus.container-image.build must default to false");
    if (props["quarkus.jib.ports"] !== String(port?.containerPort)) fail(name, `the image exposes ${props["quarkus.jib.ports"]}, the pod listens on ${port?.containerPort}`);
    if (props["quarkus.jib.user"] !== String(d.spec.template.spec.securityContext?.runAsUser)) fail(name, `the image runs as ${props["quarkus.jib.user"]}, the pod as ${d.spec.template.spec.securityContext?.runAsUser}`);
    const service = named("Service", name);
    if (!service || service.spec.ports[0].targetPort !== "http") fail(name, "no Service targeting the http port");
    if (env.get("EARSHOT_DB_NAME") !== `earshot_${svc.short}`) fail(name, `EARSHOT_DB_NAME=${env.get("EARSHOT_DB_NAME")}, expected earshot_${svc.short}`);
    const labels = d.spec.template.metadata.labels;
    const policies = byKind("NetworkPolicy").filter((np) => selects(np.spec.podSelector, labels));
    if (!policies.some((np) => (np.spec.policyTypes ?? []).includes("Egress") && !np.spec.egress)) fail(name, "no default-deny egress policy selects it");
    if (!policies.some((np) => (np.spec.ingress ?? []).some((r) => (r.ports ?? []).some((p) => p.port === "http")))) fail(name, "no policy admits HTTP");
    const egressPorts = new Set(policies.flatMap((np) => (np.spec.egress ?? []).flatMap((r) => (r.ports ?? []).map((p) => p.port))));
    for (const p of [53, 9092, 5432, 4317]) if (!egressPorts.has(p)) fail(name, `no egress on port ${p}`);
    if (Boolean(svc.redis) !== egressPorts.has(6379)) fail(name, svc.redis ? "needs Redis egress" : "must not reach Redis");
    if (Boolean(svc.internet) !== egressPorts.has(443)) fail(name, svc.internet ? "needs internet egress on 443 for polled sources" : "must not reach the internet");
  }
  for (const v of readme) if (!setAnywhere.has(v)) fail("docs/configuration.md", `${v} is documented but no Deployment sets it`);

  // 4. Autoscaling: each target exists, no Deployment under two autoscalers, consumer lag on the real group and topic,
  //    maxReplicaCount <= partitions.
  const topics = new Map(byKind("KafkaTopic").map((t) => [t.spec.topicName ?? t.metadata.name, t]));
  const scaled = new Map();
  for (const h of byKind("HorizontalPodAutoscaler")) scaled.set(h.spec.scaleTargetRef.name, [...(scaled.get(h.spec.scaleTargetRef.name) ?? []), id(h)]);
  for (const so of byKind("ScaledObject")) {
    const target = so.spec.scaleTargetRef.name;
    scaled.set(target, [...(scaled.get(target) ?? []), id(so)]);
    if (!named("Deployment", target)) fail(id(so), `target ${target} missing`);
    for (const t of so.spec.triggers.filter((t) => t.type === "kafka")) {
      const props = SERVICES[target] ? properties(target) : {};
      const channel = Object.keys(props).find((k) => /^mp\.messaging\.incoming\.[^.]+\.topic$/.test(k) && props[k] === t.metadata.topic);
      if (!channel) fail(id(so), `${target} consumes no topic ${t.metadata.topic}`);
      else if (props[channel.replace(/\.topic$/, ".group.id")] !== t.metadata.consumerGroup) fail(id(so), `group ${t.metadata.consumerGroup} is not ${target}'s group on ${t.metadata.topic}`);
      const [bHost, bPort] = (named("ConfigMap", "earshot-common")?.data.KAFKA_BOOTSTRAP_SERVERS ?? "").split(",")[0].split(":");
      const [tHost, tPort] = (t.metadata.bootstrapServers ?? "").split(",")[0].split(":");
      if (tHost.split(".")[0] !== bHost.split(".")[0] || tPort !== bPort) fail(id(so), `reads lag from ${t.metadata.bootstrapServers}, the services use ${bHost}:${bPort}`);
      const topic = topics.get(t.metadata.topic);
      if (topics.size && !topic) fail(id(so), `topic ${t.metadata.topic} has no KafkaTopic`);
      if (topic && so.spec.maxReplicaCount > topic.spec.partitions) fail(id(so), `maxReplicaCount ${so.spec.maxReplicaCount} > ${topic.spec.partitions} partitions of ${t.metadata.topic}`);
      if (so.spec.minReplicaCount > so.spec.maxReplicaCount) fail(id(so), "minReplicaCount > maxReplicaCount");
    }
  }
  for (const [target, owners] of scaled) if (owners.length > 1) fail(target, `scaled by ${owners.join(" and ")}`);
  for (const name of Object.keys(SERVICES)) if (!scaled.has(name)) fail(name, "no autoscaler");
  for (const name of scaled.keys()) if (named("Deployment", name)?.spec.replicas !== undefined) fail(name, "autoscaled, so spec.replicas must be left out (every apply would reset it)");

  // 5. Kafka: node pool and cluster, every topic (and DLQ) the services and contracts use, replication within bounds.
  if (byKind("Kafka").length) {
    const kafka = byKind("Kafka")[0];
    const pools = byKind("KafkaNodePool").filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
    if (!pools.length) fail(id(kafka), "no KafkaNodePool");
    const brokers = pools.filter((p) => (p.spec.roles ?? []).includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
    if (!pools.some((p) => (p.spec.roles ?? []).includes("controller"))) fail(id(kafka), "no KRaft controller pool");
    if (!kafka.spec.entityOperator?.topicOperator) fail(id(kafka), "the topic operator must run for KafkaTopic resources");
    const listener = (kafka.spec.kafka?.listeners ?? []).find((l) => `${kafka.metadata.name}-kafka-bootstrap:${l.port}` === named("ConfigMap", "earshot-common")?.data.KAFKA_BOOTSTRAP_SERVERS);
    if (!listener) fail(id(kafka), "no listener matches KAFKA_BOOTSTRAP_SERVERS");
    const minIsr = Number(kafka.spec.kafka?.config?.["min.insync.replicas"] ?? 1);
    if (Number(kafka.spec.kafka?.config?.["default.replication.factor"] ?? 1) > brokers) fail(id(kafka), "default.replication.factor > brokers");
    const used = new Set(contractTopics().flatMap((t) => [t, `${t}.dlq`]));
    for (const s of Object.keys(SERVICES)) {
      for (const [k, v] of Object.entries(properties(s))) if (/^mp\.messaging\..*\.topic$/.test(k)) used.add(v);
    }
    for (const t of used) if (!topics.has(t)) fail("KafkaTopic", `${t} is used but not declared`);
    for (const [name, t] of topics) {
      if (t.metadata.labels?.["strimzi.io/cluster"] !== kafka.metadata.name) fail(`KafkaTopic/${name}`, "not labelled with the cluster");
      if (!(t.spec.partitions >= 1) || !(t.spec.replicas >= 1)) fail(`KafkaTopic/${name}`, "partitions and replicas required");
      if (t.spec.replicas > brokers) fail(`KafkaTopic/${name}`, `replicas ${t.spec.replicas} > ${brokers} brokers`);
      const isr = Number(t.spec.config?.["min.insync.replicas"] ?? minIsr);
      if (isr > t.spec.replicas) fail(`KafkaTopic/${name}`, "min.insync.replicas > replicas: producers with acks=all would fail");
      if (!t.spec.config?.["retention.ms"]) fail(`KafkaTopic/${name}`, "no retention.ms");
    }
  }

  // 6. PostgreSQL: one database per service owned by the role in the service's secret, every role managed.
  const clusters = byKind("Cluster");
  if (clusters.length) {
    const pg = clusters[0];
    if (`${pg.metadata.name}-rw` !== named("ConfigMap", "earshot-common")?.data.EARSHOT_PG_HOST) fail(id(pg), "EARSHOT_PG_HOST must be its -rw service");
    const dbs = new Map([[pg.spec.bootstrap?.initdb?.database, { owner: pg.spec.bootstrap?.initdb?.owner, secret: pg.spec.bootstrap?.initdb?.secret?.name }]]);
    for (const db of byKind("Database")) {
      if (db.spec.cluster?.name !== pg.metadata.name) fail(id(db), "not in the cluster");
      dbs.set(db.spec.name, { owner: db.spec.owner });
    }
    const roles = new Map((pg.spec.managed?.roles ?? []).map((r) => [r.name, r.passwordSecret?.name]));
    for (const [name, svc] of Object.entries(SERVICES)) {
      const want = `earshot_${svc.short}`;
      const db = dbs.get(want);
      const secretName = `earshot-pg-${svc.short}`;
      if (!db) {
        fail(id(pg), `no database ${want} for ${name}`);
        continue;
      }
      if (db.secret ? db.secret !== secretName : roles.get(db.owner) !== secretName) fail(id(pg), `role ${db.owner} must take its password from ${secretName}`);
      const user = secrets.get(secretName)?.username;
      if (user !== undefined && user !== db.owner) fail(id(pg), `${secretName} logs in as ${user}, but ${want} is owned by ${db.owner}`);
    }
  }

  // 7. Observability: OTLP endpoint is the collector, dashboards parse and show what the issue asks for.
  const common = named("ConfigMap", "earshot-common")?.data ?? {};
  const collector = objects.find((o) => o.kind === "Service" && o.metadata.labels?.["app.kubernetes.io/name"] === "otel-collector");
  if (collector && !common.EARSHOT_OTLP_ENDPOINT?.startsWith(`http://${collector.metadata.name}:4317`)) fail("earshot-common", "EARSHOT_OTLP_ENDPOINT must point at the collector's OTLP/gRPC port");
  if (collector) {
    const cm = objects.find((o) => o.kind === "ConfigMap" && o.data?.["config.yaml"]?.includes("receivers:"));
    const conf = cm ? parseAllDocuments(cm.data["config.yaml"])[0].toJS() : null;
    const traces = conf?.service?.pipelines?.traces;
    if (!traces) fail("otel-collector", "no collector config with a traces pipeline");
    for (const part of ["receivers", "processors", "exporters"]) {
      for (const c of traces?.[part] ?? []) if (!(c in (conf[part] ?? {}))) fail("otel-collector", `pipeline uses ${part} ${c}, which is not defined`);
    }
    if (!conf?.receivers?.otlp?.protocols?.grpc?.endpoint?.endsWith(":4317")) fail("otel-collector", "the OTLP receiver must listen on 4317 (gRPC)");
  }
  const dashboards = byKind("ConfigMap").filter((cm) => cm.metadata.labels?.grafana_dashboard);
  if (collector && !dashboards.length) fail("grafana", "no ConfigMap labelled grafana_dashboard");
  for (const cm of dashboards) {
    for (const [file, json] of Object.entries(cm.data)) {
      let dash;
      try {
        dash = JSON.parse(json);
      } catch (e) {
        fail(`${id(cm)} ${file}`, `not JSON: ${e.message}`);
        continue;
      }
      const exprs = (dash.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
      for (const metric of ["http_server_requests_seconds_count", "kafka_consumer_fetch_manager_records_consumed_total", "kafka_consumergroup_lag", "earshot_sla_breaches_total", "earshot_crisis_alerts_total"]) {
        if (!exprs.some((e) => e.includes(metric))) fail(`${id(cm)} ${file}`, `no panel queries ${metric}`);
      }
    }
  }
  if (!byKind("ServiceMonitor").some((sm) => selects({ matchLabels: sm.spec.selector.matchLabels }, { "app.kubernetes.io/component": "service" }))) fail("ServiceMonitor", "none selects the services");
  return problems;
}

function selects(selector, labels) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  const i = rest.indexOf("--external-secrets");
  const externalSecrets = i >= 0 ? rest[i + 1].split(",").filter(Boolean) : [];
  const problems = await check(readFileSync(file, "utf8"), { externalSecrets });
  for (const p of problems) console.log(`  ${p}`);
  console.log(`${file}: ${problems.length ? `${problems.length} problem(s)` : "ok"}`);
  process.exit(problems.length ? 1 : 0);
}
