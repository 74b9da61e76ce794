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
              "inputs": "inputs",
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
}
