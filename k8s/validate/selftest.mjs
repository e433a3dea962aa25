// Proves check.mjs catches what it claims to: the rendered overlays pass unchanged, and each mutation below (one
// broken thing each, most of them a defect the manifests once had) is reported with the expected message.
// Usage: node selftest.mjs DEV.yaml PROD.yaml EXTERNAL_SECRETS (the prod render is checked as production).
import { readFileSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";
import { check, overrideSource, restoreSources } from "./check.mjs";

const text = readFileSync(process.argv[2], "utf8");
const prodText = readFileSync(process.argv[3], "utf8");
const prodOptions = { production: true, externalSecrets: (process.argv[4] ?? "").split(",").filter(Boolean) };
const remove = (o, kind, name) => { const x = find(o, kind, name); if (!x) throw new Error(`no ${kind}/${name} to remove`); o.splice(o.indexOf(x), 1); };
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
const container = (objs, name) => find(objs, "Deployment", name).spec.template.spec.containers[0];

const MUTATIONS = [
  ["readiness probe removed", (o) => delete container(o, "listener-service").readinessProbe, "no readinessProbe"],
  ["startup probe on a path that does not exist", (o) => (container(o, "sentiment-service").startupProbe.httpGet.path = "/health"), "startupProbe must GET /q/health/started"],
  ["liveness probe on another port", (o) => (container(o, "map-service").livenessProbe.httpGet.port = 8080), "livenessProbe must GET /q/health/live"],
  ["a setting the service reads is not set", (o) => delete find(o, "ConfigMap", "escalation-config").data.EARSHOT_WINDOW_RETENTION, "reads EARSHOT_WINDOW_RETENTION but the Deployment does not set it"],
  ["a setting set where it is not read", (o) => (find(o, "ConfigMap", "sentiment-config").data.EARSHOT_OUTBOX_BATCH = "1"), "sets EARSHOT_OUTBOX_BATCH, which sentiment-service does not read"],
  ["container port differs from EARSHOT_HTTP_PORT", (o) => (container(o, "escalation-service").ports[0].containerPort = 8080), "container port 8080 but EARSHOT_HTTP_PORT=8083"],
  ["image the build does not make", (o) => (container(o, "sentiment-service").image = "earshot/sentiment:0.1.0"), "is not the one the build makes"],
  ["pod user differs from the image's", (o) => (find(o, "Deployment", "listener-service").spec.template.spec.securityContext.runAsUser = 1000), "the image runs as 185, the pod as 1000"],
  ["memory limit removed", (o) => delete container(o, "map-service").resources.limits.memory, "no memory limit"],
  ["writable root file system", (o) => (container(o, "listener-service").securityContext.readOnlyRootFilesystem = false), "readOnlyRootFilesystem must be true"],
  ["capabilities kept", (o) => (container(o, "listener-service").securityContext.capabilities.drop = []), "capabilities must drop ALL"],
  ["root allowed", (o) => delete find(o, "Deployment", "sentiment-service").spec.template.spec.securityContext.runAsNonRoot, "runAsNonRoot must be true"],
  ["schema violation", (o) => (find(o, "Deployment", "map-service").spec.replicas = "two"), "schema:"],
  ["more consumer replicas than partitions", (o) => (find(o, "ScaledObject", "map-service").spec.maxReplicaCount = 7), "maxReplicaCount 7 x 1 consumers per pod > 6 partitions of insights.candidates"],
  ["replicas x consumers per pod above partitions", (o) => (find(o, "ScaledObject", "sentiment-service").spec.maxReplicaCount = 12), "maxReplicaCount 12 x 2 consumers per pod > 12 partitions of mentions.raw"],
  ["a consumer group's lag unwatched", (o) => find(o, "ScaledObject", "escalation-service").spec.triggers.splice(1, 1), "no kafka trigger watches the lag of group escalation-crisis on mentions.scored"],
  ["pools beyond max_connections", (o) => (find(o, "ConfigMap", "earshot-common").data.EARSHOT_PG_POOL_SIZE = "100"), "worst-case connections"],
  ["Strimzi v1beta2", (o) => (find(o, "Kafka", "earshot").apiVersion = "kafka.strimzi.io/v1beta2"), "is not served by the current operator"],
  ["obsolete KRaft annotation", (o) => (find(o, "Kafka", "earshot").metadata.annotations = { "strimzi.io/kraft": "enabled" }), "annotation strimzi.io/kraft is obsolete"],
  ["deprecated enablePodMonitor", (o) => (find(o, "Cluster", "earshot-pg").spec.monitoring = { enablePodMonitor: true }), "enablePodMonitor is deprecated"],
  ["Kafka exporter not scraped", (o) => remove(o, "PodMonitor", "earshot-kafka-exporter"), "no PodMonitor scrapes its Kafka exporter"],
  ["sentiment cannot reach Redis", (o) => (find(o, "NetworkPolicy", "earshot-redis-egress").spec.podSelector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["listener-service", "escalation-service", "map-service"] }] }), "sentiment-service: uses Redis (quarkus.redis.hosts) but has no Redis egress"],
  ["Redis refuses sentiment", (o) => (find(o, "NetworkPolicy", "redis-ingress").spec.ingress[0].from = [{ podSelector: { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["listener-service", "escalation-service", "map-service"] }] } }]), "sentiment-service: uses Redis but Redis's ingress policy refuses it"],
  ["escalation's webhooks blocked", (o) => (find(o, "NetworkPolicy", "earshot-internet-egress").spec.podSelector = { matchLabels: { "app.kubernetes.io/name": "listener-service" } }), "escalation-service: makes outbound HTTP calls"],
  ["NodeLocal DNSCache unreachable", (o) => find(o, "NetworkPolicy", "earshot-common-egress").spec.egress[0].to.pop(), "DNS egress does not reach NodeLocal DNSCache"],
  ["PostgreSQL pods unguarded", (o) => remove(o, "NetworkPolicy", "earshot-pg-ingress"), "no NetworkPolicy guards the PostgreSQL pods"],
  ["too little memory outside the heap", (o) => { container(o, "map-service").resources.limits.memory = "768Mi"; find(o, "ConfigMap", "earshot-common").data.JAVA_OPTS_APPEND = "-XX:MaxRAMPercentage=75"; }, "leaves 192 MiB outside the heap"],
  ["webhook secret in a ConfigMap", (o) => { container(o, "escalation-service").env = container(o, "escalation-service").env.filter((e) => e.name !== "EARSHOT_WEBHOOK_SECRET"); find(o, "ConfigMap", "escalation-config").data.EARSHOT_WEBHOOK_SECRET = ""; }, "EARSHOT_WEBHOOK_SECRET must come from a Secret"],
  ["metrics exposed through the Ingress", (o) => find(o, "Ingress", "earshot").spec.rules[0].http.paths.push({ path: "/q", pathType: "Prefix", backend: { service: { name: "listener-service", port: { name: "http" } } } }), "only /api and /ui may be exposed"],
  ["a host without TLS", (o) => find(o, "Ingress", "earshot").spec.tls[0].hosts.pop(), "is served without TLS"],
  ["lag of the wrong consumer group", (o) => (find(o, "ScaledObject", "escalation-service").spec.triggers[0].metadata.consumerGroup = "escalation"), "group escalation is not escalation-service's group"],
  ["two autoscalers on one Deployment", (o) => o.push({ ...structuredClone(find(o, "HorizontalPodAutoscaler", "listener-service")), metadata: { name: "extra", namespace: "earshot" }, spec: { ...find(o, "HorizontalPodAutoscaler", "listener-service").spec, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "map-service" } } }), "map-service: scaled by"],
  ["replicas fixed on an autoscaled Deployment", (o) => (find(o, "Deployment", "escalation-service").spec.replicas = 3), "spec.replicas must be left out"],
  ["lag read from another Kafka", (o) => (find(o, "ScaledObject", "sentiment-service").spec.triggers[0].metadata.bootstrapServers = "kafka:9092"), "reads lag from kafka:9092"],
  ["a DLQ topic missing", (o) => o.splice(o.indexOf(find(o, "KafkaTopic", "mentions.scored.dlq")), 1), "mentions.scored.dlq is used but not declared"],
  ["min ISR above replication", (o) => (find(o, "KafkaTopic", "mentions.raw").spec.config["min.insync.replicas"] = 5), "min.insync.replicas > replicas"],
  ["database of a service missing", (o) => o.splice(o.indexOf(find(o, "Database", "earshot-map")), 1), "no database earshot_map for map-service"],
  ["secret user differs from database owner", (o) => (find(o, "Secret", "earshot-pg-sentiment").stringData = { username: "someone", password: "x" }), "earshot-pg-sentiment logs in as someone"],
  ["listener cannot reach the internet", (o) => remove(o, "NetworkPolicy", "earshot-internet-egress"), "listener-service: makes outbound HTTP calls (sources, webhooks) but has no internet egress on 443"],
  ["HTTP ingress missing", (o) => o.splice(o.indexOf(find(o, "NetworkPolicy", "earshot-http-ingress")), 1), "no policy admits HTTP"],
  ["PodDisruptionBudget missing", (o) => o.splice(o.indexOf(find(o, "PodDisruptionBudget", "sentiment-service")), 1), "no PodDisruptionBudget"],
  ["secret reference to nothing", (o) => (container(o, "map-service").env[0].valueFrom.secretKeyRef.name = "nope"), "secret nope is neither rendered nor expected to exist"],
  ["collector pipeline uses an undefined exporter", (o) => { const cm = find(o, "ConfigMap", "earshot-otel-collector"); cm.data["config.yaml"] = cm.data["config.yaml"].replace("exporters: [otlp]", "exporters: [otlphttp]"); }, "pipeline uses exporters otlphttp"],
  ["node pool without roles", (o) => delete find(o, "KafkaNodePool", "dual-role").spec.roles, "must have required property roles"],
  ["a Kafka listener without sign-in", (o) => delete find(o, "Kafka", "earshot").spec.kafka.listeners[0].authentication, "lets clients in without signing in"],
  ["a plaintext Kafka listener", (o) => (find(o, "Kafka", "earshot").spec.kafka.listeners[0].tls = false), "is not TLS"],
  ["Kafka without authorization", (o) => delete find(o, "Kafka", "earshot").spec.kafka.authorization, "no authorization"],
  ["services reach Kafka in plaintext", (o) => (find(o, "ConfigMap", "earshot-common").data.KAFKA_SECURITY_PROTOCOL = "PLAINTEXT"), "must reach Kafka over TLS"],
  ["a service's read ACL missing", (o) => { const u = find(o, "KafkaUser", "earshot-sentiment"); u.spec.authorization.acls = u.spec.authorization.acls.filter((a) => a.resource.name !== "mentions.raw"); }, "sentiment-service needs Read on topic mentions.raw"],
  ["a wildcard topic grant", (o) => find(o, "KafkaUser", "earshot-map").spec.authorization.acls.push({ resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["All"] }), "name each resource"],
  ["a grant beyond what the service uses", (o) => find(o, "KafkaUser", "earshot-listener").spec.authorization.acls.push({ resource: { type: "topic", name: "crisis.alerts", patternType: "literal" }, operations: ["Write"] }), "grants Write on topic crisis.alerts, which listener-service does not use"],
  ["two services share a Kafka user", (o) => (container(o, "map-service").env.find((e) => e.name === "KAFKA_SASL_JAAS_CONFIG").valueFrom.secretKeyRef.name = "earshot-sentiment"), "shares the KafkaUser earshot-sentiment"],
  ["Kafka credentials in a ConfigMap", (o) => { const c = container(o, "escalation-service"); c.env = c.env.filter((e) => e.name !== "KAFKA_SASL_JAAS_CONFIG"); find(o, "ConfigMap", "escalation-config").data.KAFKA_SASL_JAAS_CONFIG = "x"; }, "escalation-service: KAFKA_SASL_JAAS_CONFIG must come from its KafkaUser's Secret"],
  ["the cluster CA not mounted", (o) => { const d = find(o, "Deployment", "listener-service"); d.spec.template.spec.volumes.find((v) => v.name === "kafka-ca").secret.secretName = "earshot-jwt"; }, "listener-service: KAFKA_SSL_TRUSTSTORE_LOCATION"],
  ["a lag trigger that cannot sign in", (o) => delete find(o, "ScaledObject", "sentiment-service").spec.triggers[0].authenticationRef, "has no TriggerAuthentication"],
  ["KEDA's Kafka user may read", (o) => find(o, "KafkaUser", "earshot-keda").spec.authorization.acls.push({ resource: { type: "topic", name: "mentions.raw", patternType: "literal" }, operations: ["Read"] }), "which KEDA's triggers do not watch"],
  ["Redis without an ACL file", (o) => { const c = container(o, "earshot-redis"); c.args = c.args.slice(0, c.args.indexOf("--aclfile")); }, "no --aclfile"],
  ["Redis's default user keeps every key", (o) => { const sec = find(o, "Secret", "earshot-redis-acl"); sec.stringData["users.acl"] = sec.stringData["users.acl"].replace(/^user default .*$/m, "user default on nopass ~* +@all"); }, "the default (unauthenticated) user"],
  ["a Redis user beyond its key prefix", (o) => { const sec = find(o, "Secret", "earshot-redis-acl"); sec.stringData["users.acl"] = sec.stringData["users.acl"].replace("~earshot:map:*", "~*"); }, "map-service: Redis user map may touch ~*"],
  ["Redis credentials in a ConfigMap", (o) => { const c = container(o, "listener-service"); c.env = c.env.filter((e) => e.name !== "EARSHOT_REDIS_URL"); find(o, "ConfigMap", "listener-config").data.EARSHOT_REDIS_URL = "redis://earshot-redis:6379/0"; }, "listener-service: EARSHOT_REDIS_URL carries Redis credentials"],
  ["dashboard lost a panel", (o) => { const cm = find(o, "ConfigMap", "earshot-grafana-dashboard"); const d = JSON.parse(cm.data["earshot.json"]); d.panels = d.panels.filter((p) => !JSON.stringify(p).includes("earshot_crisis_alerts_total")); cm.data["earshot.json"] = JSON.stringify(d); }, "no panel queries earshot_crisis_alerts_total"],
];

// Rules on the services' own configuration: the render stays as it is, a repository file is read as changed.
const REPO = new URL("../../", import.meta.url);
const withProperty = (service, from, to) => () => {
  const path = `${service}/src/main/resources/application.properties`;
  const props = readFileSync(new URL(path, REPO), "utf8");
  if (!props.includes(from)) throw new Error(`${path} has no line ${from}`);
  overrideSource(path, props.replace(from, to));
};
const SOURCE_MUTATIONS = [
  ["Redis as a readiness check", withProperty("escalation-service", "quarkus.redis.health.enabled=false", "quarkus.redis.health.enabled=true"), "escalation-service: Redis is a readiness check"],
  ["Kafka as the listener's readiness check", withProperty("listener-service", "quarkus.kafka.health.enabled=false", "quarkus.kafka.health.enabled=true"), "listener-service: Kafka is a readiness check although the outbox keeps writes"],
  ["the outbox's channel as a readiness check", withProperty("listener-service", "mp.messaging.outgoing.mentions-raw.health-readiness-enabled=false", ""), "mp.messaging.outgoing.mentions-raw is a readiness check"],
  ["JDBC pool left at its default", withProperty("map-service", "quarkus.datasource.jdbc.max-size=2", ""), "worst-case connections"],
  ["a new outgoing channel without its ACL", withProperty("sentiment-service", "mp.messaging.outgoing.mentions-scored.topic=mentions.scored", "mp.messaging.outgoing.mentions-scored.topic=mentions.scored\nmp.messaging.outgoing.extra.topic=crisis.alerts"), "sentiment-service needs Write on topic crisis.alerts"],
];

// Production-only rules, on the prod render.
const PROD_MUTATIONS = [
  ["session cookie without Secure", (o) => (find(o, "ConfigMap", "map-config").data.EARSHOT_WEB_COOKIE_SECURE = "false"), "EARSHOT_WEB_COOKIE_SECURE must be true in production"],
  ["no scheduled backup", (o) => remove(o, "ScheduledBackup", "earshot-pg-nightly"), "no ScheduledBackup of the cluster"],
  ["no WAL archiving", (o) => delete find(o, "Cluster", "earshot-pg").spec.plugins, "no WAL archiving"],
  ["archiving into an object store that is not there", (o) => remove(o, "ObjectStore", "earshot-backups"), "which is not rendered"],
];

let failures = 0;
let clean = true;
for (const [name, t, options] of [["dev", text, {}], ["prod", prodText, prodOptions]]) {
  const baseline = await check(t, options);
  if (baseline.length) {
    console.log(`unchanged ${name} render: expected no problems, got:\n  ${baseline.join("\n  ")}`);
    clean = false;
  }
}
for (const [t, options, mutations] of [[text, {}, MUTATIONS], [prodText, prodOptions, PROD_MUTATIONS]]) {
  for (const [what, mutate, expected] of mutations) {
    const objs = parseAllDocuments(t).map((d) => d.toJS()).filter(Boolean);
    mutate(objs);
    const problems = await check(objs.map((o) => stringify(o)).join("---\n"), options);
    if (!problems.some((p) => p.includes(expected))) {
      console.log(`NOT CAUGHT: ${what}: expected "${expected}", got: ${problems.join(" | ") || "nothing"}`);
      failures++;
    }
  }
}
for (const [what, mutate, expected] of SOURCE_MUTATIONS) {
  mutate();
  const problems = await check(prodText, prodOptions);
  restoreSources();
  if (!problems.some((p) => p.includes(expected))) {
    console.log(`NOT CAUGHT: ${what}: expected "${expected}", got: ${problems.join(" | ") || "nothing"}`);
    failures++;
  }
}
const total = MUTATIONS.length + PROD_MUTATIONS.length + SOURCE_MUTATIONS.length;
console.log(`self-test: ${total} broken renders, ${total - failures} caught, unchanged renders ${clean ? "clean" : "NOT clean"}`);
if (!clean) failures++;
process.exit(failures ? 1 : 0);
