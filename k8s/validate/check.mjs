// Validates one rendered Kustomize overlay (a multi-document YAML file) against the Kubernetes, KEDA and Prometheus
// Operator schemas (kubernetes-models) and checks what Earshot needs of it: probes on the real health endpoints,
// limits and security contexts, every setting the services read, topics, databases, autoscaler bounds, network
// flows, dashboards. Usage: node check.mjs RENDERED.yaml [--external-secrets a,b,...]
// Prints one line per problem and exits 1 if there is any. No cluster needed.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SERVICES = {
  "listener-service": { short: "listener" },
  "sentiment-service": { short: "sentiment" },
  "escalation-service": { short: "escalation" },
  "map-service": { short: "map" },
};
/** Consumer groups of control topics (little volume, a few partitions): their lag needs no autoscaling trigger. */
const CONTROL_TOPICS = /^(privacy\.|sources\.health$)/;
/** Connections kept free of the services' pools: superuser slots, CloudNativePG's own, a person's psql. */
const PG_HEADROOM = 10;
/** Below this much memory outside the heap a JVM service is OOM-killed under load (measured RSS - heap, 2026-12). */
const MIN_NON_HEAP_MIB = 400;
/** NodeLocal DNSCache's usual link-local address. */
const NODE_LOCAL_DNS = "169.254.20.10";
/** API groups whose current operators serve one version only. */
const CURRENT_API = { "kafka.strimzi.io": "v1", "core.strimzi.io": "v1" };
const OBSOLETE_ANNOTATIONS = ["strimzi.io/node-pools", "strimzi.io/kraft"];
const HEALTH = { startupProbe: "/q/health/started", livenessProbe: "/q/health/live", readinessProbe: "/q/health/ready" };

const sources = new Map();
/** For the self-test: check as if the repository file PATH held TEXT (undo with restoreSources). */
export function overrideSource(path, text) {
  sources.set(path, text);
}
export function restoreSources() {
  sources.clear();
}

/** Every Java source file under DIR, concatenated (what a service's main code really does). */
function javaText(dir) {
  let out = "";
  for (const e of readdirSync(join(REPO, dir), { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory()) out += javaText(p);
    else if (e.name.endsWith(".java")) out += source(p);
  }
  return out;
}

/** What a service really uses, read from its configuration and code rather than kept by hand. */
export function needs(service) {
  const props = properties(service);
  return {
    // A Redis client is configured (platform's idempotency filter uses it in every service; only a configured host is used).
    redis: "quarkus.redis.hosts" in props,
    // Outbound HTTP to the internet: polled sources, webhooks (java.net.http or the shared outbound client).
    internet: /java\.net\.http\.HttpClient|OutboundHttp/.test(javaText(`${service}/src/main/java`)),
  };
}

/** ${VAR:default} resolved against a Deployment's environment (a plain value stays as it is). */
function resolve(value, env) {
  if (value === undefined) return undefined;
  return value.replace(/\$\{([A-Z][A-Z0-9_]*)(?::([^}]*))?\}/g, (_, v, d) => env?.get(v) ?? d ?? "");
}

/** Incoming Kafka channels of a service: name, topic, group and consumers per pod. */
export function incomingChannels(service, env) {
  const props = properties(service);
  return Object.keys(props)
    .map((k) => /^mp\.messaging\.incoming\.([^.]+)\.topic$/.exec(k)?.[1])
    .filter(Boolean)
    .map((ch) => ({
      channel: ch,
      topic: props[`mp.messaging.incoming.${ch}.topic`],
      group: props[`mp.messaging.incoming.${ch}.group.id`],
      concurrency: Number(resolve(props[`mp.messaging.incoming.${ch}.concurrency`] ?? "1", env)),
    }));
}

/**
 * What a service does on Kafka, from its configuration and code: it reads each incoming channel's topic in the
 * channel's group; it writes each outgoing channel's topic, each dead-letter topic, and each contracts topic its code
 * names (Topics.X, e.g. the listener's outbox rows). The least-privilege ACLs of its KafkaUser.
 */
export function kafkaAccess(service) {
  const props = properties(service);
  const read = new Set();
  const groups = new Set();
  const write = new Set();
  for (const c of incomingChannels(service)) {
    read.add(c.topic);
    if (c.group) groups.add(c.group);
    if (props[`mp.messaging.incoming.${c.channel}.failure-strategy`] === "dead-letter-queue") {
      write.add(props[`mp.messaging.incoming.${c.channel}.dead-letter-queue.topic`] ?? `dead-letter-topic-${c.channel}`);
    }
  }
  for (const [k, v] of Object.entries(props)) if (/^mp\.messaging\.outgoing\.[^.]+\.topic$/.test(k)) write.add(v);
  const constants = new Map(contractTopicConstants());
  for (const m of javaText(`${service}/src/main/java`).matchAll(/\bTopics\.([A-Z_]+)\b/g)) if (constants.has(m[1])) write.add(constants.get(m[1]));
  return { read, groups, write };
}

/** The ACLs a KafkaUser grants, as "type:name:Operation" strings (literal patterns only; anything else is reported). */
function grants(user, fail) {
  const out = new Set();
  for (const acl of user.spec?.authorization?.acls ?? []) {
    const r = acl.resource ?? {};
    if ((acl.type ?? "allow") !== "allow") continue;
    if ((r.patternType ?? "literal") !== "literal" || r.name === "*") fail(`KafkaUser/${user.metadata.name}`, `grants ${r.type} "${r.name}" by a ${r.patternType ?? "literal"} pattern: name each resource`);
    for (const op of acl.operations ?? []) out.add(`${r.type}:${r.name ?? ""}:${op}`);
  }
  return out;
}

/** "topic:mentions.raw:Read" as "Read on topic mentions.raw". */
function acl(grant) {
  return grant.replace(/^(\w+):(.*):(\w+)$/, "$3 on $1 $2");
}

/** Parses a Redis ACL file: user name -> its rules. */
function redisUsers(text) {
  const users = new Map();
  for (const line of String(text ?? "").split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts[0] === "user" && parts[1]) users.set(parts[1], parts.slice(2));
  }
  return users;
}

function ipv4(a) {
  return a.split(".").reduce((n, o) => n * 256 + Number(o), 0);
}
function inCidr(addr, cidr) {
  const [net, bits] = cidr.split("/");
  if (!net.includes(".") || !addr.includes(".")) return false;
  const size = 2 ** (32 - Number(bits ?? 32));
  return Math.floor(ipv4(addr) / size) === Math.floor(ipv4(net) / size);
}

function memMiB(q) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(q ?? ""));
  if (!m) return NaN;
  const f = { Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1000 / 1048576, M: 1e6 / 1048576, G: 1e9 / 1048576 }[m[2]] ?? 1 / 1048576;
  return Number(m[1]) * f;
}
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

/** Constants of the contracts module's io.earshot.contracts.Topics: [NAME, topic]. */
function contractTopicConstants() {
  const src = source("contracts/src/main/java/io/earshot/contracts/Topics.java");
  return [...src.matchAll(/public static final String (\w+) = "([^"]+)"/g)].map((m) => [m[1], m[2]]);
}

/** Topic names of the contracts module (io.earshot.contracts.Topics). */
function contractTopics() {
  return contractTopicConstants().map(([, t]) => t);
}

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const candidates = [];
  if (group === "keda.sh") candidates.push(`@kubernetes-models/keda/keda.sh/${version}/${kind}`);
  else if (group === "kafka.strimzi.io" || group === "core.strimzi.io") candidates.push(`@kubernetes-models/strimzi-kafka-operator/${group}/${version}/${kind}`);
  else if (group === "postgresql.cnpg.io") candidates.push(`@kubernetes-models/cloudnative-pg/${group}/${version}/${kind}`);
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

/** Operator resources without a schema package here: their required fields are checked by hand below. Strimzi
 *  (kafka.strimzi.io/v1) and CloudNativePG (postgresql.cnpg.io/v1) are checked against the schemas generated from
 *  their operators' published CRDs (@kubernetes-models/strimzi-kafka-operator, @kubernetes-models/cloudnative-pg). */
const HAND_CHECKED = new Set(["barmancloud.cnpg.io/v1:ObjectStore"]);

export async function check(text, { externalSecrets = [], production = false } = {}) {
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
    const [group, version] = o.apiVersion.includes("/") ? o.apiVersion.split("/") : [null, o.apiVersion];
    if (CURRENT_API[group] && CURRENT_API[group] !== version) fail(id(o), `${o.apiVersion} is not served by the current operator (only ${group}/${CURRENT_API[group]})`);
    for (const a of OBSOLETE_ANNOTATIONS) if (o.metadata.annotations?.[a] !== undefined) fail(id(o), `annotation ${a} is obsolete (KRaft and node pools are the only mode)`);
    if (o.kind === "Cluster" && o.spec?.monitoring?.enablePodMonitor !== undefined) fail(id(o), "monitoring.enablePodMonitor is deprecated: declare a PodMonitor");
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
  const required = { ObjectStore: ["spec.configuration.destinationPath"] };
  for (const o of objects.filter((x) => HAND_CHECKED.has(`${x.apiVersion}:${x.kind}`))) {
    for (const path of required[o.kind]) if (path.split(".").reduce((v, k) => v?.[k], o) === undefined) fail(id(o), `${path} is required`);
  }

  // 2. Every Deployment: probes, requests and limits, security contexts, a writable /tmp.
  const secrets = new Map(byKind("Secret").map((s) => [s.metadata.name, { ...(s.data ? Object.fromEntries(Object.entries(s.data).map(([k, v]) => [k, Buffer.from(v, "base64").toString()])) : {}), ...(s.stringData ?? {}) }]));
  // Secrets the operators write: each KafkaUser's (its name) and the Kafka cluster CA (<cluster>-cluster-ca-cert).
  const operatorSecrets = new Set([...byKind("KafkaUser").map((u) => u.metadata.name), ...byKind("Kafka").map((k) => `${k.metadata.name}-cluster-ca-cert`)]);
  const secretExists = (name) => secrets.has(name) || externalSecrets.includes(name) || operatorSecrets.has(name);
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
  const envOf = new Map();
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
    envOf.set(name, env);
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
    const egressRules = policies.flatMap((np) => np.spec.egress ?? []);
    const egressPorts = new Set(egressRules.flatMap((r) => (r.ports ?? []).map((p) => p.port)));
    const kafkaPort = Number((env.get("KAFKA_BOOTSTRAP_SERVERS") ?? "").split(",")[0].split(":")[1]);
    for (const p of [53, kafkaPort, 5432, 4317]) if (!egressPorts.has(p)) fail(name, `no egress on port ${p}`);
    const dnsRules = egressRules.filter((r) => (r.ports ?? []).some((p) => p.port === 53));
    if (!dnsRules.some((r) => (r.to ?? []).some((t) => t.ipBlock && inCidr(NODE_LOCAL_DNS, t.ipBlock.cidr)))) fail(name, `DNS egress does not reach NodeLocal DNSCache (${NODE_LOCAL_DNS})`);
    const need = needs(name);
    if (need.redis !== egressPorts.has(6379)) fail(name, need.redis ? "uses Redis (quarkus.redis.hosts) but has no Redis egress" : "must not reach Redis (it configures none)");
    const redisAdmits = byKind("NetworkPolicy").filter((np) => selects(np.spec.podSelector, { "app.kubernetes.io/name": "redis" }))
      .some((np) => (np.spec.ingress ?? []).some((r) => (r.from ?? []).some((f) => f.podSelector && !f.namespaceSelector && selects(f.podSelector, labels))));
    if (byKind("Deployment").some((x) => x.metadata.name === "earshot-redis") && need.redis !== redisAdmits) fail(name, need.redis ? "uses Redis but Redis's ingress policy refuses it" : "Redis admits it although it uses none");
    const internet = egressRules.some((r) => (r.ports ?? []).some((p) => p.port === 443) && (r.to ?? []).some((t) => t.ipBlock?.cidr === "0.0.0.0/0"));
    if (need.internet !== internet) fail(name, need.internet ? "makes outbound HTTP calls (sources, webhooks) but has no internet egress on 443" : "must not reach the internet (it makes no outbound HTTP calls)");
    // Readiness reflects what serving needs: never Redis (disposable); not Kafka where an outbox keeps the writes.
    if (need.redis && props["quarkus.redis.health.enabled"] !== "false") fail(name, "Redis is a readiness check: a Redis restart would take the service out of its Service (set quarkus.redis.health.enabled=false)");
    if (/class OutboxRelay\b/.test(javaText(`${name}/src/main/java`))) {
      if (props["quarkus.kafka.health.enabled"] !== "false") fail(name, "Kafka is a readiness check although the outbox keeps writes through an outage (quarkus.kafka.health.enabled=false)");
      for (const k of Object.keys(props).filter((k) => /^mp\.messaging\.(outgoing|incoming)\.[^.]+\.topic$/.test(k))) {
        const ch = k.replace(/\.topic$/, "");
        if (props[`${ch}.health-readiness-enabled`] !== "false") fail(name, `${ch} is a readiness check although the outbox keeps writes through a Kafka outage`);
      }
    }
    const mem = memMiB(c.resources?.limits?.memory);
    const ramPct = Number(/MaxRAMPercentage=(\d+(?:\.\d+)?)/.exec(env.get("JAVA_OPTS_APPEND") ?? "")?.[1] ?? 25);
    if (mem - (mem * ramPct) / 100 < MIN_NON_HEAP_MIB) fail(name, `memory limit ${c.resources?.limits?.memory} at MaxRAMPercentage=${ramPct} leaves ${Math.round(mem - (mem * ramPct) / 100)} MiB outside the heap, below the measured ${MIN_NON_HEAP_MIB} MiB`);
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
      const channels = Object.keys(props).filter((k) => /^mp\.messaging\.incoming\.[^.]+\.topic$/.test(k) && props[k] === t.metadata.topic);
      if (!channels.length) fail(id(so), `${target} consumes no topic ${t.metadata.topic}`);
      else if (!channels.some((ch) => props[ch.replace(/\.topic$/, ".group.id")] === t.metadata.consumerGroup)) fail(id(so), `group ${t.metadata.consumerGroup} is not ${target}'s group on ${t.metadata.topic}`);
      const [bHost, bPort] = (named("ConfigMap", "earshot-common")?.data.KAFKA_BOOTSTRAP_SERVERS ?? "").split(",")[0].split(":");
      const [tHost, tPort] = (t.metadata.bootstrapServers ?? "").split(",")[0].split(":");
      if (tHost.split(".")[0] !== bHost.split(".")[0] || tPort !== bPort) fail(id(so), `reads lag from ${t.metadata.bootstrapServers}, the services use ${bHost}:${bPort}`);
      const topic = topics.get(t.metadata.topic);
      if (topics.size && !topic) fail(id(so), `topic ${t.metadata.topic} has no KafkaTopic`);
      const perPod = SERVICES[target] ? Math.max(1, ...incomingChannels(target, envOf.get(target)).filter((c) => c.topic === t.metadata.topic && c.group === t.metadata.consumerGroup).map((c) => c.concurrency)) : 1;
      if (topic && so.spec.maxReplicaCount * perPod > topic.spec.partitions) fail(id(so), `maxReplicaCount ${so.spec.maxReplicaCount} x ${perPod} consumers per pod > ${topic.spec.partitions} partitions of ${t.metadata.topic}: the extra consumers sit idle`);
      if (so.spec.minReplicaCount > so.spec.maxReplicaCount) fail(id(so), "minReplicaCount > maxReplicaCount");
    }
    if (SERVICES[target]) {
      for (const ch of incomingChannels(target, envOf.get(target)).filter((c) => !CONTROL_TOPICS.test(c.topic))) {
        if (!so.spec.triggers.some((t) => t.type === "kafka" && t.metadata.consumerGroup === ch.group && t.metadata.topic === ch.topic)) fail(id(so), `no kafka trigger watches the lag of group ${ch.group} on ${ch.topic}`);
      }
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

  // 5b. Kafka security: every listener encrypted and signing clients in, authorization on; each service signs in as
  //     its own KafkaUser whose ACLs are exactly what kafkaAccess derives; KEDA reads lag as a Describe-only user.
  const common0 = named("ConfigMap", "earshot-common")?.data ?? {};
  if (!/^(SASL_SSL|SSL)$/.test(common0.KAFKA_SECURITY_PROTOCOL ?? "")) fail("earshot-common", `KAFKA_SECURITY_PROTOCOL=${common0.KAFKA_SECURITY_PROTOCOL}: the services must reach Kafka over TLS (SASL_SSL or SSL)`);
  if (byKind("Kafka").length) {
    const kafka = byKind("Kafka")[0];
    for (const l of kafka.spec.kafka?.listeners ?? []) {
      if (l.tls !== true) fail(id(kafka), `listener ${l.name} is not TLS`);
      if (!l.authentication?.type) fail(id(kafka), `listener ${l.name} lets clients in without signing in`);
      else if (l.authentication.type === "scram-sha-512" && common0.KAFKA_SASL_MECHANISM !== "SCRAM-SHA-512") fail("earshot-common", `KAFKA_SASL_MECHANISM=${common0.KAFKA_SASL_MECHANISM}, the listener wants SCRAM-SHA-512`);
    }
    if (!kafka.spec.kafka?.authorization?.type) fail(id(kafka), "no authorization: any signed-in client may read and write every topic");
    if (!kafka.spec.entityOperator?.userOperator) fail(id(kafka), "the user operator must run for KafkaUser resources");
    const users = new Map(byKind("KafkaUser").map((u) => [u.metadata.name, u]));
    const owners = new Map();
    for (const name of Object.keys(SERVICES)) {
      const c = named("Deployment", name)?.spec.template.spec.containers[0];
      if (!c) continue;
      const jaas = (c.env ?? []).find((e) => e.name === "KAFKA_SASL_JAAS_CONFIG")?.valueFrom?.secretKeyRef;
      if (!jaas) {
        fail(name, "KAFKA_SASL_JAAS_CONFIG must come from its KafkaUser's Secret");
        continue;
      }
      const user = users.get(jaas.name);
      if (!user) {
        fail(name, `signs in to Kafka with Secret ${jaas.name}, which no KafkaUser makes`);
        continue;
      }
      if (owners.has(jaas.name)) fail(name, `shares the KafkaUser ${jaas.name} with ${owners.get(jaas.name)}`);
      owners.set(jaas.name, name);
      if (user.metadata.labels?.["strimzi.io/cluster"] !== kafka.metadata.name) fail(id(user), "not labelled with the cluster");
      if (user.spec?.authentication?.type !== "scram-sha-512") fail(id(user), "must sign in with scram-sha-512, as the listener asks");
      const access = kafkaAccess(name);
      const want = new Set([...[...access.read].map((t) => `topic:${t}:Read`), ...[...access.groups].map((g) => `group:${g}:Read`), ...[...access.write].map((t) => `topic:${t}:Write`)]);
      const have = grants(user, fail);
      for (const w of want) if (!have.has(w)) fail(id(user), `${name} needs ${acl(w)}, which it does not grant`);
      for (const h of have) if (!want.has(h)) fail(id(user), `grants ${acl(h)}, which ${name} does not use`);
      const location = common0.KAFKA_SSL_TRUSTSTORE_LOCATION ?? "";
      const mount = (c.volumeMounts ?? []).find((m) => location.startsWith(`${m.mountPath}/`));
      const volume = mount && (named("Deployment", name).spec.template.spec.volumes ?? []).find((v) => v.name === mount.name);
      if (!volume?.secret || volume.secret.secretName !== `${kafka.metadata.name}-cluster-ca-cert`) fail(name, `KAFKA_SSL_TRUSTSTORE_LOCATION ${location} is not the mounted cluster CA (${kafka.metadata.name}-cluster-ca-cert)`);
    }
    // KEDA: every lag trigger signs in; its user may only describe the topics and groups the triggers watch.
    const kafkaTriggers = byKind("ScaledObject").flatMap((so) => so.spec.triggers.filter((t) => t.type === "kafka").map((t) => [so, t]));
    const kedaWant = new Set();
    const kedaSecrets = new Set();
    for (const [so, t] of kafkaTriggers) {
      kedaWant.add(`topic:${t.metadata.topic}:Describe`);
      kedaWant.add(`group:${t.metadata.consumerGroup}:Describe`);
      if (t.metadata.tls !== "enable" || t.metadata.sasl !== "scram_sha512") fail(id(so), `the kafka trigger must use tls: enable and sasl: scram_sha512, as the listener asks`);
      const ta = named("TriggerAuthentication", t.authenticationRef?.name);
      if (!ta) {
        fail(id(so), "the kafka trigger has no TriggerAuthentication: KEDA could not sign in");
        continue;
      }
      const refs = new Map((ta.spec.secretTargetRef ?? []).map((r) => [r.parameter, r]));
      for (const p of ["username", "password", "ca"]) if (!refs.has(p)) fail(id(ta), `no ${p}`);
      if (refs.get("ca") && refs.get("ca").name !== `${kafka.metadata.name}-cluster-ca-cert`) fail(id(ta), "ca must be the Kafka cluster CA");
      if (refs.get("password")) kedaSecrets.add(refs.get("password").name);
    }
    for (const secretName of kedaSecrets) {
      const user = byKind("KafkaUser").find((u) => u.spec?.authentication?.password?.valueFrom?.secretKeyRef?.name === secretName);
      if (!user) {
        fail(`Secret/${secretName}`, "KEDA signs in with it, but no KafkaUser takes its password from it");
        continue;
      }
      const have = grants(user, fail);
      for (const w of kedaWant) if (!have.has(w)) fail(id(user), `KEDA needs ${acl(w)}, which it does not grant`);
      for (const h of have) if (!kedaWant.has(h)) fail(id(user), `grants ${acl(h)}, which KEDA's triggers do not watch`);
    }
    for (const u of byKind("KafkaUser")) if (!owners.has(u.metadata.name) && !kedaSecrets.has(u.spec?.authentication?.password?.valueFrom?.secretKeyRef?.name)) fail(id(u), "no service or trigger signs in as this user");
  }

  // 5c. Redis: credentials only in Secrets; when the Redis of k8s/infra runs, it loads an ACL file in which the
  //     default user cannot touch keys and each service's user is confined to its own key prefix and channels.
  const redisDeployment = named("Deployment", "earshot-redis");
  const aclArg = redisDeployment?.spec.template.spec.containers[0].args ?? [];
  const aclPath = aclArg.includes("--aclfile") ? aclArg[aclArg.indexOf("--aclfile") + 1] : undefined;
  let aclUsers;
  if (redisDeployment) {
    if (!aclPath) fail(id(redisDeployment), "no --aclfile: every client would be the all-powerful default user");
    else {
      const pod = redisDeployment.spec.template.spec;
      const mount = (pod.containers[0].volumeMounts ?? []).find((m) => aclPath.startsWith(`${m.mountPath}/`));
      const volume = mount && (pod.volumes ?? []).find((v) => v.name === mount.name);
      if (!volume?.secret) fail(id(redisDeployment), `the ACL file ${aclPath} must come from a mounted Secret`);
      else if (secrets.has(volume.secret.secretName)) aclUsers = redisUsers(Object.values(secrets.get(volume.secret.secretName))[0]);
    }
  }
  if (aclUsers) {
    const dflt = aclUsers.get("default");
    if (!dflt) fail("earshot-redis ACL", "no rule for the default user: it keeps every key and command");
    else if (dflt.includes("on") && dflt.some((r) => /^(~|%|allkeys$|allcommands$|\+@all$)/.test(r))) fail("earshot-redis ACL", "the default (unauthenticated) user may touch keys or run commands beyond PING");
  }
  for (const name of Object.keys(SERVICES)) {
    if (!needs(name).redis) continue;
    const c = named("Deployment", name)?.spec.template.spec.containers[0];
    const ref = (c?.env ?? []).find((e) => e.name === "EARSHOT_REDIS_URL")?.valueFrom?.secretKeyRef;
    if (!ref) {
      fail(name, "EARSHOT_REDIS_URL carries Redis credentials: it must come from a Secret");
      continue;
    }
    if (!aclUsers || !secrets.has(ref.name)) continue;
    const url = /^rediss?:\/\/([^:@/]+):[^@]+@/.exec(secrets.get(ref.name)[ref.key] ?? "");
    const rules = url && aclUsers.get(url[1]);
    if (!rules) {
      fail(name, `its Redis URL names no user of the ACL file`);
      continue;
    }
    const prefix = resolve(properties(name)["earshot.redis.key-prefix"], envOf.get(name));
    const keys = rules.filter((r) => r.startsWith("~") || r.startsWith("%") || r === "allkeys");
    const channels = rules.filter((r) => r.startsWith("&") || r === "allchannels");
    if (!rules.includes("on")) fail(name, `Redis user ${url[1]} is off`);
    if (keys.length !== 1 || keys[0] !== `~${prefix}*`) fail(name, `Redis user ${url[1]} may touch ${keys.join(" ") || "no keys"}; it needs exactly ~${prefix}*`);
    if (channels.some((r) => r !== `&${prefix}*`)) fail(name, `Redis user ${url[1]} may use channels ${channels.join(" ")}; only &${prefix}* is its own`);
    if (!rules.includes("-@dangerous") || !rules.includes("-@admin")) fail(name, `Redis user ${url[1]} keeps administrative or dangerous commands (add -@admin -@dangerous)`);
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
    const budget = connectionBudget(objects, envOf);
    if (budget.worst > budget.available) fail(id(pg), `worst-case connections ${budget.worst} (${budget.detail}) exceed max_connections ${budget.max} - ${PG_HEADROOM} kept free`);
    const pgLabels = { "cnpg.io/cluster": pg.metadata.name };
    const pgPolicies = byKind("NetworkPolicy").filter((np) => selects(np.spec.podSelector, pgLabels) && (np.spec.policyTypes ?? []).includes("Ingress"));
    if (!pgPolicies.length) fail(id(pg), "no NetworkPolicy guards the PostgreSQL pods");
    for (const name of Object.keys(SERVICES)) {
      const labels = named("Deployment", name)?.spec.template.metadata.labels ?? {};
      if (pgPolicies.length && !pgPolicies.some((np) => (np.spec.ingress ?? []).some((r) => (r.ports ?? []).some((p) => p.port === 5432) && (r.from ?? []).some((f) => f.podSelector && !f.namespaceSelector && selects(f.podSelector, labels))))) fail(id(pg), `its NetworkPolicy refuses ${name} on 5432`);
    }
    if (production) {
      const archiver = (pg.spec.plugins ?? []).find((pl) => pl.isWALArchiver);
      const store = archiver && named("ObjectStore", archiver.parameters?.barmanObjectName);
      if (!archiver) fail(id(pg), "no WAL archiving: production needs a plugin with isWALArchiver (Barman Cloud)");
      else if (!store) fail(id(pg), `WAL archiver names ObjectStore ${archiver.parameters?.barmanObjectName}, which is not rendered`);
      if (!byKind("ScheduledBackup").some((b) => b.spec.cluster?.name === pg.metadata.name && (b.spec.method !== "plugin" || b.spec.pluginConfiguration?.name === archiver?.name))) fail(id(pg), "no ScheduledBackup of the cluster through its archiver");
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
  const podMonitored = (labels) => byKind("PodMonitor").some((pm) => selects(pm.spec.selector, labels));
  for (const k of byKind("Kafka")) {
    if (k.spec.kafkaExporter && !podMonitored({ "strimzi.io/cluster": k.metadata.name, "strimzi.io/kind": "Kafka", "strimzi.io/name": `${k.metadata.name}-kafka-exporter` })) fail(id(k), "no PodMonitor scrapes its Kafka exporter (the lag panels would stay empty)");
  }
  for (const pg of byKind("Cluster")) if (!podMonitored({ "cnpg.io/cluster": pg.metadata.name, "cnpg.io/podRole": "instance" })) fail(id(pg), "no PodMonitor scrapes its instances");

  // 8. Ingress: TLS on every host, only the APIs and pages routed (health, metrics and OpenAPI stay inside).
  const ingresses = byKind("Ingress");
  if (!ingresses.length) fail("Ingress", "none: the APIs and pages are unreachable from outside");
  const routed = new Set();
  for (const ing of ingresses) {
    const tlsHosts = new Set((ing.spec.tls ?? []).flatMap((t) => t.hosts ?? []));
    for (const rule of ing.spec.rules ?? []) {
      if (!tlsHosts.has(rule.host)) fail(id(ing), `host ${rule.host} is served without TLS`);
      for (const path of rule.http?.paths ?? []) {
        const svc = path.backend?.service;
        if (!/^\/(api|ui)(\/|$)/.test(path.path)) fail(id(ing), `routes ${path.path}: only /api and /ui may be exposed`);
        const target = named("Service", svc?.name);
        if (!target) fail(id(ing), `routes ${path.path} to Service ${svc?.name}, which is not rendered`);
        else if (svc.port?.name !== "http" && svc.port?.number !== target.spec.ports[0].port) fail(id(ing), `routes ${path.path} to a port ${svc.name} does not serve`);
        routed.add(svc?.name);
      }
    }
  }
  for (const name of Object.keys(SERVICES)) if (ingresses.length && !routed.has(name)) fail("Ingress", `${name} is not routed`);

  // 9. Production: cookies only over TLS, HSTS, signing secrets only in Secrets.
  for (const [name, env] of envOf) {
    if (production && env.has("EARSHOT_WEB_COOKIE_SECURE") && env.get("EARSHOT_WEB_COOKIE_SECURE") !== "true") fail(name, "EARSHOT_WEB_COOKIE_SECURE must be true in production (the session cookie carries a bearer token)");
    const c = named("Deployment", name)?.spec.template.spec.containers[0];
    const fromSecret = (v) => (c?.env ?? []).some((e) => e.name === v && e.valueFrom?.secretKeyRef);
    for (const v of ["EARSHOT_WEBHOOK_SECRET", "EARSHOT_SECRETS_KEY"]) if (env.has(v) && !fromSecret(v)) fail(name, `${v} must come from a Secret, not a ConfigMap`);
  }
  return problems;
}

/** Worst-case PostgreSQL connections: every service at its maximum replicas, each pod's reactive and JDBC pools full. */
export function connectionBudget(objects, envOf) {
  const pg = objects.find((o) => o.kind === "Cluster");
  const max = Number(pg?.spec.postgresql?.parameters?.max_connections ?? 100);
  const replicasOf = (name) => {
    const h = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === name);
    const so = objects.find((o) => o.kind === "ScaledObject" && o.spec.scaleTargetRef.name === name);
    return h?.spec.maxReplicas ?? so?.spec.maxReplicaCount ?? objects.find((o) => o.kind === "Deployment" && o.metadata.name === name)?.spec.replicas ?? 1;
  };
  let worst = 0;
  const parts = [];
  for (const name of Object.keys(SERVICES)) {
    const props = properties(name);
    const env = envOf.get(name);
    const reactive = Number(resolve(props["quarkus.datasource.reactive.max-size"] ?? "20", env));
    const jdbc = Number(resolve(props["quarkus.datasource.jdbc.max-size"] ?? "20", env));
    // The subject key vault's pools (datasource "keys"), on the same cluster.
    const keys = props["quarkus.datasource.keys.db-kind"]
      ? Number(resolve(props["quarkus.datasource.keys.reactive.max-size"] ?? "20", env))
        + Number(resolve(props["quarkus.datasource.keys.jdbc.max-size"] ?? "20", env))
      : 0;
    const n = replicasOf(name);
    worst += n * (reactive + jdbc + keys);
    parts.push(`${SERVICES[name].short} ${n}x(${reactive}+${jdbc}+${keys})`);
  }
  return { worst, max, available: max - PG_HEADROOM, detail: parts.join(" + ") };
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
  const production = rest.includes("--production");
  const problems = await check(readFileSync(file, "utf8"), { externalSecrets, production });
  for (const p of problems) console.log(`  ${p}`);
  console.log(`${file}: ${problems.length ? `${problems.length} problem(s)` : "ok"}`);
  process.exit(problems.length ? 1 : 0);
}
