variable "namespace" {
  description = "Namespace to deploy into (created unless create_namespace is false)."
  type        = string
  default     = "observability"
}

variable "create_namespace" {
  description = "Create the namespace, labelled for the restricted Pod Security profile."
  type        = bool
  default     = true
}

variable "name" {
  description = "Name of the StatefulSet; Services are <name>-ingest, <name>-query and <name>-headless."
  type        = string
  default     = "sightline"
}

variable "image" {
  description = "Container image, tagged with the commit it was built from, e.g. ghcr.io/sightline-dev/sightline:<sha>."
  type        = string
}

variable "storage_size" {
  description = "Size of the data volume (WAL, trace, log and metric stores)."
  type        = string
  default     = "20Gi"
}

variable "storage_class" {
  description = "StorageClass of the data volume; null uses the cluster's default."
  type        = string
  default     = null
}

variable "traces_retention" {
  description = "traces.retention: spans older than this are dropped, a whole day at a time."
  type        = string
  default     = "7d"
}

variable "logs_retention" {
  description = "logs.retention: a UTC day of logs is deleted once it ended this long ago."
  type        = string
  default     = "7d"
}

variable "metrics_retention" {
  description = "metrics.retention: samples older than this are deleted."
  type        = string
  default     = "15d"
}

variable "queue_max_size" {
  description = "storage.queue_max_size: accepted but not yet stored bytes past which ingest answers 429; 0 sizes it from the heap."
  type        = string
  default     = "0"
}

variable "external_url" {
  description = "alerting.external_url: Sightline's URL as users reach it, for links in alert notifications."
  type        = string
  default     = ""
}

variable "self_monitoring" {
  description = "self_monitoring.enabled: Sightline also writes its own metrics into its metric store."
  type        = bool
  default     = true
}

variable "resources" {
  description = "CPU and memory requests and limits of the Sightline container. The JVM heap is half the memory limit."
  type = object({
    requests = object({ cpu = string, memory = string })
    limits   = object({ memory = string })
  })
  default = {
    requests = { cpu = "500m", memory = "2Gi" }
    limits   = { memory = "2Gi" }
  }
}

variable "rule_files" {
  description = "Alerting rule files (name => content) mounted in alerting.rules_dir; defaults to deploy/rules."
  type        = map(string)
  default     = null
}
