using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

/// <summary>
/// Settings input (New-DbxJob, Set-DbxJob, Update-DbxJob, Submit-DbxRun, and the body of Invoke-DbxJobRun and
/// Repair-DbxRun; hashtables, objects, JSON text and files) is checked against the API's fields before anything is
/// sent, since the service drops what it does not know: each case is proven to make exactly what was meant (read
/// back) or nothing (jobs and runs counted before and after).
/// </summary>
public class SettingsInputTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>The job settings of a fixture: every settings field, or a task of every task type.</summary>
    private static JsonObject Fixture(string fixture, string name)
    {
        var settings = fixture == "every-setting"
            ? JsonNode.Parse(ModelFixtures.EverySetting)!.AsObject()
            : new JsonObject { ["tasks"] = JsonNode.Parse(ModelFixtures.EveryTaskType) };
        settings["name"] = name;
        return settings;
    }

    private static string WriteFile(string folder, string fileName, JsonNode json)
    {
        var file = Path.Combine(folder, fileName);
        File.WriteAllText(file, json.ToJsonString());
        return file;
    }

    private static List<string> Ids(ShellResult result) => result.Objects(JobType).Select(j => j.S("JobId")!).ToList();

    [Fact]
    public void Keys_in_any_case_and_in_PascalCase_are_sent_as_the_api_spells_them_and_keys_of_the_users_own_maps_as_given()
    {
        using var shell = module.NewShell();
        var name = Unique("pascal");
        shell.Set("name", name);
        var result = shell.Run("""
            $job = New-DbxJob -Settings ([ordered]@{
                Name = $name; MAXCONCURRENTRUNS = 2; Tags = @{ Team = 'Data'; taks = 'kept' }
                JobClusters = @(@{ JobClusterKey = 'shared'; NewCluster = @{ SparkVersion = '15.4.x-scala2.12'; NumWorkers = 1; SparkConf = @{ 'spark.Speculation' = 'true' }; CustomTags = @{ CostCenter = 'x' } } })
                Tasks = @(
                    @{ TaskKey = 'a'; JobClusterKey = 'shared'; NotebookTask = @{ NotebookPath = '/a'; BaseParameters = @{ NotebookPath = 1 } } },
                    @{ taskKey = 'b'; dependsOn = @(@{ TaskKey = 'a' }); job_cluster_key = 'shared'; PythonWheelTask = @{ PackageName = 'p'; EntryPoint = 'main'; NamedParameters = @{ Dry_Run = 'true' } } }
                )
                Schedule = @{ QuartzCronExpression = '0 0 2 * * ?'; TimezoneId = 'UTC'; PauseStatus = 'PAUSED' }
            })
            $job.JobId
            """).AssertNoErrors();

        Assert.Empty(result.Warnings);
        var stored = ModelTests.RawSettings(module, Convert.ToInt64(result.Output.Last().BaseObject));
        var expected = JsonNode.Parse($$"""
            {
              "name": "{{name}}", "max_concurrent_runs": 2, "tags": { "Team": "Data", "taks": "kept" },
              "job_clusters": [{ "job_cluster_key": "shared", "new_cluster": { "spark_version": "15.4.x-scala2.12", "num_workers": 1,
                                 "spark_conf": { "spark.Speculation": "true" }, "custom_tags": { "CostCenter": "x" },
                                 "azure_attributes": { "first_on_demand": 1, "availability": "ON_DEMAND_AZURE", "spot_bid_max_price": -1.0 },
                                 "enable_elastic_disk": true, "data_security_mode": "SINGLE_USER" } }],
              "tasks": [
                { "task_key": "a", "job_cluster_key": "shared", "notebook_task": { "notebook_path": "/a", "base_parameters": { "NotebookPath": "1" }, "source": "WORKSPACE" },
                  "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {} },
                { "task_key": "b", "depends_on": [{ "task_key": "a" }], "job_cluster_key": "shared",
                  "python_wheel_task": { "package_name": "p", "entry_point": "main", "named_parameters": { "Dry_Run": "true" } },
                  "run_if": "ALL_SUCCESS", "timeout_seconds": 0, "email_notifications": {} }
              ],
              "schedule": { "quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED" }
            }
            """)!.AsObject();
        foreach (var field in expected) ModelTests.AssertSameJson(field.Value, stored[field.Key]);
    }

    [Theory]
    [InlineData("every-setting")]
    [InlineData("every-task-type")]
    public void A_job_written_out_as_ConvertTo_Json_writes_it_makes_the_same_job_when_given_back_as_text(string fixture)
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-pascal-").FullName;
        shell.Set("file", WriteFile(folder, "given.json", Fixture(fixture, Unique(fixture))));
        var read = shell.Run("$job = New-DbxJob -Path $file; Get-DbxJob -JobId $job.JobId").Single(JobType);

        // ConvertTo-Json (a Utility cmdlet this host lacks) writes a .NET object through Newtonsoft.Json as this does: every
        // public property in PascalCase (the PowerShell-only ones too: Name, TaskCount, JobTask.Type), null when not set.
        var text = Newtonsoft.Json.JsonConvert.SerializeObject(read.BaseObject, Newtonsoft.Json.Formatting.Indented);
        Assert.Contains("\"TaskCount\":", text);
        Assert.Contains("\"TaskKey\":", text);
        shell.Set("text", text);
        var result = shell.Run("""
            New-DbxJob -Settings $text
            $other = New-DbxJob -Name other -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }
            Set-DbxJob -JobId $other.JobId -Json $text -PassThru -Confirm:$false
            """).AssertNoErrors();

        Assert.Empty(result.Warnings);
        var original = ModelTests.RawSettings(module, read.L("JobId"));
        Assert.All(result.Objects(JobType).Where(j => j.S("Name") != "other"), made => ModelTests.AssertSameJson(original, ModelTests.RawSettings(module, made.L("JobId"))));
        Assert.Equal(2, result.Objects(JobType).Count(j => j.S("Name") != "other"));
    }

    [Fact]
    public void A_job_piped_or_given_as_settings_gives_its_settings()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-copy-").FullName;
        var name = Unique("copy");
        shell.Set("file", WriteFile(folder, "given.json", Fixture("every-setting", name)));
        shell.Set("name", name);
        var result = shell.Run("""
            $a = New-DbxJob -Path $file; $a
            Get-DbxJob -JobId $a.JobId | New-DbxJob
            $a | New-DbxJob -Name "$name-copy"
            $d = New-DbxJob -Name "$name-d" -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }
            Set-DbxJob -JobId $d.JobId -Settings (Get-DbxJob -JobId $a.JobId) -PassThru -Confirm:$false
            """).AssertNoErrors();

        Assert.Empty(result.Warnings);
        var jobs = result.Objects(JobType);
        Assert.Equal([name, name, $"{name}-copy", name], jobs.Select(j => j.S("Name")));
        var original = ModelTests.RawSettings(module, jobs[0].L("JobId"));
        ModelTests.AssertSameJson(original, ModelTests.RawSettings(module, jobs[1].L("JobId")));
        ModelTests.AssertSameJson(original, ModelTests.RawSettings(module, jobs[3].L("JobId")));
        var renamed = original.DeepClone().AsObject();
        renamed["name"] = $"{name}-copy";
        ModelTests.AssertSameJson(renamed, ModelTests.RawSettings(module, jobs[2].L("JobId")));
    }

    [Fact]
    public void A_job_as_the_databricks_cli_writes_it_gives_its_settings_and_nothing_else_is_sent()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-cli-").FullName;
        var name = Unique("cli");
        shell.Set("given", WriteFile(folder, "given.json", Fixture("every-setting", name)));
        var id = shell.Run("(New-DbxJob -Path $given).JobId").AssertNoErrors().Output.Single().ToString()!;
        // What `databricks jobs get` writes: the job, with the service's read-only fields around its settings.
        var document = ModelTests.RawJob(module, long.Parse(id));
        document["run_as_user_name"] = "someone@example.com";
        document["effective_budget_policy_id"] = "policy";
        document["a_job_field_newer_than_the_module"] = true;
        Assert.True(document.ContainsKey("created_time") && document.ContainsKey("creator_user_name"));
        shell.Set("file", WriteFile(folder, "job.json", document));
        shell.Set("text", document.ToJsonString());
        var result = shell.Run("""
            New-DbxJob -Path $file
            New-DbxJob -Json $text
            $other = New-DbxJob -Name other -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }
            Set-DbxJob -JobId $other.JobId -Path $file -PassThru -Confirm:$false
            """).AssertNoErrors();

        Assert.Empty(result.Warnings);
        var made = result.Objects(JobType).Where(j => j.S("Name") != "other").ToList();
        Assert.Equal(3, made.Count);
        Assert.All(made, job => ModelTests.AssertSameJson(document["settings"], ModelTests.RawSettings(module, job.L("JobId"))));
    }

    [Fact]
    public void A_key_one_letter_off_a_field_is_an_error_of_its_item_naming_the_field_and_nothing_is_made_or_changed()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-typo-").FullName;
        var name = Unique("typo");
        var typoFile = WriteFile(folder, "typo.json", JsonNode.Parse($$"""
            { "name": "{{name}}-file", "tasks": [{ "task_key": "a", "notebook_task": { "notebook_path": "/a" },
              "new_cluster": { "spark_version": "15.4.x-scala2.12", "num_worker": 1 } }] }
            """)!);
        shell.Set("file", typoFile);
        shell.Set("name", name);
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $run = $job | Invoke-DbxJobRun -Wait
            $jobs = @(Get-DbxJob).Count; $runs = @(Get-DbxRun).Count; $before = Export-DbxJob -JobId $job.JobId
            @{ name = "$name-1"; taks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) },
                @{ name = "$name-2"; max_concurent_runs = 2 },
                @{ name = "$name-3"; tasks = @(@{ task_key = 'a'; notebok_task = @{ notebook_path = '/a' } }) },
                @{ name = "$name-good"; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) } | New-DbxJob | ForEach-Object Name
            New-DbxJob -Path $file
            Set-DbxJob -JobId $job.JobId -Settings @{ name = 'changed'; taks = @() } -Confirm:$false
            Update-DbxJob -JobId $job.JobId -Settings @{ Descripton = 'changed' }
            Update-DbxJob -JobId $job.JobId -Task @{ task_key = 'a'; notebook_task = @{ notebook_pth = '/b' } }
            $job | Invoke-DbxJobRun -Json @{ notebook_parms = @{ a = 'b' } }
            $run | Repair-DbxRun -AllFailed -Json @{ rerun_dependent_task = $true }
            Submit-DbxRun -Settings @{ run_nme = 'x'; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }
            Submit-DbxRun -RunName x -Task @{ task_ky = 'a'; notebook_task = @{ notebook_path = '/a' } }
            'jobs'; @(Get-DbxJob).Count - $jobs
            'runs'; @(Get-DbxRun).Count - $runs
            'repairs'; @((Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory).Count
            'unchanged'; (Export-DbxJob -JobId $job.JobId) -eq $before
            """);

        Assert.Null(result.Terminating);
        Assert.Equal([$"{name}-good", "jobs", "1", "runs", "0", "repairs", "1", "unchanged", "True"], result.Output.Select(o => o.ToString()));
        Assert.Empty(result.Warnings);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("MisspelledField,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        });
        Assert.Equal([
                "-Settings has no field 'taks': did you mean 'tasks' or 'tags'?",
                "-Settings has no field 'max_concurent_runs': did you mean 'max_concurrent_runs'?",
                "-Settings has no field 'tasks[0].notebok_task': did you mean 'notebook_task'?",
                $"'{typoFile}' has no field 'tasks[0].new_cluster.num_worker': did you mean 'num_workers'?",
                "-Settings has no field 'taks': did you mean 'tasks' or 'tags'?",
                "-Settings has no field 'Descripton': did you mean 'description'?",
                "-Task has no field 'notebook_task.notebook_pth': did you mean 'notebook_path'?",
                "-Settings has no field 'notebook_parms': did you mean 'notebook_params'?",
                "-Settings has no field 'rerun_dependent_task': did you mean 'rerun_dependent_tasks'?",
                "-Settings has no field 'run_nme': did you mean 'run_name'?",
                "-Task has no field 'task_ky': did you mean 'task_key'?",
            ],
            result.Errors.Select(e => e.ErrorDetails.Message));
        // The error names the item at fault: the hashtable piped, the file, the job or run.
        Assert.IsType<Hashtable>(PSObject.AsPSObject(result.Errors[0].TargetObject).BaseObject);
        Assert.Equal(typoFile, result.Errors[3].TargetObject);
        Assert.IsType<long>(result.Errors[4].TargetObject);
    }

    [Fact]
    public void Any_other_unknown_key_is_sent_as_it_is_with_a_warning_naming_it_and_where_once_for_all_the_runs_it_starts()
    {
        using var shell = module.NewShell();
        var name = Unique("unknown");
        shell.Set("name", name);
        var result = shell.Run("""
            $job = New-DbxJob -Settings ([ordered]@{
                name = $name; colour = 'red'
                tasks = @([ordered]@{ task_key = 'a'; job_cluster_key = 'c'; notebook_task = [ordered]@{ notebook_path = '/a'; shade = 'dark' } })
                job_clusters = @([ordered]@{ job_cluster_key = 'c'; new_cluster = [ordered]@{ spark_version = 'v'; num_workers = 1; future_in_cluster = @{ x = 1 } } })
            })
            $job.JobId
            New-DbxJob -Name "$name-tasks" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }, @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' }; future_in_task = 1 } | ForEach-Object JobId
            $job, $job | Invoke-DbxJobRun -Json ([ordered]@{ notebook_params = @{ exit = 'x' }; future_run_field = 1 }) | ForEach-Object { 'run' }
            Submit-DbxRun -Settings ([ordered]@{ run_name = "$name-run"; future_submit_field = 'y'; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }) | ForEach-Object { 'submitted' }
            """).AssertNoErrors();

        Assert.Equal([
                "-Settings has a field the module does not know, 'colour': it is sent as it is.",
                "-Settings has a field the module does not know, 'tasks[0].notebook_task.shade': it is sent as it is.",
                "-Settings has a field the module does not know, 'job_clusters[0].new_cluster.future_in_cluster': it is sent as it is.",
                "-Task[1] has a field the module does not know, 'future_in_task': it is sent as it is.",
                "-Settings has a field the module does not know, 'future_run_field': it is sent as it is.",
                "-Settings has a field the module does not know, 'future_submit_field': it is sent as it is.",
            ],
            result.Warnings);
        Assert.Equal(["run", "run", "submitted"], result.Output.Skip(2).Select(o => o.ToString()));
        var stored = ModelTests.RawSettings(module, Convert.ToInt64(result.Output[0].BaseObject));
        Assert.Equal("red", stored["colour"]!.GetValue<string>());
        Assert.Equal("dark", stored["tasks"]![0]!["notebook_task"]!["shade"]!.GetValue<string>());
        Assert.Equal("""{"x":1}""", stored["job_clusters"]![0]!["new_cluster"]!["future_in_cluster"]!.ToJsonString());
        Assert.Equal(1, ModelTests.RawSettings(module, Convert.ToInt64(result.Output[1].BaseObject))["tasks"]![1]!["future_in_task"]!.GetValue<int>());
    }

    [Fact]
    public void The_modules_own_powershell_properties_are_dropped_without_a_word()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("derived"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; Type = 'notebook_task'; notebook_task = @{ notebook_path = '/a' } }
            $job.JobId
            """).AssertNoErrors();

        Assert.Empty(result.Warnings);
        var task = ModelTests.RawSettings(module, Convert.ToInt64(result.Output.Single().BaseObject))["tasks"]![0]!.AsObject();
        // What was sent, and what the service fills in for a task.
        Assert.Equal(["email_notifications", "notebook_task", "run_if", "task_key", "timeout_seconds"], task.Select(p => p.Key).Order());
    }

    [Fact]
    public void Input_with_no_field_of_the_api_makes_nothing_and_a_field_given_twice_is_an_error()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("nothing"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $jobs = @(Get-DbxJob).Count; $runs = @(Get-DbxRun).Count
            New-DbxJob -Settings ([ordered]@{ foo = 1; Bar = 2 })
            New-DbxJob -Json '{"job": {"name": "x"}}'
            New-DbxJob -Name x -Task @{ foo = 1 }
            Submit-DbxRun -Settings @{ foo = 1 }
            $job | Invoke-DbxJobRun -Json @{ foo = 1 }
            New-DbxJob -Json '{"name": "a", "Name": "b"}'
            New-DbxJob -Settings ([ordered]@{ name = 'x'; max_concurrent_runs = 1; MaxConcurrentRuns = 2 })
            'jobs'; @(Get-DbxJob).Count - $jobs
            'runs'; @(Get-DbxRun).Count - $runs
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["jobs", "0", "runs", "0"], result.Output.Select(o => o.ToString()));
        // What is refused is not also said to be sent.
        Assert.Empty(result.Warnings);
        Assert.Equal([
                ("NoKnownField", "-Settings has no field of job settings (it has 'foo', 'Bar'), so nothing was sent."),
                ("NoKnownField", "The -Settings text has no field of job settings (it has 'job'), so nothing was sent."),
                ("NoKnownField", "-Task has no field of a task (it has 'foo'), so nothing was sent."),
                ("NoKnownField", "-Settings has no field of a runs/submit request (it has 'foo'), so nothing was sent."),
                ("NoKnownField", "-Settings has no field of a run-now request (it has 'foo'), so nothing was sent."),
                ("FieldGivenTwice", "The -Settings text gives 'name' twice, as 'name' and 'Name'."),
                ("FieldGivenTwice", "-Settings gives 'max_concurrent_runs' twice, as 'max_concurrent_runs' and 'MaxConcurrentRuns'."),
            ],
            result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.ErrorDetails.Message)));
    }

    [Fact]
    public void Empty_settings_make_no_job_and_replace_no_settings_but_named_parameters_fill_them()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("empty"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $jobs = @(Get-DbxJob).Count
            $found = @{}
            New-DbxJob -Settings $found
            New-DbxJob -Json '{}'
            Set-DbxJob -JobId $job.JobId -Settings ([pscustomobject]@{}) -Confirm:$false
            'jobs'; @(Get-DbxJob).Count - $jobs
            'tasks'; (Get-DbxJob -JobId $job.JobId).TaskCount
            $made = New-DbxJob -Settings @{} -Name "$name-named"; $made.Name
            Remove-DbxJob -JobId $made.JobId -Confirm:$false
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["jobs", "0", "tasks", "1", shell.Get("name") + "-named"], result.Output.Select(o => o.ToString()));
        Assert.Equal([
                ("EmptySettings", "The settings given are empty: the job made of them would be named Untitled and have no tasks. Give the job's settings."),
                ("EmptySettings", "The settings given are empty: the job made of them would be named Untitled and have no tasks. Give the job's settings."),
                ("EmptySettings", $"The settings given are empty: they would remove every setting of job {((PSObject)shell.Get("job")!).L("JobId")}, its name and tasks included. Give the job's settings."),
            ],
            result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.ErrorDetails.Message)));
    }

    /// <summary>The dataclasses of the surface that are only read (answers, runs), which no cmdlet takes as input.</summary>
    private static readonly string[] OutputDataclasses =
    [
        "Run", "RunTask", "RunState", "RunStatus", "RepairHistoryItem", "ExportRunOutput", "ViewItem", "RunOutput", "BaseJob", "BaseRun",
        "CreateResponse", "RunNowResponse", "SubmitRunResponse", "RepairRunResponse", "ListJobsResponse", "ListRunsResponse",
        "TerminationDetails", "QueueDetails", "NotebookOutput", "ClusterInstance", "JobParameter",
    ];

    /// <summary>
    /// Where each input dataclass of the surface goes: the command that takes it, and the JSON around its fields (the
    /// fields go where "*" is).
    /// </summary>
    private static readonly Dictionary<string, (string Command, string Around)> InputDataclasses = new()
    {
        ["Job"] = ("New-DbxJob", "*"),
        ["JobSettings"] = ("New-DbxJob", "*"),
        ["Task"] = ("New-DbxJob", """{ "tasks": [*] }"""),
        ["SubmitTask"] = ("Submit-DbxRun", """{ "tasks": [*] }"""),
        ["JobCluster"] = ("New-DbxJob", """{ "job_clusters": [*] }"""),
        ["TaskDependency"] = ("New-DbxJob", """{ "tasks": [{ "depends_on": [*] }] }"""),
        ["NotebookTask"] = ("New-DbxJob", """{ "tasks": [{ "notebook_task": * }] }"""),
        ["SparkPythonTask"] = ("New-DbxJob", """{ "tasks": [{ "spark_python_task": * }] }"""),
        ["PythonWheelTask"] = ("New-DbxJob", """{ "tasks": [{ "python_wheel_task": * }] }"""),
        ["JobEmailNotifications"] = ("New-DbxJob", """{ "email_notifications": * }"""),
        ["GitSource"] = ("New-DbxJob", """{ "git_source": * }"""),
        ["JobParameterDefinition"] = ("New-DbxJob", """{ "parameters": [*] }"""),
        ["RunParameters"] = ("Invoke-DbxJobRun", "*"),
    };

    /// <summary>The command that takes the whole body of each endpoint, or its new_settings.</summary>
    private static readonly Dictionary<string, string> Bodies = new()
    {
        ["create"] = "New-DbxJob", ["reset"] = "Set-DbxJob", ["update"] = "Update-DbxJob", ["submit"] = "Submit-DbxRun",
        ["run_now"] = "Invoke-DbxJobRun", ["repair_run"] = "Repair-DbxRun",
    };

    [Fact]
    public void Every_body_parameter_and_every_field_of_an_input_dataclass_of_the_api_surface_is_known()
    {
        var surface = JsonNode.Parse(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "tests", "reference", "jobs-api-surface.json")))!;
        var dataclasses = surface["dataclasses"]!.AsObject();
        Assert.Empty(dataclasses.Select(d => d.Key).Except(OutputDataclasses).Except(InputDataclasses.Keys));
        var cases = new List<(string What, string Command, JsonObject Body)>();
        JsonObject Every(IEnumerable<string> fields) => new(fields.Select(f => KeyValuePair.Create(f, (JsonNode?)JsonValue.Create("x"))));
        foreach (var endpoint in surface["services"]!["JobsAPI"]!["endpoints"]!.AsArray())
        {
            if (!Bodies.TryGetValue(endpoint!["sdk_method"]!.GetValue<string>(), out var command)) continue;
            var fields = endpoint["body_params"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
            // reset and update take the job's new settings: every field of JobSettings.
            if (fields.Contains("new_settings")) fields = dataclasses["JobSettings"]!["json_fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
            cases.Add(($"{endpoint["sdk_method"]} body", command, Every(fields)));
        }
        foreach (var (dataclass, (command, around)) in InputDataclasses)
        {
            var fields = Every(dataclasses[dataclass]!["json_fields"]!.AsArray().Select(f => f!.GetValue<string>()));
            var body = around == "*" ? fields : JsonNode.Parse(around.Replace("*", fields.ToJsonString()))!.AsObject();
            // A job gives its settings when they are an object.
            if (dataclass == "Job") body["settings"] = new JsonObject { ["name"] = "x" };
            cases.Add((dataclass, command, body));
        }
        Assert.Equal(6 + InputDataclasses.Count, cases.Count);

        using var shell = module.NewShell();
        shell.Set("name", Unique("surface"));
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $run = $job | Invoke-DbxJobRun -Wait
            """).AssertNoErrors();
        foreach (var (what, command, body) in cases)
        {
            shell.Set("body", body.ToJsonString());
            var call = command switch
            {
                "Set-DbxJob" or "Update-DbxJob" => $"{command} -JobId $job.JobId -Settings $body",
                "Invoke-DbxJobRun" => "$job | Invoke-DbxJobRun -Json $body",
                "Repair-DbxRun" => "$run | Repair-DbxRun -AllFailed -Json $body",
                _ => $"{command} -Settings $body",
            };
            // -WhatIf: the body is checked, and nothing is sent.
            var result = shell.Run(call + " -WhatIf").AssertNoErrors();
            Assert.True(result.Warnings.Count == 0, $"{what} ({command}): {string.Join("; ", result.Warnings)}");
        }
    }

    [Fact]
    public void Files_piped_in_are_read_as_path_reads_them_each_as_its_own_item()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-piped-").FullName;
        var name = Unique("piped");
        var task = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/a" } });
        WriteFile(folder, "a.job.json", new JsonObject { ["name"] = $"{name}-a", ["tasks"] = task.DeepClone() });
        WriteFile(folder, "b.job.json", new JsonObject { ["job_id"] = 1, ["settings"] = new JsonObject { ["name"] = $"{name}-b", ["tasks"] = task.DeepClone() } });
        WriteFile(folder, "c.job.json", new JsonObject { ["name"] = $"{name}-c", ["taks"] = task.DeepClone() });
        WriteFile(folder, "run.json", new JsonObject { ["run_name"] = $"{name}-run", ["tasks"] = task.DeepClone() });
        Directory.CreateDirectory(Path.Combine(folder, "d.job.json"));
        shell.Set("folder", folder);
        shell.Set("name", name);
        var result = shell.Run("""
            $jobs = @(Get-DbxJob).Count
            $files = [IO.DirectoryInfo]::new($folder).GetFileSystemInfos('*.job.json')
            [Array]::Sort([string[]] $files.Name, $files)
            $made = $files | New-DbxJob
            $made.Name
            'made'; @(Get-DbxJob).Count - $jobs
            ([IO.FileInfo]::new([IO.Path]::Combine($folder, 'run.json')) | Submit-DbxRun -Wait).RunName
            $made[0] | Set-DbxJob -Path ([IO.Path]::Combine($folder, 'b.job.json')) -PassThru -Confirm:$false | ForEach-Object Name
            [IO.FileInfo]::new([IO.Path]::Combine($folder, 'a.job.json')) | Set-DbxJob -JobId $made[1].JobId -PassThru -Confirm:$false | ForEach-Object Name
            New-DbxJob -Settings ([IO.FileInfo]::new([IO.Path]::Combine($folder, 'a.job.json'))) -Name "$name-explicit" | ForEach-Object Name
            """);

        Assert.Null(result.Terminating);
        Assert.Equal([$"{name}-a", $"{name}-b", "made", "2", $"{name}-run", $"{name}-b", $"{name}-a", $"{name}-explicit"], result.Output.Select(o => o.ToString()));
        Assert.Equal([("MisspelledField", Path.Combine(folder, "c.job.json")), ("PathIsDirectory", Path.Combine(folder, "d.job.json"))],
            result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.TargetObject?.ToString())));
    }

    [Fact]
    public void The_help_examples_that_pipe_files_run_as_written()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-examples-").FullName;
        var name = Unique("example");
        var task = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/a" } });
        Directory.CreateDirectory(Path.Combine(folder, "jobs"));
        Directory.CreateDirectory(Path.Combine(folder, "runs"));
        WriteFile(folder, Path.Combine("jobs", "nightly.json"), new JsonObject { ["name"] = $"{name}-nightly", ["tasks"] = task.DeepClone() });
        WriteFile(folder, Path.Combine("jobs", "weekly.json"), new JsonObject { ["name"] = $"{name}-weekly", ["tasks"] = task.DeepClone() });
        WriteFile(folder, Path.Combine("runs", "check.json"), new JsonObject { ["run_name"] = "check", ["tasks"] = task.DeepClone() });
        shell.Set("folder", folder);
        var id = shell.Run("""
            $ExecutionContext.SessionState.Path.SetLocation($folder) | Out-Null
            (New-DbxJob -Name placeholder -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId
            """).AssertNoErrors().Output.Single().ToString()!;

        // Get-ChildItem and Get-Item (Management cmdlets this host lacks) stand in as functions that write what they write: files.
        shell.Run("""
            function Get-ChildItem([string] $Path) {
                $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
                [IO.DirectoryInfo]::new([IO.Path]::GetDirectoryName($full)).GetFiles([IO.Path]::GetFileName($full))
            }
            function Get-Item([string] $Path) { [IO.FileInfo]::new($ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)) }
            """).AssertNoErrors();
        var outcomes = new List<string>();
        foreach (var command in new[] { "New-DbxJob", "Submit-DbxRun", "Set-DbxJob" })
        {
            shell.Set("command", command);
            var examples = shell.Run("(Get-Help $command -Examples).examples.example | ForEach-Object { $_.code } | Where-Object { $_ -match '^Get-(ChildItem|Item) ' }")
                .AssertNoErrors().Output.Select(o => o.ToString()!).ToList();
            Assert.NotEmpty(examples);
            foreach (var example in examples)
            {
                var result = shell.Run(example.Replace("1024", id)).AssertNoErrors();
                outcomes.AddRange(result.Output.Select(o => $"{command}: {o.S("Name") ?? o.S("RunName")} {o.S("ResultState")}".Trim()));
            }
        }

        Assert.Equal([$"New-DbxJob: {name}-nightly", $"New-DbxJob: {name}-weekly", "Submit-DbxRun: nightly checks SUCCESS"], outcomes.Order());
        Assert.Equal($"{name}-nightly", shell.Run($"(Get-DbxJob -JobId {id}).Name").AssertNoErrors().Output.Single().ToString());
    }

    [Fact]
    public void Named_parameters_win_over_the_fields_of_settings_json_text_and_files()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-named-").FullName;
        var name = Unique("named");
        shell.Set("file", WriteFile(folder, "job.json", JsonNode.Parse("""
            { "name": "from-file", "description": "from file", "tasks": [{ "task_key": "f", "notebook_task": { "notebook_path": "/f" } }] }
            """)!));
        shell.Set("name", name);
        var result = shell.Run("""
            $settings = @{
                name = 'from-settings'; max_concurrent_runs = 1; tags = @{ a = '1'; b = '1' }
                tasks = @(@{ task_key = 's'; notebook_task = @{ notebook_path = '/s' } })
                schedule = @{ quartz_cron_expression = '0 0 1 * * ?'; timezone_id = 'UTC'; pause_status = 'PAUSED' }
            }
            $n = @{ task_key = 'n'; notebook_task = @{ notebook_path = '/n' } }
            New-DbxJob -Settings $settings -Name "$name-a" -Tag @{ b = '2'; c = '2' } -MaxConcurrentRuns 3 -Schedule '0 0 5 * * ?' -TimeZone 'Europe/Amsterdam'
            $settings | New-DbxJob -Name "$name-b" -Task $n
            New-DbxJob -Json '{"name": "from-json", "max_concurrent_runs": 4}' -Name "$name-c" -Queue
            New-DbxJob -Path $file -Name "$name-d" -Description 'from parameters'
            Submit-DbxRun -Json '{"run_name": "from-json", "tasks": [{"task_key": "j", "notebook_task": {"notebook_path": "/j"}}]}' -RunName "$name-run" -Task $n -Wait
            """).AssertNoErrors();

        var jobs = result.Objects(JobType);
        Assert.Equal([$"{name}-a", $"{name}-b", $"{name}-c", $"{name}-d"], jobs.Select(j => j.S("Name")));
        var a = ModelTests.RawSettings(module, jobs[0].L("JobId"));
        Assert.Equal(3, a["max_concurrent_runs"]!.GetValue<int>());
        ModelTests.AssertSameJson(JsonNode.Parse("""{ "a": "1", "b": "2", "c": "2" }"""), a["tags"]);
        ModelTests.AssertSameJson(JsonNode.Parse("""{ "quartz_cron_expression": "0 0 5 * * ?", "timezone_id": "Europe/Amsterdam", "pause_status": "PAUSED" }"""), a["schedule"]);
        Assert.Equal("s", a["tasks"]![0]!["task_key"]!.GetValue<string>());
        var b = ModelTests.RawSettings(module, jobs[1].L("JobId"));
        Assert.Equal(["n"], b["tasks"]!.AsArray().Select(t => t!["task_key"]!.GetValue<string>()));
        Assert.Equal(1, b["max_concurrent_runs"]!.GetValue<int>());
        var c = ModelTests.RawSettings(module, jobs[2].L("JobId"));
        Assert.Equal(4, c["max_concurrent_runs"]!.GetValue<int>());
        Assert.True(c["queue"]!["enabled"]!.GetValue<bool>());
        var d = ModelTests.RawSettings(module, jobs[3].L("JobId"));
        Assert.Equal("from parameters", d["description"]!.GetValue<string>());
        Assert.Equal("f", d["tasks"]![0]!["task_key"]!.GetValue<string>());
        var run = result.Objects("DatabricksJobs.Models.Run").Single();
        Assert.Equal($"{name}-run", run.S("RunName"));
        Assert.Equal("SUCCESS", run.S("ResultState"));
        Assert.Equal(["n"], ((IEnumerable)run.P("Tasks")!).Cast<object>().Select(t => PSObject.AsPSObject(t).S("TaskKey")));
    }

    [Fact]
    public void A_job_name_that_is_empty_or_only_white_space_is_an_error_and_nothing_is_made_or_changed()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-blank-").FullName;
        var name = Unique("blank");
        shell.Set("file", WriteFile(folder, "blank.json", new JsonObject { ["name"] = "\t " }));
        shell.Set("name", name);
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $jobs = @(Get-DbxJob).Count
            New-DbxJob -Name '   '
            New-DbxJob -Settings @{ name = "`t" }
            New-DbxJob -Json '{"name": ""}'
            New-DbxJob -Settings @{ name = 'ok' } -Name ' '
            New-DbxJob -Path $file
            Update-DbxJob -JobId $job.JobId -Name '  '
            Update-DbxJob -JobId $job.JobId -Settings @{ Name = ' ' }
            Set-DbxJob -JobId $job.JobId -Settings @{ name = '  '; tasks = @() } -Confirm:$false
            'jobs'; @(Get-DbxJob).Count - $jobs
            (Get-DbxJob -JobId $job.JobId).Name
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["jobs", "0", name], result.Output.Select(o => o.ToString()));
        Assert.Equal(8, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("BlankJobName,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        });
        Assert.Equal("A job's name cannot be empty or only white space ('   ').", result.Errors[0].ErrorDetails.Message);
    }
}
