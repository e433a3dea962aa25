// Proves check.mjs catches what it claims to: the rendered overlay passes unchanged, and each mutation below (one
// broken thing each) is reported with the expected message. Usage: node selftest.mjs RENDERED.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments, stringify } from "yaml";
import { check } from "./check.mjs";

const text = readFileSync(process.argv[2], "utf8");
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
  ["more consumer replicas than partitions", (o) => (find(o, "ScaledObject", "map-service").spec.maxReplicaCount = 7), "maxReplicaCount 7 > 6 partitions of insights.candidates"],
  ["lag of the wrong consumer group", (o) => (find(o, "ScaledObject", "escalation-service").spec.triggers[0].metadata.consumerGroup = "escalation"), "group escalation is not escalation-service's group"],
  ["two autoscalers on one Deployment", (o) => o.push({ ...structuredClone(find(o, "HorizontalPodAutoscaler", "listener-service")), metadata: { name: "extra", namespace: "earshot" }, spec: { ...find(o, "HorizontalPodAutoscaler", "listener-service").spec, scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "map-service" } } }), "map-service: scaled by"],
  ["replicas fixed on an autoscaled Deployment", (o) => (find(o, "Deployment", "escalation-service").spec.replicas = 3), "spec.replicas must be left out"],
  ["lag read from another Kafka", (o) => (find(o, "ScaledObject", "sentiment-service").spec.triggers[0].metadata.bootstrapServers = "kafka:9092"), "reads lag from kafka:9092"],
  ["a DLQ topic missing", (o) => o.splice(o.indexOf(find(o, "KafkaTopic", "mentions.scored.dlq")), 1), "mentions.scored.dlq is used but not declared"],
  ["min ISR above replication", (o) => (find(o, "KafkaTopic", "mentions.raw").spec.config["min.insync.replicas"] = 5), "min.insync.replicas > replicas"],
  ["database of a service missing", (o) => o.splice(o.indexOf(find(o, "Database", "earshot-map")), 1), "no database earshot_map for map-service"],
  ["secret user differs from database owner", (o) => (find(o, "Secret", "earshot-pg-sentiment").stringData = { username: "someone", password: "x" }), "earshot-pg-sentiment logs in as someone"],
  ["listener cannot reach the internet", (o) => o.splice(o.indexOf(find(o, "NetworkPolicy", "listener-internet-egress")), 1), "needs internet egress on 443"],
  ["HTTP ingress missing", (o) => o.splice(o.indexOf(find(o, "NetworkPolicy", "earshot-http-ingress")), 1), "no policy admits HTTP"],
  ["PodDisruptionBudget missing", (o) => o.splice(o.indexOf(find(o, "PodDisruptionBudget", "sentiment-service")), 1), "no PodDisruptionBudget"],
  ["secret reference to nothing", (o) => (container(o, "map-service").env[0].valueFrom.secretKeyRef.name = "nope"), "secret nope is neither rendered nor expected to exist"],
  ["collector pipeline uses an undefined exporter", (o) => { const cm = find(o, "ConfigMap", "earshot-otel-collector"); cm.data["config.yaml"] = cm.data["config.yaml"].replace("exporters: [otlp]", "exporters: [otlphttp]"); }, "pipeline uses exporters otlphttp"],
  ["node pool without roles", (o) => delete find(o, "KafkaNodePool", "dual-role").spec.roles, "spec.roles is required"],
  ["dashboard lost a panel", (o) => { const cm = find(o, "ConfigMap", "earshot-grafana-dashboard"); const d = JSON.parse(cm.data["earshot.json"]); d.panels = d.panels.filter((p) => !JSON.stringify(p).includes("earshot_crisis_alerts_total")); cm.data["earshot.json"] = JSON.stringify(d); }, "no panel queries earshot_crisis_alerts_total"],
];

let failures = 0;
const baseline = await check(text);
if (baseline.length) {
  console.log(`unchanged render: expected no problems, got:\n  ${baseline.join("\n  ")}`);
  failures++;
}
for (const [what, mutate, expected] of MUTATIONS) {
  const objs = parseAllDocuments(text).map((d) => d.toJS()).filter(Boolean);
  mutate(objs);
  const problems = await check(objs.map((o) => stringify(o)).join("---\n"));
  if (!problems.some((p) => p.includes(expected))) {
    console.log(`NOT CAUGHT: ${what}: expected "${expected}", got: ${problems.join(" | ") || "nothing"}`);
    failures++;
  }
}
console.log(`self-test: ${MUTATIONS.length} broken renders, ${MUTATIONS.length - (failures - (baseline.length ? 1 : 0))} caught${baseline.length ? ", unchanged render NOT clean" : ", unchanged render clean"}`);
process.exit(failures ? 1 : 0);
