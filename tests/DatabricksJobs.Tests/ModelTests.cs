using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

/// <summary>The API's objects as PowerShell users get them: typed all the way down, nothing of the plumbing shown.</summary>
public class ModelTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private static readonly string[] Plumbing = ["HasMore", "NextPageToken", "PrevPageToken", "ExtensionData"];

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public void Paging_and_kept_fields_are_no_properties_PowerShell_shows()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("hidden"));
        // Get-Member -MemberType Property lists psobject.Members of that type, and Format-List * lists
        // psobject.Properties; the hosted engine has no Get-Member (it is not a core cmdlet), so both are read here.
        var result = shell.Run("""
            $job = New-DbxJob -Settings @{ name = $name; not_modeled = 1; tasks = @(@{ task_key = 'a'; not_modeled = 2; notebook_task = @{ notebook_path = '/a'; not_modeled = 3 } }) }
            $got = Get-DbxJob -JobId $job.JobId
            $run = $job | Invoke-DbxJobRun -Wait
            $objects = [ordered]@{
                Job = $got; ListedJob = Get-DbxJob -Name $name; Settings = $got.Settings; JobTask = $got.Settings.Tasks[0]
                NotebookTask = $got.Settings.Tasks[0].NotebookTask; Run = $run; ListedRun = Get-DbxRun -JobId $job.JobId
                RunTask = $run.Tasks[0]; RunState = $run.State; RunOutput = $run | Get-DbxRunOutput
            }
            foreach ($kind in $objects.Keys) {
                $o = $objects[$kind]
                foreach ($n in @(($o.psobject.Members | Where-Object MemberType -eq Property).Name) + $o.psobject.Properties.Name) { "$kind $n" }
            }
            """).AssertNoErrors();

        var shown = result.Output.Select(o => o.ToString().Split(' ')).ToLookup(p => p[0], p => p[1]);
        Assert.Equal(["Job", "ListedJob", "Settings", "JobTask", "NotebookTask", "Run", "ListedRun", "RunTask", "RunState", "RunOutput"], shown.Select(g => g.Key));
        Assert.Contains("JobId", shown["Job"]);
        Assert.Contains("NotebookPath", shown["NotebookTask"]);
        Assert.All(shown, kind => Assert.Empty(kind.Intersect(Plumbing)));
    }

    [Fact]
    public void No_model_but_the_list_pages_has_plumbing_among_its_public_properties()
    {
        using var shell = module.NewShell();
        var engine = ((Type)shell.Run("[DatabricksJobs.Models.Job]").AssertNoErrors().Output.Single().BaseObject).Assembly;

        var shown = engine.GetExportedTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => Plumbing.Contains(p.Name)).Select(p => $"{t.Name}.{p.Name}"))
            .Order().ToList();

        // No cmdlet writes a page of jobs/list, runs/list or list-compliance (nor the client's Page of one): the cmdlets write its items.
        Assert.Equal(["ListJobComplianceForPolicyResponse.NextPageToken", "ListJobsResponse.HasMore", "ListJobsResponse.NextPageToken", "ListRunsResponse.HasMore",
            "ListRunsResponse.NextPageToken", "Page`1.HasMore", "Page`1.NextPageToken"], shown);
    }

    [Fact]
    public void Every_task_type_reads_into_a_model_of_its_own_on_a_job_and_on_its_run()
    {
        using var shell = module.NewShell();
        var file = Path.Combine(Directory.CreateTempSubdirectory("dbx-task-types-").FullName, "job.json");
        var settings = new JsonObject { ["name"] = Unique("task-types"), ["tasks"] = JsonNode.Parse(ModelFixtures.EveryTaskType) };
        File.WriteAllText(file, settings.ToJsonString());
        shell.Set("file", file);
        var result = shell.Run("""
            $job = New-DbxJob -Path $file
            $read = Get-DbxJob -JobId $job.JobId
            $run = $job | Invoke-DbxJobRun -Wait
            $read; $run
            $tasks = $read.Settings.Tasks
            ($tasks | Where-Object TaskKey -eq spark_python).SparkPythonTask.PythonFile
            ($tasks | Where-Object TaskKey -eq sql).SqlTask.Query.QueryId
            ($tasks | Where-Object TaskKey -eq for_each).ForEachTask.Task.NotebookTask.NotebookPath
            ($run.Tasks | Where-Object TaskKey -eq python_wheel).PythonWheelTask.NamedParameters['k']
            ($tasks | Where-Object TaskKey -eq condition).ConditionTask -is [DatabricksJobs.Models.ConditionTask]
            ($run.Tasks | Where-Object TaskKey -eq condition).ConditionTask -is [DatabricksJobs.Models.RunConditionTask]
            """).AssertNoErrors();

        Assert.Equal(["python-file", "query-id", "/inner", "named-parameters", "True", "True"], result.Output.Skip(2).Select(o => o.ToString()));
        var jobTasks = (IList)Value(Value(result.Output[0].BaseObject, "Settings")!, "Tasks")!;
        var runTasks = (IList)Value(result.Output[1].BaseObject, "Tasks")!;
        var expected = JsonNode.Parse(ModelFixtures.EveryTaskType)!.AsArray().Select(t => t!["task_key"]!.GetValue<string>() + "_task").ToList();
        Assert.Equal(22, expected.Count);
        foreach (var tasks in new[] { jobTasks, runTasks })
        {
            Assert.Equal(expected, tasks.Cast<object>().Select(t => (string?)Value(t, "Type")).Order());
            Assert.Empty(tasks.Cast<object>().SelectMany(t => Unread(t, (string)Value(t, "TaskKey")!)));
        }
    }

    [Fact]
    public void Every_field_of_job_settings_reads_into_its_model_exports_as_given_and_shows_on_its_run()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-settings-").FullName;
        var given = JsonNode.Parse(ModelFixtures.EverySetting)!.AsObject();
        given["name"] = Unique("every-setting");
        File.WriteAllText(Path.Combine(folder, "given.json"), given.ToJsonString());
        shell.Set("folder", folder);
        var result = shell.Run("""
            $job = New-DbxJob -Path ([IO.Path]::Combine($folder, 'given.json'))
            Get-DbxJob -JobId $job.JobId
            Export-DbxJob -JobId $job.JobId
            $read = Get-DbxJob -JobId $job.JobId
            $read.Settings.JobClusters[0].NewCluster.AzureAttributes.LogAnalyticsInfo.LogAnalyticsWorkspaceId
            $read.Settings.Tasks[1].Libraries[0].Maven.Coordinates
            $read.Settings.Trigger.TableUpdate.TableNames[0]
            $read.Settings.Environments[0].Spec.Dependencies[0]
            $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure
            $run.Description; $run.GitSource.GitUrl; $run.JobClusters[0].NewCluster.NodeTypeId
            $second = $run.Tasks | Where-Object TaskKey -eq second
            $second.Libraries[0].Pypi.Package; $second.NewCluster.SparkConf['k']; $second.EmailNotifications.OnFailure[0]; $second.Type
            """).AssertNoErrors();

        Assert.Equal(["log-analytics-workspace-id", "coordinates", "table-names", "dependencies",
            "description", "git-url", "node-type-id", "package", "spark-conf", "on-failure", "spark_submit_task"], result.Output.Skip(2).Select(o => o.ToString()));
        // jobs/get does not answer a new cluster's apply_policy_default_values: the service takes it and keeps nothing of it.
        var settings = Value(result.Output[0].BaseObject, "Settings")!;
        var unread = Unread(settings, "Settings", wholeTasks: true)
            .Where(p => !p.StartsWith("Settings.Tasks[0]") && !p.EndsWith(".NewCluster.ApplyPolicyDefaultValues", StringComparison.Ordinal)).ToList();
        Assert.Empty(unread);
        foreach (var item in new[] { given["job_clusters"]!, given["tasks"]! }.SelectMany(items => items.AsArray()))
            (item!["new_cluster"] as JsonObject)?.Remove("apply_policy_default_values");
        AssertSameJson(given, JsonNode.Parse(result.Output[1].ToString()));
    }

    private static object? Value(object target, string property) => target.GetType().GetProperty(property)!.GetValue(target);

    /// <summary>
    /// Where under <paramref name="value"/> a model property holds nothing: given a value in the JSON, it was not read.
    /// Of a task, the task types it does not have are left out, and so are its other fields unless
    /// <paramref name="wholeTasks"/>; of a task run, what only a run has.
    /// </summary>
    private static IEnumerable<string> Unread(object? value, string path, bool wholeTasks = false)
    {
        switch (value)
        {
            case null:
                return [path];
            case string:
                return [];
            case IDictionary map:
                return map.Keys.Cast<object>().SelectMany(key => Unread(map[key], $"{path}[{key}]", wholeTasks));
            case IEnumerable items:
                return items.Cast<object>().SelectMany((item, i) => Unread(item, $"{path}[{i}]", wholeTasks));
        }
        var type = value.GetType();
        if (type.Namespace != "DatabricksJobs.Models") return [];
        var task = type.Name is "JobTask" or "RunTask";
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => !p.GetCustomAttributes(true).Any(a => a.GetType().Name == "JsonIgnoreAttribute"))
            .Where(p => !task || (p.PropertyType.Name.EndsWith("Task") ? p.GetValue(value) is not null : wholeTasks))
            .Where(p => p.DeclaringType!.Name is not ("RunConditionTask" or "RunForEachTask"))
            .SelectMany(p => Unread(p.GetValue(value), $"{path}.{p.Name}", wholeTasks));
    }

    /// <summary>
    /// Job settings with fields no model of the module has, at every level: the job, an object the module models
    /// (schedule), list items, a task, task types, the nested task of a for-each task, a job cluster. The service's
    /// defaults are given, so that what the workspace holds is exactly this.
    /// </summary>
    private static JsonObject SettingsWithUnknownFields(string name) => JsonNode.Parse($$"""
        {
          "name": "{{name}}", "max_concurrent_runs": 1, "timeout_seconds": 0, "format": "MULTI_TASK", "webhook_notifications": {},
          "future_field": { "nested": [1, { "deeper": true }], "text": "kept" },
          "email_notifications": { "on_failure": ["ops@example.com"], "future_in_notifications": "kept" },
          "schedule": { "quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED", "future_in_schedule": 7 },
          "parameters": [{ "name": "env", "default": "dev", "future_in_parameter": "kept" }],
          "job_clusters": [{ "job_cluster_key": "shared", "future_in_job_cluster": 1,
                             "new_cluster": { "spark_version": "15.4.x-scala2.12", "num_workers": 2, "future_in_cluster": { "a": [1, 2] },
                                              "azure_attributes": { "first_on_demand": 1, "availability": "ON_DEMAND_AZURE", "spot_bid_max_price": -1.0 },
                                              "enable_elastic_disk": true, "data_security_mode": "SINGLE_USER" } }],
          "tasks": [
            { "task_key": "notebook", "job_cluster_key": "shared", "future_in_task": "kept", "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {},
              "notebook_task": { "notebook_path": "/a", "base_parameters": { "x": "1" }, "source": "WORKSPACE", "future_in_notebook_task": [true] } },
            { "task_key": "python", "depends_on": [{ "task_key": "notebook", "future_in_dependency": 1 }], "job_cluster_key": "shared",
              "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {},
              "spark_python_task": { "python_file": "main.py", "parameters": ["--x=1"], "source": "WORKSPACE", "future_in_python_task": { "k": "v" } } },
            { "task_key": "each", "depends_on": [{ "task_key": "python" }], "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {},
              "for_each_task": { "inputs": "[1,2]", "concurrency": 2, "future_in_for_each": 1.5,
                "task": { "task_key": "each_inner", "future_in_nested_task": null, "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {},
                          "sql_task": { "warehouse_id": "w", "query": { "query_id": "q", "future_in_query": "kept" } } } } }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void Fields_no_model_has_come_back_unchanged_through_export_new_set_and_the_typed_objects()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-unknown-").FullName;
        var name = Unique("unknown");
        var given = SettingsWithUnknownFields(name);
        File.WriteAllText(Path.Combine(folder, "given.json"), given.ToJsonString());
        shell.Set("folder", folder);
        shell.Set("name", name);
        var ids = shell.Run("""
            $given = [IO.Path]::Combine($folder, 'given.json'); $exported = [IO.Path]::Combine($folder, 'exported.json')
            $a = New-DbxJob -Path $given
            Export-DbxJob -JobId $a.JobId -Path $exported
            $b = New-DbxJob -Path $exported
            $c = New-DbxJob -Name "$name-c" -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }
            Set-DbxJob -JobId $c.JobId -Path $exported -Confirm:$false
            $read = Get-DbxJob -JobId $a.JobId
            $d = New-DbxJob -Name "$name-d" -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }
            Set-DbxJob -JobId $d.JobId -Settings $read.Settings -Confirm:$false
            $e = New-DbxJob -Name "$name-e" -Task $read.Settings.Tasks -JobCluster $read.Settings.JobClusters
            $a, $b, $c, $d, $e | ForEach-Object JobId
            """).AssertNoErrors().Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();

        Assert.Equal(5, ids.Count);
        AssertSameJson(given, JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "exported.json"))));
        foreach (var id in ids.Take(4)) AssertSameJson(given, RawSettings(module, id));
        var fromTasks = RawSettings(module, ids[4]);
        AssertSameJson(given["tasks"], fromTasks["tasks"]);
        AssertSameJson(given["job_clusters"], fromTasks["job_clusters"]);
    }

    /// <summary>A job's settings as the workspace answers them, read past the module.</summary>
    internal static JsonObject RawSettings(ModuleFixture module, long jobId) => RawJob(module, jobId)["settings"]!.AsObject();

    /// <summary>A job as the workspace answers jobs/get, read past the module: what the Databricks CLI's jobs get writes.</summary>
    internal static JsonObject RawJob(ModuleFixture module, long jobId)
    {
        using var http = new HttpClient { BaseAddress = new Uri(module.Emulator.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ModuleFixture.Token);
        return JsonNode.Parse(http.GetStringAsync($"/api/2.2/jobs/get?job_id={jobId}").GetAwaiter().GetResult())!.AsObject();
    }

    internal static void AssertSameJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected\n{expected?.ToJsonString()}\nbut got\n{actual?.ToJsonString()}");
}
