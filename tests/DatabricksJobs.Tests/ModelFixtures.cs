namespace DatabricksJobs.Tests;

/// <summary>
/// Job settings that give every field the module models a value, so that a model property whose JSON name is wrong
/// shows as one left unset. No real job is like them: a SQL task has one of query, file, dashboard and alert, for one.
/// </summary>
internal static class ModelFixtures
{
    /// <summary>A task of every task type of the Jobs API, each with every field of its type.</summary>
    public const string EveryTaskType = """
        [
          {
            "task_key": "agentic",
            "agentic_task": {
              "context": {"conversation_ids": ["conversation-ids"], "instructions": ["instructions"]},
              "genie_code_api": {},
              "goal": "goal",
              "input": "input",
              "output_schema": {"properties": {"k": {"description": "description"}}},
              "supervisor_agent": {"agent_id": "agent-id"},
              "supervisor_api": {
                "instructions": "instructions",
                "model": "model",
                "tools": [
                  {
                    "app": {"name": "name"},
                    "catalog": {"name": "name"},
                    "dashboard": {"dashboard_id": "dashboard-id"},
                    "description": "description",
                    "genie_space": {"space_id": "space-id"},
                    "knowledge_assistant": {"knowledge_assistant_id": "knowledge-assistant-id"},
                    "schema": {"name": "name"},
                    "serving_endpoint": {"name": "name"},
                    "supervisor_agent": {"supervisor_agent_id": "supervisor-agent-id"},
                    "table": {"name": "name"},
                    "tool_type": "tool-type",
                    "uc_connection": {"name": "name"},
                    "uc_function": {"name": "name"},
                    "uc_mcp": {"name": "name"},
                    "vector_search_index": {"name": "name"},
                    "volume": {"name": "name"},
                    "web_search": {}
                  }
                ]
              },
              "task_output_schema": {"k": "task-output-schema"},
              "trace_destination": {
                "catalog_name": "catalog-name",
                "experiment_id": "experiment-id",
                "schema_name": "schema-name",
                "table_prefix": "table-prefix"
              }
            }
          },
          {
            "task_key": "ai_runtime",
            "ai_runtime_task": {
              "experiment": "experiment",
              "deployments": [
                {
                  "command_path": "command-path",
                  "compute": {"accelerator_type": "GPU_1xA10", "accelerator_count": 1},
                  "docker_image_url": "docker-image-url",
                  "name": "name"
                }
              ],
              "code_source_path": "code-source-path",
              "docker_image_url": "docker-image-url",
              "mlflow_artifact_location": "mlflow-artifact-location",
              "mlflow_experiment_directory": "mlflow-experiment-directory",
              "mlflow_run": "mlflow-run",
              "parameters": {"k": "parameters"}
            }
          },
          {
            "task_key": "alert",
            "alert_task": {
              "alert_id": "alert-id",
              "parameters": {"k": "parameters"},
              "subscribers": [{"destination_id": "destination-id", "user_name": "user-name"}],
              "warehouse_id": "warehouse-id",
              "workspace_path": "workspace-path"
            }
          },
          {
            "task_key": "clean_rooms_notebook",
            "clean_rooms_notebook_task": {
              "clean_room_name": "clean-room-name",
              "notebook_name": "notebook-name",
              "etag": "etag",
              "notebook_base_parameters": {"k": "notebook-base-parameters"}
            }
          },
          {"task_key": "condition", "condition_task": {"op": "EQUAL_TO", "left": "left", "right": "right"}},
          {
            "task_key": "dashboard",
            "dashboard_task": {
              "dashboard_id": "dashboard-id",
              "filters": {"k": "filters"},
              "subscription": {
                "custom_subject": "custom-subject",
                "paused": true,
                "subscribers": [{"destination_id": "destination-id", "user_name": "user-name"}]
              },
              "warehouse_id": "warehouse-id"
            }
          },
          {
            "task_key": "dbt_cloud",
            "dbt_cloud_task": {"connection_resource_name": "connection-resource-name", "dbt_cloud_job_id": 2}
          },
          {
            "task_key": "dbt_platform",
            "dbt_platform_task": {"connection_resource_name": "connection-resource-name", "dbt_platform_job_id": "dbt-platform-job-id"}
          },
          {
            "task_key": "dbt",
            "dbt_task": {
              "commands": ["commands"],
              "catalog": "catalog",
              "profiles_directory": "profiles-directory",
              "project_directory": "project-directory",
              "schema": "schema",
              "source": "GIT",
              "warehouse_id": "warehouse-id"
            }
          },
          {
            "task_key": "for_each",
            "for_each_task": {
              "inputs": "[\"a\", \"b\"]",
              "task": {
                "task_key": "inner",
                "notebook_task": {"notebook_path": "/inner", "base_parameters": {"k": "v"}, "source": "WORKSPACE", "warehouse_id": "w"}
              },
              "concurrency": 3
            }
          },
          {
            "task_key": "gen_ai_compute",
            "gen_ai_compute_task": {
              "dl_runtime_image": "dl-runtime-image",
              "client_version": "client-version",
              "code_source_tar_path": "code-source-tar-path",
              "command": "command",
              "compute": {"num_gpus": 4, "gpu_node_pool_id": "gpu-node-pool-id", "gpu_type": "gpu-type"},
              "docker_image_url": "docker-image-url",
              "mlflow_experiment_name": "mlflow-experiment-name",
              "mlflow_run_name": "mlflow-run-name",
              "requirements_yaml_path": "requirements-yaml-path",
              "source": "GIT",
              "training_script_path": "training-script-path",
              "yaml_parameters": "yaml-parameters",
              "yaml_parameters_file_path": "yaml-parameters-file-path"
            }
          },
          {"task_key": "genie", "genie_task": {"configuration_id": "configuration-id", "parameters": {"k": "parameters"}}},
          {
            "task_key": "notebook",
            "notebook_task": {
              "notebook_path": "notebook-path",
              "base_parameters": {"k": "base-parameters"},
              "source": "GIT",
              "warehouse_id": "warehouse-id"
            }
          },
          {
            "task_key": "pipeline",
            "pipeline_task": {
              "pipeline_id": "pipeline-id",
              "full_refresh": true,
              "full_refresh_selection": ["full-refresh-selection"],
              "parameters": {"k": "parameters"},
              "refresh_flow_selection": ["refresh-flow-selection"],
              "refresh_selection": ["refresh-selection"],
              "reset_checkpoint_selection": ["reset-checkpoint-selection"]
            }
          },
          {
            "task_key": "power_bi",
            "power_bi_task": {
              "connection_resource_name": "connection-resource-name",
              "incremental_refresh_config": {
                "archive_window_granularity": "REFRESH_GRANULARITY_DAY",
                "archive_window_periods": 5,
                "detect_data_changes": true,
                "mode": "REFRESH_POLICY_MODE_HYBRID",
                "only_refresh_complete_periods": true,
                "refresh_window_granularity": "REFRESH_GRANULARITY_DAY",
                "refresh_window_periods": 6
              },
              "power_bi_gateway_id": "power-bi-gateway-id",
              "power_bi_model": {
                "authentication_method": "OAUTH",
                "model_name": "model-name",
                "overwrite_existing": true,
                "storage_mode": "DIRECT_QUERY",
                "workspace_name": "workspace-name"
              },
              "refresh_after_update": true,
              "tables": [
                {
                  "catalog": "catalog",
                  "detect_data_changes_column": "detect-data-changes-column",
                  "incremental_refresh_datetime_column": "incremental-refresh-datetime-column",
                  "name": "name",
                  "schema": "schema",
                  "storage_mode": "DIRECT_QUERY",
                  "table_type": "EXTERNAL"
                }
              ],
              "warehouse_id": "warehouse-id"
            }
          },
          {
            "task_key": "python_operator",
            "python_operator_task": {"main": "main", "parameters": [{"name": "name", "value": "value"}]}
          },
          {
            "task_key": "python_wheel",
            "python_wheel_task": {
              "package_name": "package-name",
              "entry_point": "entry-point",
              "named_parameters": {"k": "named-parameters"},
              "parameters": ["parameters"]
            }
          },
          {
            "task_key": "run_job",
            "run_job_task": {
              "job_id": 7,
              "dbt_commands": ["dbt-commands"],
              "jar_params": ["jar-params"],
              "job_parameters": {"k": "job-parameters"},
              "notebook_params": {"k": "notebook-params"},
              "pipeline_params": {
                "full_refresh": true,
                "full_refresh_selection": ["full-refresh-selection"],
                "refresh_flow_selection": ["refresh-flow-selection"],
                "refresh_selection": ["refresh-selection"],
                "reset_checkpoint_selection": ["reset-checkpoint-selection"]
              },
              "python_named_params": {"k": "python-named-params"},
              "python_params": ["python-params"],
              "spark_submit_params": ["spark-submit-params"],
              "sql_params": {"k": "sql-params"}
            }
          },
          {
            "task_key": "spark_jar",
            "spark_jar_task": {"jar_uri": "jar-uri", "main_class_name": "main-class-name", "parameters": ["parameters"], "run_as_repl": true}
          },
          {
            "task_key": "spark_python",
            "spark_python_task": {"python_file": "python-file", "parameters": ["parameters"], "source": "GIT"}
          },
          {"task_key": "spark_submit", "spark_submit_task": {"parameters": ["parameters"]}},
          {
            "task_key": "sql",
            "sql_task": {
              "warehouse_id": "warehouse-id",
              "alert": {
                "alert_id": "alert-id",
                "pause_subscriptions": true,
                "subscriptions": [{"destination_id": "destination-id", "user_name": "user-name"}]
              },
              "dashboard": {
                "dashboard_id": "dashboard-id",
                "custom_subject": "custom-subject",
                "pause_subscriptions": true,
                "subscriptions": [{"destination_id": "destination-id", "user_name": "user-name"}]
              },
              "file": {"path": "path", "source": "GIT"},
              "parameters": {"k": "parameters"},
              "query": {"query_id": "query-id"}
            }
          }
        ]
        """;

    /// <summary>
    /// Job settings with every field, and every field of what they hold; the second task has every field a task
    /// has besides its task type (the first task is only what it depends on, and what the service fills in for it).
    /// </summary>
    public const string EverySetting = """
        {
          "budget_policy_id": "budget-policy-id",
          "continuous": {
            "maintenance_window": {"start_hour": 1, "day_of_week": "FRIDAY", "timezone_id": "timezone-id"},
            "pause_status": "PAUSED",
            "task_retry_mode": "NEVER"
          },
          "deployment": {
            "kind": "BUNDLE",
            "deployment_id": "deployment-id",
            "metadata_file_path": "metadata-file-path",
            "version_id": "version-id"
          },
          "description": "description",
          "edit_mode": "EDITABLE",
          "email_notifications": {
            "no_alert_for_skipped_runs": true,
            "on_duration_warning_threshold_exceeded": ["on-duration-warning-threshold-exceeded"],
            "on_failure": ["on-failure"],
            "on_maintenance_complete": ["on-maintenance-complete"],
            "on_maintenance_start": ["on-maintenance-start"],
            "on_start": ["on-start"],
            "on_streaming_backlog_exceeded": ["on-streaming-backlog-exceeded"],
            "on_success": ["on-success"]
          },
          "environment_variables": [{"environment_variables_key": "environment-variables-key", "files": ["files"], "variables": {"k": "variables"}}],
          "environments": [
            {
              "environment_key": "environment-key",
              "spec": {
                "base_environment": "base-environment",
                "client": "client",
                "dependencies": ["dependencies"],
                "environment_version": "environment-version",
                "java_dependencies": ["java-dependencies"]
              }
            }
          ],
          "format": "MULTI_TASK",
          "git_source": {
            "git_url": "git-url",
            "git_provider": "awsCodeCommit",
            "git_branch": "git-branch",
            "git_commit": "git-commit",
            "git_snapshot": {"used_commit": "used-commit"},
            "git_tag": "git-tag",
            "job_source": {
              "job_config_path": "job-config-path",
              "import_from_git_branch": "import-from-git-branch",
              "dirty_state": "DISCONNECTED"
            },
            "sparse_checkout": {"patterns": ["patterns"]}
          },
          "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 2}]},
          "job_clusters": [
            {
              "job_cluster_key": "cluster",
              "new_cluster": {
                "apply_policy_default_values": true,
                "autoscale": {"max_workers": 3, "min_workers": 4},
                "autotermination_minutes": 5,
                "aws_attributes": {
                  "availability": "ON_DEMAND",
                  "ebs_volume_count": 6,
                  "ebs_volume_iops": 7,
                  "ebs_volume_size": 8,
                  "ebs_volume_throughput": 9,
                  "ebs_volume_type": "GENERAL_PURPOSE_SSD",
                  "first_on_demand": 10,
                  "instance_profile_arn": "instance-profile-arn",
                  "spot_bid_price_percent": 11,
                  "zone_id": "zone-id"
                },
                "azure_attributes": {
                  "availability": "ON_DEMAND_AZURE",
                  "capacity_reservation_group": "capacity-reservation-group",
                  "first_on_demand": 12,
                  "log_analytics_info": {
                    "log_analytics_primary_key": "log-analytics-primary-key",
                    "log_analytics_workspace_id": "log-analytics-workspace-id"
                  },
                  "spot_bid_max_price": 1.5
                },
                "cluster_log_conf": {
                  "dbfs": {"destination": "destination"},
                  "s3": {
                    "destination": "destination",
                    "canned_acl": "canned-acl",
                    "enable_encryption": true,
                    "encryption_type": "encryption-type",
                    "endpoint": "endpoint",
                    "kms_key": "kms-key",
                    "region": "region"
                  },
                  "volumes": {"destination": "destination"}
                },
                "cluster_name": "cluster-name",
                "custom_tags": {"k": "custom-tags"},
                "data_security_mode": "DATA_SECURITY_MODE_AUTO",
                "dependency_mode": "DEPENDENCY_MODE_AUTO",
                "docker_image": {"basic_auth": {"password": "password", "username": "username"}, "url": "url"},
                "driver_instance_pool_id": "driver-instance-pool-id",
                "driver_node_type_flexibility": {"alternate_node_type_ids": ["alternate-node-type-ids"]},
                "driver_node_type_id": "driver-node-type-id",
                "enable_elastic_disk": true,
                "enable_local_disk_encryption": true,
                "gcp_attributes": {
                  "availability": "ON_DEMAND_GCP",
                  "boot_disk_size": 13,
                  "confidential_compute_type": "CONFIDENTIAL_COMPUTE_TYPE_NONE",
                  "first_on_demand": 14,
                  "google_service_account": "google-service-account",
                  "local_ssd_count": 15,
                  "use_preemptible_executors": true,
                  "zone_id": "zone-id"
                },
                "init_scripts": [
                  {
                    "abfss": {"destination": "destination"},
                    "dbfs": {"destination": "destination"},
                    "file": {"destination": "destination"},
                    "gcs": {"destination": "destination"},
                    "s3": {
                      "destination": "destination",
                      "canned_acl": "canned-acl",
                      "enable_encryption": true,
                      "encryption_type": "encryption-type",
                      "endpoint": "endpoint",
                      "kms_key": "kms-key",
                      "region": "region"
                    },
                    "volumes": {"destination": "destination"},
                    "workspace": {"destination": "destination"}
                  }
                ],
                "instance_pool_id": "instance-pool-id",
                "is_single_node": true,
                "kind": "CLASSIC_PREVIEW",
                "node_type_id": "node-type-id",
                "num_workers": 16,
                "policy_id": "policy-id",
                "remote_disk_throughput": 17,
                "runtime_engine": "NULL",
                "single_user_name": "single-user-name",
                "spark_conf": {"k": "spark-conf"},
                "spark_env_vars": {"k": "spark-env-vars"},
                "spark_version": "spark-version",
                "ssh_public_keys": ["ssh-public-keys"],
                "total_initial_remote_disk_size": 18,
                "use_ml_runtime": true,
                "worker_node_type_flexibility": {"alternate_node_type_ids": ["alternate-node-type-ids"]},
                "workload_type": {"clients": {"jobs": true, "notebooks": true}}
              },
              "serverless_compute_id": "serverless-compute-id"
            }
          ],
          "max_concurrent_runs": 5,
          "name": "every-setting",
          "notification_settings": {"no_alert_for_canceled_runs": true, "no_alert_for_skipped_runs": true},
          "parameters": [{"name": "name", "default": "default"}],
          "parent_path": "parent-path",
          "performance_target": "STANDARD",
          "queue": {"enabled": true},
          "run_as": {"group_name": "group-name", "service_principal_name": "service-principal-name", "user_name": "user-name"},
          "schedule": {
            "quartz_cron_expression": "0 0 2 * * ?",
            "timezone_id": "UTC",
            "pause_status": "PAUSED",
            "sql_condition": {"sql_query_id": "sql-query-id", "warehouse_id": "warehouse-id", "trigger_mode": "QUERY_RETURNS_ROWS"}
          },
          "tags": {"k": "tags"},
          "tasks": [
            {"task_key": "first", "notebook_task": {"notebook_path": "/first", "source": "GIT"}, "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {}},
            {
              "task_key": "second",
              "compute": {"hardware_accelerator": "GPU_1xA10"},
              "depends_on": [{"task_key": "first", "outcome": "true"}],
              "description": "description",
              "disable_auto_optimization": true,
              "disabled": true,
              "email_notifications": {
                "no_alert_for_skipped_runs": true,
                "on_duration_warning_threshold_exceeded": ["on-duration-warning-threshold-exceeded"],
                "on_failure": ["on-failure"],
                "on_maintenance_complete": ["on-maintenance-complete"],
                "on_maintenance_start": ["on-maintenance-start"],
                "on_start": ["on-start"],
                "on_streaming_backlog_exceeded": ["on-streaming-backlog-exceeded"],
                "on_success": ["on-success"]
              },
              "environment_key": "environment-key",
              "environment_variables_key": "environment-variables-key",
              "existing_cluster_id": "existing-cluster-id",
              "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 36}]},
              "job_cluster_key": "cluster",
              "libraries": [
                {
                  "cran": {"package": "package", "repo": "repo"},
                  "egg": "egg",
                  "jar": "jar",
                  "maven": {"coordinates": "coordinates", "exclusions": ["exclusions"], "repo": "repo"},
                  "pypi": {"package": "package", "repo": "repo"},
                  "requirements": "requirements",
                  "whl": "whl"
                }
              ],
              "max_retries": 37,
              "min_retry_interval_millis": 38,
              "new_cluster": {
                "apply_policy_default_values": true,
                "autoscale": {"max_workers": 39, "min_workers": 40},
                "autotermination_minutes": 41,
                "aws_attributes": {
                  "availability": "ON_DEMAND",
                  "ebs_volume_count": 42,
                  "ebs_volume_iops": 43,
                  "ebs_volume_size": 44,
                  "ebs_volume_throughput": 45,
                  "ebs_volume_type": "GENERAL_PURPOSE_SSD",
                  "first_on_demand": 46,
                  "instance_profile_arn": "instance-profile-arn",
                  "spot_bid_price_percent": 47,
                  "zone_id": "zone-id"
                },
                "azure_attributes": {
                  "availability": "ON_DEMAND_AZURE",
                  "capacity_reservation_group": "capacity-reservation-group",
                  "first_on_demand": 48,
                  "log_analytics_info": {
                    "log_analytics_primary_key": "log-analytics-primary-key",
                    "log_analytics_workspace_id": "log-analytics-workspace-id"
                  },
                  "spot_bid_max_price": 1.5
                },
                "cluster_log_conf": {
                  "dbfs": {"destination": "destination"},
                  "s3": {
                    "destination": "destination",
                    "canned_acl": "canned-acl",
                    "enable_encryption": true,
                    "encryption_type": "encryption-type",
                    "endpoint": "endpoint",
                    "kms_key": "kms-key",
                    "region": "region"
                  },
                  "volumes": {"destination": "destination"}
                },
                "cluster_name": "cluster-name",
                "custom_tags": {"k": "custom-tags"},
                "data_security_mode": "DATA_SECURITY_MODE_AUTO",
                "dependency_mode": "DEPENDENCY_MODE_AUTO",
                "docker_image": {"basic_auth": {"password": "password", "username": "username"}, "url": "url"},
                "driver_instance_pool_id": "driver-instance-pool-id",
                "driver_node_type_flexibility": {"alternate_node_type_ids": ["alternate-node-type-ids"]},
                "driver_node_type_id": "driver-node-type-id",
                "enable_elastic_disk": true,
                "enable_local_disk_encryption": true,
                "gcp_attributes": {
                  "availability": "ON_DEMAND_GCP",
                  "boot_disk_size": 49,
                  "confidential_compute_type": "CONFIDENTIAL_COMPUTE_TYPE_NONE",
                  "first_on_demand": 50,
                  "google_service_account": "google-service-account",
                  "local_ssd_count": 51,
                  "use_preemptible_executors": true,
                  "zone_id": "zone-id"
                },
                "init_scripts": [
                  {
                    "abfss": {"destination": "destination"},
                    "dbfs": {"destination": "destination"},
                    "file": {"destination": "destination"},
                    "gcs": {"destination": "destination"},
                    "s3": {
                      "destination": "destination",
                      "canned_acl": "canned-acl",
                      "enable_encryption": true,
                      "encryption_type": "encryption-type",
                      "endpoint": "endpoint",
                      "kms_key": "kms-key",
                      "region": "region"
                    },
                    "volumes": {"destination": "destination"},
                    "workspace": {"destination": "destination"}
                  }
                ],
                "instance_pool_id": "instance-pool-id",
                "is_single_node": true,
                "kind": "CLASSIC_PREVIEW",
                "node_type_id": "node-type-id",
                "num_workers": 52,
                "policy_id": "policy-id",
                "remote_disk_throughput": 53,
                "runtime_engine": "NULL",
                "single_user_name": "single-user-name",
                "spark_conf": {"k": "spark-conf"},
                "spark_env_vars": {"k": "spark-env-vars"},
                "spark_version": "spark-version",
                "ssh_public_keys": ["ssh-public-keys"],
                "total_initial_remote_disk_size": 54,
                "use_ml_runtime": true,
                "worker_node_type_flexibility": {"alternate_node_type_ids": ["alternate-node-type-ids"]},
                "workload_type": {"clients": {"jobs": true, "notebooks": true}}
              },
              "notification_settings": {"alert_on_last_attempt": true, "no_alert_for_canceled_runs": true, "no_alert_for_skipped_runs": true},
              "retry_on_timeout": true,
              "run_if": "ALL_DONE",
              "timeout_seconds": 55,
              "webhook_notifications": {
                "on_duration_warning_threshold_exceeded": [{"id": "id"}],
                "on_failure": [{"id": "id"}],
                "on_maintenance_complete": [{"id": "id"}],
                "on_maintenance_start": [{"id": "id"}],
                "on_start": [{"id": "id"}],
                "on_streaming_backlog_exceeded": [{"id": "id"}],
                "on_success": [{"id": "id"}]
              },
              "spark_submit_task": {"parameters": ["--second"]}
            }
          ],
          "timeout_seconds": 3600,
          "trigger": {
            "file_arrival": {"url": "url", "min_time_between_triggers_seconds": 21, "wait_after_last_change_seconds": 22},
            "model": {
              "condition": "MODEL_ALIAS_SET",
              "aliases": ["aliases"],
              "min_time_between_triggers_seconds": 23,
              "securable_name": "securable-name",
              "wait_after_last_change_seconds": 24
            },
            "pause_status": "PAUSED",
            "periodic": {"interval": 25, "unit": "DAYS"},
            "sql_condition": {"sql_query_id": "sql-query-id", "warehouse_id": "warehouse-id", "trigger_mode": "QUERY_RETURNS_ROWS"},
            "table_update": {
              "table_names": ["table-names"],
              "condition": "ALL_UPDATED",
              "min_time_between_triggers_seconds": 26,
              "wait_after_last_change_seconds": 27
            }
          },
          "triggers": [
            {
              "continuous": {
                "maintenance_window": {"start_hour": 28, "day_of_week": "FRIDAY", "timezone_id": "timezone-id"},
                "task_retry_mode": "NEVER"
              },
              "file_arrival": {"url": "url", "min_time_between_triggers_seconds": 29, "wait_after_last_change_seconds": 30},
              "model": {
                "condition": "MODEL_ALIAS_SET",
                "aliases": ["aliases"],
                "min_time_between_triggers_seconds": 31,
                "securable_name": "securable-name",
                "wait_after_last_change_seconds": 32
              },
              "pause_status": "PAUSED",
              "periodic": {"interval": 33, "unit": "DAYS"},
              "schedule": {"quartz_cron_expression": "0 30 4 * * ?", "timezone_id": "Europe/Paris"},
              "sql_condition": {"sql_query_id": "sql-query-id", "warehouse_id": "warehouse-id", "trigger_mode": "QUERY_RETURNS_ROWS"},
              "table_update": {
                "table_names": ["table-names"],
                "condition": "ALL_UPDATED",
                "min_time_between_triggers_seconds": 34,
                "wait_after_last_change_seconds": 35
              }
            }
          ],
          "usage_policy_id": "usage-policy-id",
          "webhook_notifications": {
            "on_duration_warning_threshold_exceeded": [{"id": "id"}],
            "on_failure": [{"id": "id"}],
            "on_maintenance_complete": [{"id": "id"}],
            "on_maintenance_start": [{"id": "id"}],
            "on_start": [{"id": "id"}],
            "on_streaming_backlog_exceeded": [{"id": "id"}],
            "on_success": [{"id": "id"}]
          }
        }
        """;
}
