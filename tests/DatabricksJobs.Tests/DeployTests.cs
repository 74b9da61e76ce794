using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>Compare-DbxJob and Deploy-DbxJob: definitions in files kept in step with a deployment's jobs.</summary>
public class DeployTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string ComparisonType = "DatabricksJobs.Models.JobComparison";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    private static string Etl(string name, string path = "/etl/main") => $$"""
        { "name": "{{name}}", "max_concurrent_runs": 1,
          "tasks": [ { "task_key": "main", "notebook_task": { "notebook_path": "{{path}}" } },
                     { "task_key": "report", "depends_on": [ { "task_key": "main" } ], "notebook_task": { "notebook_path": "/etl/report" } } ] }
        """;

    private static string Report(string name) => $$"""
        @{ name = '{{name}}'; tags = @{ team = 'bi' }
           tasks = @(@{ task_key = 'r'; notebook_task = @{ notebook_path = '/r'; base_parameters = @{ rows = 10 } } }) }
        """;

    /// <summary>A new folder holding the files given (name, text).</summary>
    private static string Folder(params (string File, string Text)[] files)
    {
        var folder = Directory.CreateTempSubdirectory("dbx-deploy-").FullName;
        foreach (var (file, text) in files) File.WriteAllText(Path.Combine(folder, file), text);
        return folder;
    }

    /// <summary>A shell with $folder and $deployment set.</summary>
    private Shell ShellFor(string folder, string deployment)
    {
        var shell = module.NewShell();
        shell.Set("folder", folder);
        shell.Set("deployment", deployment);
        return shell;
    }

    /// <summary>How many changes the emulator has been asked for so far: every POST of the Jobs API.</summary>
    private long Writes() => module.Stats()["by_route"]!.AsObject()
        .Where(route => route.Key.StartsWith("POST /api/2.2/jobs/", StringComparison.Ordinal)).Sum(route => route.Value!.GetValue<long>());

    private static List<PSObject> Comparisons(ShellResult result) => result.Objects(ComparisonType);

    private static PSObject ByKey(ShellResult result, string key) => Comparisons(result).Single(c => c.S("Key") == key);

    /// <summary>The jobs whose dbx-deployment tag is <paramref name="tag"/>.</summary>
    private static List<long> Tagged(Shell shell, string tag)
    {
        shell.Set("tag", tag);
        return shell.Run("Get-DbxJob | Where-Object { $_.Settings.Tags -and $_.Settings.Tags['dbx-deployment'] -eq $tag } | ForEach-Object JobId")
            .AssertNoErrors().Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();
    }

    /// <summary>Deploys $folder as $deployment, with the switches given, and gives what -PassThru wrote.</summary>
    private static ShellResult Deploy(Shell shell, string switches = "") =>
        shell.Run($"Deploy-DbxJob -Path $folder -Deployment $deployment {switches} -PassThru -Confirm:$false").AssertNoErrors();

    /// <summary>The one comparison of a deploy of $folder as $deployment.</summary>
    private static PSObject DeployOne(Shell shell) => Comparisons(Deploy(shell)).Single();

    /// <summary>Deploys a folder of one definition new to $deployment and gives the id of the job it created.</summary>
    private static long DeployNew(Shell shell)
    {
        var created = DeployOne(shell);
        Assert.Equal("Created", created.S("Result"));
        return created.L("JobId");
    }

    /// <summary>The one comparison of $folder with $deployment's jobs.</summary>
    private static PSObject CompareOne(Shell shell, string switches = "") =>
        Comparisons(shell.Run($"Compare-DbxJob -Path $folder -Deployment $deployment {switches}").AssertNoErrors()).Single();

    /// <summary>Deploys $folder again, asserting that every job it finds is Equal, so Unchanged, and that no write is sent.</summary>
    private ShellResult RedeployUnchanged(Shell shell, string switches = "")
    {
        var before = Writes();
        var again = Deploy(shell, switches);
        Assert.Equal(before, Writes());
        Assert.NotEmpty(Comparisons(again));
        Assert.All(Comparisons(again), c => Assert.Equal(("Equal", "Unchanged"), (c.S("Action"), c.S("Result"))));
        return again;
    }

    /// <summary>A comparison's differences: each field's path, its value in the workspace and in the definition.</summary>
    private static List<(string? Path, object? WorkspaceValue, object? DefinitionValue)> Differences(PSObject comparison) =>
        ((Array)comparison.P("Differences")!).Cast<object>().Select(PSObject.AsPSObject)
            .Select(d => (d.S("Path"), d.P("WorkspaceValue"), d.P("DefinitionValue"))).ToList();

    [Fact]
    public void A_deploy_creates_each_job_with_its_tag_and_a_second_deploy_sends_no_write()
    {
        var deployment = Unique("create");
        var folder = Folder(("nightly-etl.json", Etl(Unique("etl"))), ("report.psd1", Report(Unique("report"))));
        using var shell = ShellFor(folder, deployment);

        var created = Deploy(shell);

        Assert.Equal(["nightly-etl", "report"], Comparisons(created).Select(c => c.S("Key")));
        Assert.All(Comparisons(created), c => Assert.Equal("Create", c.S("Action")));
        Assert.All(Comparisons(created), c => Assert.Equal("Created", c.S("Result")));
        var etlId = ByKey(created, "nightly-etl").L("JobId");
        Assert.Equal([etlId], Tagged(shell, $"{deployment}/nightly-etl"));
        Assert.Equal([ByKey(created, "report").L("JobId")], Tagged(shell, $"{deployment}/report"));
        Assert.Equal(Path.Combine(folder, "report.psd1"), ByKey(created, "report").S("File"));

        Assert.Equal(etlId, ByKey(RedeployUnchanged(shell), "nightly-etl").L("JobId"));

        var compared = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment").AssertNoErrors();
        Assert.All(Comparisons(compared), c => Assert.Empty(Differences(c)));
        Assert.All(Comparisons(compared), c => Assert.Null(c.P("Result")));
    }

    [Fact]
    public void Renaming_the_job_in_its_file_updates_that_job_and_compare_shows_each_field_path_and_value()
    {
        var deployment = Unique("rename");
        var (oldName, newName) = (Unique("old"), Unique("new"));
        var folder = Folder(("nightly-etl.json", Etl(oldName)));
        using var shell = ShellFor(folder, deployment);
        var jobId = DeployNew(shell);
        File.WriteAllText(Path.Combine(folder, "nightly-etl.json"), Etl(newName, "/etl/v2"));
        shell.Run($"Update-DbxJob -JobId {jobId} -MaxConcurrentRuns 3").AssertNoErrors();

        var compared = CompareOne(shell);
        Assert.Equal(("Update", jobId, newName), (compared.S("Action"), compared.L("JobId"), compared.S("Name")));
        var differences = Differences(compared).ToDictionary(d => d.Path!, d => (d.WorkspaceValue, d.DefinitionValue));
        Assert.Equal(["name", "max_concurrent_runs", "tasks[main].notebook_task.notebook_path"], differences.Keys.Order(StringComparer.Ordinal).OrderBy(k => k.Length));
        Assert.Equal((oldName, newName), differences["name"]);
        Assert.Equal(((object)3L, (object)1L), differences["max_concurrent_runs"]);
        Assert.Equal(("/etl/main", "/etl/v2"), differences["tasks[main].notebook_task.notebook_path"]);

        var before = Writes();
        var updated = DeployOne(shell);
        Assert.Equal(before + 1, Writes());
        Assert.Equal(("Updated", jobId), (updated.S("Result"), updated.L("JobId")));
        Assert.Equal(newName, shell.Run($"(Get-DbxJob -JobId {jobId}).Name").Output.Single().ToString());
        Assert.Equal("Equal", CompareOne(shell).S("Action"));
    }

    [Fact]
    public void Tasks_in_another_order_compare_equal_and_a_task_added_or_removed_is_one_difference_keyed_by_task_key()
    {
        var deployment = Unique("order");
        var name = Unique("etl");
        var folder = Folder(("etl.json", Etl(name)));
        using var shell = ShellFor(folder, deployment);
        Deploy(shell);

        File.WriteAllText(Path.Combine(folder, "etl.json"), $$"""
            { "name": "{{name}}",
              "tasks": [ { "task_key": "report", "depends_on": [ { "task_key": "main" } ], "notebook_task": { "notebook_path": "/etl/report" } },
                         { "task_key": "main", "notebook_task": { "notebook_path": "/etl/main" } } ] }
            """);
        Assert.Equal("Equal", CompareOne(shell).S("Action"));

        File.WriteAllText(Path.Combine(folder, "etl.json"), $$"""
            { "name": "{{name}}",
              "tasks": [ { "task_key": "main", "notebook_task": { "notebook_path": "/etl/main" } },
                         { "task_key": "extra", "notebook_task": { "notebook_path": "/etl/extra" } } ] }
            """);
        var differences = Differences(CompareOne(shell));
        Assert.Equal(["tasks[extra]", "tasks[report]"], differences.Select(d => d.Path));
        Assert.Null(differences[0].WorkspaceValue);
        Assert.Contains("\"notebook_path\":\"/etl/extra\"", (string)differences[0].DefinitionValue!);
        Assert.Null(differences[1].DefinitionValue);
    }

    private static string Rich(string name, bool reordered = false)
    {
        string[] libraries = ["""{ "pypi": { "package": "requests" } }""", """{ "whl": "/Workspace/a.whl" }"""];
        string[] parameters = ["""{ "name": "env", "default": "dev" }""", """{ "name": "day", "default": "" }"""];
        string[] tasks =
        [
            $$"""{ "task_key": "nb", "job_cluster_key": "c", "notebook_task": { "notebook_path": "etl/nb" }, "libraries": [ {{Joined(libraries, reordered)}} ] }""",
            """{ "task_key": "py", "depends_on": [ { "task_key": "nb" } ], "job_cluster_key": "c", "spark_python_task": { "python_file": "etl/main.py" }, "run_if": "ALL_SUCCESS", "max_retries": 0 }""",
            $$"""
            { "task_key": "each", "depends_on": [ {{Joined(["""{ "task_key": "py" }""", """{ "task_key": "nb" }"""], reordered)}} ],
              "for_each_task": { "inputs": "[1,2]", "task": { "task_key": "inner", "job_cluster_key": "c", "notebook_task": { "notebook_path": "etl/inner" } } } }
            """,
        ];
        return $$"""
            { "name": "{{name}}", "max_concurrent_runs": 1, "timeout_seconds": 0,
              "git_source": { "git_url": "https://github.com/o/r", "git_provider": "gitHub", "git_branch": "main" },
              "schedule": { "quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": "UNPAUSED" },
              "parameters": [ {{Joined(parameters, reordered)}} ],
              "job_clusters": [ { "job_cluster_key": "c", "new_cluster": { "spark_version": "15.4.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 1,
                                  "spark_conf": { "spark.x.y": "1" } } } ],
              "tasks": [ {{Joined(tasks, reordered)}} ] }
            """;
    }

    private static string Joined(string[] items, bool reversed) => string.Join(", ", reversed ? items.Reverse() : items);

    [Fact]
    public void A_job_just_deployed_compares_equal_whatever_the_service_fills_in_and_the_order_of_keyed_items()
    {
        var deployment = Unique("defaults");
        var name = Unique("rich");
        var folder = Folder(("rich.json", Rich(name)));
        using var shell = ShellFor(folder, deployment);
        var jobId = DeployNew(shell);
        // What the service fills in (sources GIT with a git_source, run_if, task timeouts and notifications, ...) is not in the file.
        Assert.Equal("GIT", shell.Run($"(Get-DbxJob -JobId {jobId}).Settings.Tasks[0].NotebookTask.Source").Output.Single().ToString());
        shell.Run($"Update-DbxJob -JobId {jobId} -Settings @{{ run_as = @{{ user_name = '{ModuleFixture.UserName}' }} }}").AssertNoErrors();

        Assert.Equal("Equal", CompareOne(shell).S("Action"));
        File.WriteAllText(Path.Combine(folder, "rich.json"), Rich(name, reordered: true));
        Assert.Equal("Equal", CompareOne(shell).S("Action"));

        shell.Run($$"""
            Update-DbxJob -JobId {{jobId}} -Task @{ task_key = 'py'; depends_on = @(@{ task_key = 'nb' }); job_cluster_key = 'c'; run_if = 'ALL_DONE'
                spark_python_task = @{ python_file = 'etl/main.py' }; max_retries = 2 }
            """).AssertNoErrors();
        Assert.Equal([("tasks[py].run_if", "ALL_DONE", "ALL_SUCCESS"), ("tasks[py].max_retries", 2L, 0L)], Differences(CompareOne(shell)));
    }

    /// <summary>A job whose clusters (a job cluster, a task's own, a for-each task's inner task's) give <paramref name="cluster"/>'s fields and no cloud's.</summary>
    private static string Clustered(string name, string cluster = "") => $$"""
        { "name": "{{name}}",
          "job_clusters": [ { "job_cluster_key": "c", "new_cluster": { "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1{{cluster}} } } ],
          "tasks": [ { "task_key": "shared", "job_cluster_key": "c", "notebook_task": { "notebook_path": "/etl/a" } },
                     { "task_key": "own", "notebook_task": { "notebook_path": "/etl/b" },
                       "new_cluster": { "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 2, "apply_policy_default_values": true } },
                     { "task_key": "each", "for_each_task": { "inputs": "[1]", "task": { "task_key": "inner", "notebook_task": { "notebook_path": "/etl/c" },
                       "new_cluster": { "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1 } } } } ] }
        """;

    [Fact]
    public void What_the_service_fills_in_for_a_new_cluster_is_no_difference_and_a_value_the_definition_gives_is()
    {
        var deployment = Unique("clusters");
        var name = Unique("clustered");
        var folder = Folder(("clustered.json", Clustered(name)));
        using var shell = ShellFor(folder, deployment);
        var jobId = DeployNew(shell);
        // The workspace's clusters carry what the definition left out: the cloud's attributes, elastic disk, access mode.
        var cluster = shell.Run($"(Get-DbxJob -JobId {jobId}).Settings.JobClusters[0].NewCluster").AssertNoErrors().Output.Single();
        Assert.Equal(("ON_DEMAND_AZURE", "True", "SINGLE_USER"),
            (PSObject.AsPSObject(cluster.P("AzureAttributes")!).S("Availability"), cluster.S("EnableElasticDisk"), cluster.S("DataSecurityMode")));

        Assert.Equal("Equal", CompareOne(shell).S("Action"));
        Assert.Single(Comparisons(RedeployUnchanged(shell)));

        // Given values are compared; the attributes the service adds beside a given one are not.
        File.WriteAllText(Path.Combine(folder, "clustered.json"),
            Clustered(name, """, "azure_attributes": { "first_on_demand": 2 }, "data_security_mode": "USER_ISOLATION", "enable_elastic_disk": true"""));
        var compared = CompareOne(shell);
        Assert.Equal("Update", compared.S("Action"));
        Assert.Equal([("job_clusters[c].new_cluster.azure_attributes.first_on_demand", 1L, 2L), ("job_clusters[c].new_cluster.data_security_mode", "SINGLE_USER", "USER_ISOLATION")],
            Differences(compared));
        Deploy(shell);
        Assert.Equal("Equal", CompareOne(shell).S("Action"));
    }

    [Fact]
    public void A_file_renamed_only_in_case_is_the_same_job_equal_and_keeps_its_tag()
    {
        var deployment = Unique("case");
        var name = Unique("etl");
        var folder = Folder(("nightly-etl.json", Etl(name)));
        using var shell = ShellFor(folder, deployment);
        var jobId = DeployNew(shell);
        File.Move(Path.Combine(folder, "nightly-etl.json"), Path.Combine(folder, "Nightly-ETL.json"));

        var compared = CompareOne(shell, "-Prune");
        Assert.Equal(("Equal", jobId, "Nightly-ETL"), (compared.S("Action"), compared.L("JobId"), compared.S("Key")));
        Assert.Single(Comparisons(RedeployUnchanged(shell, "-Prune")));

        // A reset for another change keeps the tag too, so the job's tag never flips between spellings.
        File.WriteAllText(Path.Combine(folder, "Nightly-ETL.json"), Etl(name, "/etl/v2"));
        var updated = DeployOne(shell);
        Assert.Equal(("Updated", jobId), (updated.S("Result"), updated.L("JobId")));
        Assert.Equal(["tasks[main].notebook_task.notebook_path"], Differences(updated).Select(d => d.Path));
        Assert.Equal([jobId], Tagged(shell, $"{deployment}/nightly-etl"));
    }

    [Fact]
    public void Jobs_of_the_same_name_made_by_hand_or_by_another_deployment_never_confuse_a_deploy()
    {
        var name = Unique("same");
        var (deployment, other) = (Unique("mine"), Unique("theirs"));
        var folder = Folder(("etl.json", Etl(name)));
        using var shell = ShellFor(folder, deployment);
        shell.Set("other", other);
        shell.Set("name", name);
        var handMade = shell.Run("1..2 | ForEach-Object { (New-DbxJob -Name $name -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId }")
            .AssertNoErrors().Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();

        var mine = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");
        var theirs = shell.Run("Deploy-DbxJob -Path $folder -Deployment $other -PassThru -Confirm:$false").AssertNoErrors();

        mine.AssertNoErrors();
        Assert.Contains(mine.Warnings, w => w.Contains(handMade[0].ToString()) && w.Contains("-Adopt"));
        var (mineId, theirsId) = (Comparisons(mine).Single().L("JobId"), Comparisons(theirs).Single().L("JobId"));
        Assert.DoesNotContain(mineId, handMade);
        Assert.NotEqual(mineId, theirsId);
        var again = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment").AssertNoErrors();
        Assert.Equal(("Equal", mineId), (Comparisons(again).Single().S("Action"), Comparisons(again).Single().L("JobId")));
        Assert.Equal(4, shell.Run("@(Get-DbxJob -Name $name).Count").Output.Single().BaseObject);
    }

    [Fact]
    public void Prune_deletes_only_this_deployments_jobs_whose_file_is_gone()
    {
        var (deployment, other) = (Unique("prune"), Unique("other"));
        var folder = Folder(("keep.json", Etl(Unique("keep"))), ("gone.json", Etl(Unique("gone"))));
        using var shell = ShellFor(folder, deployment);
        shell.Set("other", other);
        var mine = Deploy(shell);
        var theirs = Comparisons(shell.Run("Deploy-DbxJob -Path $folder -Deployment $other -PassThru -Confirm:$false").AssertNoErrors());
        var handMade = shell.Run("(New-DbxJob -Name 'hand made' -Tag @{ 'dbx-deployment-note' = 'x' } -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId")
            .AssertNoErrors().Output.Single().BaseObject;
        File.Delete(Path.Combine(folder, "gone.json"));

        var compared = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment -Prune").AssertNoErrors();
        Assert.Equal([("keep", "Equal"), ("gone", "Delete")], Comparisons(compared).Select(c => (c.S("Key"), c.S("Action"))));
        Assert.Null(ByKey(compared, "gone").P("File"));
        var pruned = Deploy(shell, "-Prune");

        Assert.Equal(("Deleted", ByKey(mine, "gone").L("JobId")), (ByKey(pruned, "gone").S("Result"), ByKey(pruned, "gone").L("JobId")));
        Assert.Empty(Tagged(shell, $"{deployment}/gone"));
        Assert.Single(Tagged(shell, $"{deployment}/keep"));
        Assert.Equal(theirs.Select(c => c.L("JobId")).Order(), Tagged(shell, $"{other}/keep").Concat(Tagged(shell, $"{other}/gone")).Order());
        shell.Run($"Get-DbxJob -JobId {handMade}").AssertNoErrors();
    }

    [Fact]
    public void Prune_with_no_definition_is_refused_and_deletes_nothing()
    {
        var deployment = Unique("empty");
        var folder = Folder(("a.json", Etl(Unique("a"))));
        using var shell = ShellFor(folder, deployment);
        Deploy(shell);
        File.Delete(Path.Combine(folder, "a.json"));
        var before = Writes();

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -Prune -Confirm:$false; 'after'");

        Assert.Equal(["DefinitionNotFound", "PruneWithoutDefinitions"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(["after"], result.Output.Select(o => o.ToString()));
        Assert.Equal(before, Writes());
        Assert.Single(Tagged(shell, $"{deployment}/a"));
    }

    [Fact]
    public void A_broken_file_stops_every_prune_and_its_own_deploy_while_the_other_files_deploy()
    {
        var deployment = Unique("broken");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.json", Etl(Unique("b"))), ("c.json", Etl(Unique("c"))));
        using var shell = ShellFor(folder, deployment);
        Deploy(shell);
        File.Delete(Path.Combine(folder, "c.json"));
        File.WriteAllText(Path.Combine(folder, "a.json"), "{ \"name\": ");
        File.WriteAllText(Path.Combine(folder, "d.json"), Etl(Unique("d")));

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -Prune -PassThru -Confirm:$false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DefinitionInvalidJson", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(Path.Combine(folder, "a.json"), error.TargetObject);
        Assert.Contains(result.Warnings, w => w.Contains("No job is pruned"));
        Assert.Equal([("b", "Unchanged"), ("d", "Created")], Comparisons(result).Select(c => (c.S("Key"), c.S("Result"))));
        Assert.Single(Tagged(shell, $"{deployment}/a"));
        Assert.Single(Tagged(shell, $"{deployment}/c"));
    }

    [Fact]
    public void Adopt_takes_over_the_one_untagged_job_of_the_name_refuses_several_and_creates_when_none()
    {
        var deployment = Unique("adopt");
        var (one, several, none) = (Unique("one"), Unique("several"), Unique("none"));
        var folder = Folder(("one.json", Etl(one)), ("several.json", Etl(several)), ("none.json", Etl(none)));
        using var shell = ShellFor(folder, deployment);
        shell.Set("one", one);
        shell.Set("several", several);
        var made = shell.Run("""
            (New-DbxJob -Name $one -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId
            1..2 | ForEach-Object { (New-DbxJob -Name $several -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId }
            """).AssertNoErrors().Output.Select(o => Convert.ToInt64(o.BaseObject)).ToList();

        var compared = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment -Adopt");
        Assert.Equal(("Adopt", made[0]), (ByKey(compared, "one").S("Action"), ByKey(compared, "one").L("JobId")));
        Assert.Contains(Differences(ByKey(compared, "one")), d => d.Path == "tasks[main]");
        var before = Writes();
        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -Adopt -PassThru -Confirm:$false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("AdoptAmbiguous", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(made[1].ToString(), error.ToString());
        Assert.Equal(Path.Combine(folder, "several.json"), error.TargetObject);
        Assert.Equal([("none", "Create", "Created"), ("one", "Adopt", "Updated")], Comparisons(result).Select(c => (c.S("Key"), c.S("Action"), c.S("Result"))));
        Assert.Equal(before + 2, Writes());
        Assert.Equal([made[0]], Tagged(shell, $"{deployment}/one"));
        Assert.Empty(Tagged(shell, $"{deployment}/several"));
        Assert.Equal("Equal", Comparisons(shell.Run("Compare-DbxJob -Path $folder/one.json -Deployment $deployment -Adopt")).Single().S("Action"));
    }

    [Fact]
    public void Variables_come_from_the_parameter_in_any_case_or_the_environment_and_a_missing_one_is_an_error_naming_file_variable_and_path()
    {
        var deployment = Unique("vars");
        var name = Unique("vars");
        var folder = Folder(
            ("filled.json", $$$"""
                { "name": "{{{name}}}-${var.env}", "description": "run {{job.id}} of ${other} in ${var.Region}",
                  "tasks": [ { "task_key": "main", "notebook_task": { "notebook_path": "dbfs:/${var.env}/x" } } ] }
                """),
            ("missing.json", $$"""{ "name": "{{name}}-m", "tasks": [ { "task_key": "main", "notebook_task": { "notebook_path": "/${var.nowhere}" } } ] }"""));
        using var shell = ShellFor(folder, deployment);
        var variable = "DBX_VAR_Region";
        Environment.SetEnvironmentVariable(variable, "westeurope");
        try
        {
            var result = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment -Variable @{ ENV = 'prod'; unused = 1 }");

            Assert.Equal($"{name}-prod", ByKey(result, "filled").S("Name"));
            var error = Assert.Single(result.Errors);
            Assert.Equal("DefinitionUnknownVariable", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(Path.Combine(folder, "missing.json"), error.TargetObject);
            Assert.Contains("${var.nowhere} (at tasks[0].notebook_task.notebook_path)", error.ToString());
            Assert.Contains("DBX_VAR_nowhere", error.ToString());
            Assert.Contains(result.Warnings, w => w.Contains("'unused'"));
            Assert.DoesNotContain(result.Warnings, w => w.Contains("'ENV'"));

            shell.Run("Deploy-DbxJob -Path $folder/filled.json -Deployment $deployment -Variable @{ env = 'prod' } -Confirm:$false").AssertNoErrors();
            var settings = shell.Run($"(Get-DbxJob -Name '{name}-prod').Settings").AssertNoErrors().Output.Single();
            Assert.Equal("run {{job.id}} of ${other} in westeurope", settings.S("Description"));
            Assert.Equal("dbfs:/prod/x", shell.Run($"(Get-DbxJob -Name '{name}-prod').Settings.Tasks[0].NotebookTask.NotebookPath").Output.Single().ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void A_psd1_is_read_as_data_and_one_with_code_is_an_error_whose_code_never_runs()
    {
        var deployment = Unique("psd1");
        var marker = Path.Combine(Path.GetTempPath(), Unique("ran"));
        var folder = Folder(
            ("report.psd1", Report(Unique("report"))),
            ("code.psd1", $"@{{ name = (New-Item -ItemType File -Path '{marker}').Name; tasks = @() }}"),
            ("two.psd1", "@{ name = 'a' }\n@{ name = 'b' }"));
        using var shell = ShellFor(folder, deployment);

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");

        Assert.False(File.Exists(marker));
        Assert.Equal(["DefinitionPsd1NotData", "DefinitionInvalidPsd1"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(Path.Combine(folder, "code.psd1"), result.Errors[0].TargetObject);
        Assert.Equal("Created", ByKey(result, "report").S("Result"));
        Assert.Equal("Equal", Comparisons(shell.Run("Compare-DbxJob -Path $folder/report.psd1 -Deployment $deployment").AssertNoErrors()).Single().S("Action"));
    }

    [Fact]
    public void Each_invalid_definition_is_an_error_of_its_file_and_the_others_deploy()
    {
        var deployment = Unique("invalid");
        var good = Unique("good");
        var folder = Folder(
            ("good.json", Etl(good)),
            ("unknown.json", """{ "name": "x", "tasks": [], "not_a_field": 1 }"""),
            ("noname.json", """{ "tasks": [ { "task_key": "a", "notebook_task": { "notebook_path": "/a" } } ] }"""),
            ("tagged.json", """{ "name": "x", "tags": { "dbx-deployment": "someone/else" } }"""),
            ("twice.json", Etl(Unique("twice"))),
            ("Twice.psd1", Report(Unique("twice"))));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a definition");
        using var shell = ShellFor(folder, deployment);

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");

        var errors = result.Errors.ToDictionary(e => Path.GetFileName((string)e.TargetObject), e => e.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["unknown.json"] = "DefinitionUnknownField", ["noname.json"] = "DefinitionMissingName", ["tagged.json"] = "DefinitionIdentityTag",
            ["twice.json"] = "DefinitionDuplicateKey", ["Twice.psd1"] = "DefinitionDuplicateKey",
        }, errors);
        Assert.Contains("'not_a_field'", result.Errors.Single(e => e.FullyQualifiedErrorId.StartsWith("DefinitionUnknownField")).ToString());
        Assert.Equal([("good", "Created")], Comparisons(result).Select(c => (c.S("Key"), c.S("Result"))));
        Assert.Empty(Tagged(shell, $"{deployment}/twice"));
    }

    [Fact]
    public void WhatIf_shows_each_change_with_its_fields_and_writes_nothing()
    {
        var deployment = Unique("whatif");
        var (name, created) = (Unique("etl"), Unique("new"));
        var folder = Folder(("etl.json", Etl(name)));
        using var shell = ShellFor(folder, deployment);
        Deploy(shell);
        File.WriteAllText(Path.Combine(folder, "etl.json"), Etl(name, "/etl/v2"));
        File.WriteAllText(Path.Combine(folder, "new.json"), Etl(created));
        shell.Host.Clear();
        var before = Writes();

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -WhatIf -PassThru").AssertNoErrors();

        Assert.Equal(before, Writes());
        Assert.Contains("tasks[main].notebook_task.notebook_path: '/etl/main' -> '/etl/v2'", result.HostText);
        Assert.Contains($"\"Create\" on target \"Job '{created}' (new)\"", result.HostText);
        Assert.All(Comparisons(result), c => Assert.Equal("Skipped", c.S("Result")));
        Assert.Empty(Tagged(shell, $"{deployment}/new"));
    }

    [Fact]
    public void A_deploy_cut_short_is_finished_by_running_it_again_without_a_second_job()
    {
        var deployment = Unique("resume");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.json", Etl(Unique("b"))), ("c.json", Etl(Unique("c"))));
        using var shell = ShellFor(folder, deployment);
        // The first create is made, but its answer never comes back.
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/create","drop_connection":true,"count":1}""");

        var first = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");
        module.ClearFaults();

        var error = Assert.Single(first.Errors);
        Assert.Equal(("OutcomeUnknown", (object)Path.Combine(folder, "a.json")), (error.FullyQualifiedErrorId.Split(',')[0], error.TargetObject));
        Assert.Contains($"deploy again: the job carries the tag dbx-deployment = '{deployment}/a'", error.Exception.Message);
        Assert.Equal([("a", "Failed"), ("b", "Created"), ("c", "Created")], Comparisons(first).Select(c => (c.S("Key"), c.S("Result"))));
        RedeployUnchanged(shell);
        Assert.All(new[] { "a", "b", "c" }, key => Assert.Single(Tagged(shell, $"{deployment}/{key}")));
    }

    [Fact]
    public void A_change_the_workspace_refuses_fails_that_job_only()
    {
        var deployment = Unique("refused");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.json", Etl(Unique("b"))));
        using var shell = ShellFor(folder, deployment);
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/create","status":400,"count":1}""");

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");
        module.ClearFaults();

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(Path.Combine(folder, "a.json"), error.TargetObject);
        Assert.Equal([("a", "Failed"), ("b", "Created")], Comparisons(result).Select(c => (c.S("Key"), c.S("Result"))));
        Assert.Null(ByKey(result, "a").P("JobId"));
    }

    [Fact]
    public void A_job_that_cannot_be_read_is_an_error_of_its_definition_and_the_others_are_compared()
    {
        var deployment = Unique("unreadable");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.json", Etl(Unique("b"))));
        using var shell = ShellFor(folder, deployment);
        Deploy(shell);
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/get","status":403,"count":1}""");

        var result = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment");
        module.ClearFaults();

        var error = Assert.Single(result.Errors);
        Assert.Equal((ErrorCategory.PermissionDenied, (object)Path.Combine(folder, "a.json")), (error.CategoryInfo.Category, error.TargetObject));
        Assert.Equal([("b", "Equal")], Comparisons(result).Select(c => (c.S("Key"), c.S("Action"))));
    }

    [Fact]
    public void Two_jobs_carrying_one_tag_are_an_error_of_that_definition_and_get_no_write()
    {
        var deployment = Unique("twins");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.json", Etl(Unique("b"))));
        using var shell = ShellFor(folder, deployment);
        var twins = shell.Run("""
            1..2 | ForEach-Object { (New-DbxJob -Name 'twin' -Tag @{ 'dbx-deployment' = "$deployment/A" } -Task @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x' } }).JobId }
            """).AssertNoErrors().Output.Select(o => o.ToString()).ToList();

        var result = shell.Run("Deploy-DbxJob -Path $folder -Deployment $deployment -PassThru -Confirm:$false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeploymentKeyAmbiguous", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.All(twins, id => Assert.Contains(id, error.ToString()));
        Assert.Equal([("b", "Created")], Comparisons(result).Select(c => (c.S("Key"), c.S("Result"))));
        Assert.Equal(2, shell.Run("@(Get-DbxJob -Name 'twin' | Where-Object { $_.Settings.Tags['dbx-deployment'] -eq \"$deployment/A\" }).Count").Output.Single().BaseObject);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("with space")]
    public void A_deployment_name_that_cannot_be_a_tags_first_part_is_a_parameter_error(string deployment)
    {
        using var shell = ShellFor(Folder(("a.json", Etl("a"))), deployment);

        var error = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment").FirstError();

        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_path_that_names_no_definition_is_an_error_and_wildcards_take_json_and_psd1_files()
    {
        var deployment = Unique("paths");
        var folder = Folder(("a.json", Etl(Unique("a"))), ("b.psd1", Report(Unique("b"))), ("c.txt", "x"));
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "sub", "d.json"), Etl(Unique("d")));
        using var shell = ShellFor(folder, deployment);

        var all = shell.Run("Compare-DbxJob -Path $folder -Deployment $deployment").AssertNoErrors();
        var wild = shell.Run("Compare-DbxJob -Path $folder/*.* -Deployment $deployment").AssertNoErrors();
        var none = shell.Run("Compare-DbxJob -Path $folder/*.yml, $folder/c.txt, $folder/a.json -Deployment $deployment");

        Assert.Equal(["a", "b", "d"], Comparisons(all).Select(c => c.S("Key")));
        Assert.Equal(["a", "b"], Comparisons(wild).Select(c => c.S("Key")));
        Assert.Equal(["DefinitionNotFound", "DefinitionNotADefinition"], none.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(["a"], Comparisons(none).Select(c => c.S("Key")));
    }
}
