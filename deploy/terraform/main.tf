# Sightline on Kubernetes through the Kubernetes provider: the same objects as deploy/kubernetes/base.
locals {
  ports = {
    otlp_grpc = 4317
    otlp_http = 4318
    query     = 7070
  }
  labels = {
    "app.kubernetes.io/name"      = "sightline"
    "app.kubernetes.io/instance"  = var.name
    "app.kubernetes.io/component" = "server"
    "app.kubernetes.io/part-of"   = "sightline"
  }
  namespace = var.create_namespace ? kubernetes_namespace_v1.this[0].metadata[0].name : var.namespace
  config = templatefile("${path.module}/sightline.yaml.tftpl", {
    grpc_port         = local.ports.otlp_grpc
    http_port         = local.ports.otlp_http
    query_port        = local.ports.query
    queue_max_size    = var.queue_max_size
    traces_retention  = var.traces_retention
    logs_retention    = var.logs_retention
    metrics_retention = var.metrics_retention
    external_url      = var.external_url
    self_monitoring   = var.self_monitoring
  })
  rule_files = var.rule_files != null ? var.rule_files : {
    "sightline.yml" = file("${path.module}/../rules/sightline.yml")
  }
}

resource "kubernetes_namespace_v1" "this" {
  count = var.create_namespace ? 1 : 0
  metadata {
    name = var.namespace
    labels = {
      "pod-security.kubernetes.io/enforce" = "restricted"
      "pod-security.kubernetes.io/warn"    = "restricted"
    }
  }
}

resource "kubernetes_config_map_v1" "config" {
  metadata {
    name      = "${var.name}-config"
    namespace = local.namespace
    labels    = local.labels
  }
  data = { "sightline.yaml" = local.config }
}

resource "kubernetes_config_map_v1" "rules" {
  metadata {
    name      = "${var.name}-rules"
    namespace = local.namespace
    labels    = local.labels
  }
  data = local.rule_files
}

resource "kubernetes_service_account_v1" "this" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.labels
  }
  automount_service_account_token = false
}

resource "kubernetes_stateful_set_v1" "this" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.labels
  }
  wait_for_rollout = true

  spec {
    replicas     = 1 # one node's data folder
    service_name = kubernetes_service_v1.headless.metadata[0].name
    selector {
      match_labels = local.labels
    }
    update_strategy {
      type = "RollingUpdate"
    }

    template {
      metadata {
        labels = local.labels
        annotations = {
          "prometheus.io/scrape" = "true"
          "prometheus.io/port"   = tostring(local.ports.query)
          "prometheus.io/path"   = "/metrics"
          # Roll the pod when the configuration or rules change.
          "sightline.dev/config-sha256" = sha256(join("\n", [local.config, jsonencode(local.rule_files)]))
        }
      }
      spec {
        service_account_name             = kubernetes_service_account_v1.this.metadata[0].name
        automount_service_account_token  = false
        enable_service_links             = false # else SIGHTLINE_QUERY_PORT=tcp://… would be injected
        termination_grace_period_seconds = 60

        security_context {
          run_as_non_root        = true
          run_as_user            = 10001
          run_as_group           = 10001
          fs_group               = 10001
          fs_group_change_policy = "OnRootMismatch"
          seccomp_profile {
            type = "RuntimeDefault"
          }
        }

        container {
          name  = "sightline"
          image = var.image

          env {
            name  = "SIGHTLINE_CONFIG"
            value = "/etc/sightline/sightline.yaml"
          }

          port {
            name           = "otlp-grpc"
            container_port = local.ports.otlp_grpc
          }
          port {
            name           = "otlp-http"
            container_port = local.ports.otlp_http
          }
          port {
            name           = "query"
            container_port = local.ports.query
          }

          startup_probe {
            http_get {
              path = "/healthz"
              port = "query"
            }
            period_seconds    = 5
            failure_threshold = 60
          }
          liveness_probe {
            http_get {
              path = "/healthz"
              port = "query"
            }
            period_seconds    = 10
            timeout_seconds   = 3
            failure_threshold = 6
          }
          readiness_probe {
            http_get {
              path = "/readyz"
              port = "query"
            }
            period_seconds    = 5
            timeout_seconds   = 3
            failure_threshold = 3
          }

          resources {
            requests = var.resources.requests
            limits   = var.resources.limits
          }

          security_context {
            allow_privilege_escalation = false
            read_only_root_filesystem  = true
            capabilities {
              drop = ["ALL"]
            }
          }

          volume_mount {
            name       = "data"
            mount_path = "/var/lib/sightline/data"
          }
          volume_mount {
            name       = "config"
            mount_path = "/etc/sightline/sightline.yaml"
            sub_path   = "sightline.yaml"
            read_only  = true
          }
          volume_mount {
            name       = "rules"
            mount_path = "/etc/sightline/rules"
            read_only  = true
          }
          volume_mount {
            name       = "tmp"
            mount_path = "/tmp"
          }
        }

        volume {
          name = "config"
          config_map {
            name = kubernetes_config_map_v1.config.metadata[0].name
          }
        }
        volume {
          name = "rules"
          config_map {
            name = kubernetes_config_map_v1.rules.metadata[0].name
          }
        }
        volume {
          name = "tmp"
          empty_dir {
            size_limit = "256Mi"
          }
        }
      }
    }

    volume_claim_template {
      metadata {
        name = "data"
      }
      spec {
        access_modes       = ["ReadWriteOnce"]
        storage_class_name = var.storage_class
        resources {
          requests = {
            storage = var.storage_size
          }
        }
      }
    }

    persistent_volume_claim_retention_policy {
      when_deleted = "Retain"
      when_scaled  = "Retain"
    }
  }
}

resource "kubernetes_service_v1" "headless" {
  metadata {
    name      = "${var.name}-headless"
    namespace = local.namespace
    labels    = local.labels
  }
  spec {
    cluster_ip                  = "None"
    publish_not_ready_addresses = true
    selector                    = local.labels
    port {
      name        = "query"
      port        = local.ports.query
      target_port = "query"
    }
  }
}

resource "kubernetes_service_v1" "ingest" {
  metadata {
    name      = "${var.name}-ingest"
    namespace = local.namespace
    labels    = local.labels
  }
  spec {
    selector = local.labels
    port {
      name         = "otlp-grpc"
      port         = local.ports.otlp_grpc
      target_port  = "otlp-grpc"
      app_protocol = "grpc"
    }
    port {
      name         = "otlp-http"
      port         = local.ports.otlp_http
      target_port  = "otlp-http"
      app_protocol = "http"
    }
  }
}

resource "kubernetes_service_v1" "query" {
  metadata {
    name      = "${var.name}-query"
    namespace = local.namespace
    labels    = local.labels
  }
  spec {
    selector = local.labels
    port {
      name         = "query"
      port         = local.ports.query
      target_port  = "query"
      app_protocol = "http"
    }
  }
}

resource "kubernetes_pod_disruption_budget_v1" "this" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.labels
  }
  spec {
    # One replica: allow node drains (Sightline drains and checkpoints on SIGTERM).
    max_unavailable = "1"
    selector {
      match_labels = local.labels
    }
  }
}

resource "kubernetes_network_policy_v1" "this" {
  metadata {
    name      = var.name
    namespace = local.namespace
    labels    = local.labels
  }
  spec {
    pod_selector {
      match_labels = local.labels
    }
    policy_types = ["Ingress", "Egress"]
    ingress {
      from {
        namespace_selector {}
      }
      dynamic "ports" {
        for_each = local.ports
        content {
          port     = tostring(ports.value)
          protocol = "TCP"
        }
      }
    }
    egress {
      ports {
        port     = "53"
        protocol = "UDP"
      }
      ports {
        port     = "53"
        protocol = "TCP"
      }
    }
    egress {
      ports {
        port     = "443"
        protocol = "TCP"
      }
      ports {
        port     = "80"
        protocol = "TCP"
      }
      ports {
        port     = "9093" # Alertmanager
        protocol = "TCP"
      }
    }
  }
}
