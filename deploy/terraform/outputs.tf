output "namespace" {
  description = "Namespace Sightline runs in."
  value       = local.namespace
}

output "otlp_grpc_endpoint" {
  description = "OTEL_EXPORTER_OTLP_ENDPOINT for gRPC exporters inside the cluster."
  value       = "http://${kubernetes_service_v1.ingest.metadata[0].name}.${local.namespace}.svc:${local.ports.otlp_grpc}"
}

output "otlp_http_endpoint" {
  description = "OTEL_EXPORTER_OTLP_ENDPOINT for HTTP exporters (and /api/v1/write for Prometheus remote-write)."
  value       = "http://${kubernetes_service_v1.ingest.metadata[0].name}.${local.namespace}.svc:${local.ports.otlp_http}"
}

output "query_url" {
  description = "Query API, UI and /metrics; the URL for Grafana's Jaeger and Prometheus data sources."
  value       = "http://${kubernetes_service_v1.query.metadata[0].name}.${local.namespace}.svc:${local.ports.query}"
}

output "statefulset" {
  description = "Name of the StatefulSet (kubectl rollout status statefulset/<name>)."
  value       = kubernetes_stateful_set_v1.this.metadata[0].name
}
