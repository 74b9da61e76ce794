using System.Management.Automation;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

public class JobCmdletTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public void New_job_from_parameters_returns_the_job_as_the_workspace_has_it()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("params"));
        var job = shell.Run("""
            New-DbxJob -Name $name -Description 'made by a test' -MaxConcurrentRuns 3 -TimeoutSeconds 600 -Tag @{ team = 'data'; tier = 1 } `
              -Parameter @{ env = 'dev' } -Schedule '0 0 2 * * ?' -TimeZone 'Europe/Paris' -Queue -Task @(
                @{ task_key = 'extract'; notebook_task = @{ notebook_path = '/etl/extract' } },
                @{ task_key = 'load'; depends_on = @(@{ task_key = 'extract' }); notebook_task = @{ notebook_path = '/etl/load'; base_parameters = @{ rows = 10 } } })
            """).Single(JobType);

        Assert.True(job.L("JobId") > 0);
        Assert.Equal(shell.Get("name"), job.S("Name"));
        Assert.Equal(2, job.P("TaskCount"));
        Assert.Equal("0 0 2 * * ?", job.S("Schedule"));
        Assert.Equal(ModuleFixture.UserName, job.S("CreatorUserName"));
        Assert.IsType<DateTime>(job.P("CreatedTime"));
        var check = shell.Run("""
            $j = Get-DbxJob -JobId ($input_job.JobId)
            $j.Settings.MaxConcurrentRuns; $j.Settings.Tags['tier']; $j.Settings.Parameters[0].Default; $j.Settings.Queue.Enabled
            $j.Settings.Tasks[1].DependsOn[0].TaskKey; $j.Settings.Tasks[1].NotebookTask.BaseParameters['rows']; $j.Settings.Schedule.TimezoneId
            """.Replace("$input_job.JobId", job.L("JobId").ToString())).AssertNoErrors();
        Assert.Equal(["3", "1", "dev", "True", "extract", "10", "Europe/Paris"], check.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void New_job_from_settings_and_from_a_file_and_export_round_trips()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-export-").FullName;
        shell.Set("folder", folder);
        shell.Set("name", Unique("round-trip"));
        var result = shell.Run("""
            $job = New-DbxJob -Settings @{ name = $name; tasks = @(@{ task_key = 'only'; spark_python_task = @{ python_file = 'main.py'; parameters = @('--x=1') } }); some_future_field = @{ kept = $true } }
            $file = [IO.Path]::Combine($folder, 'job.json')
            Export-DbxJob -JobId $job.JobId -Path $file -PassThru
            $copy = New-DbxJob -Path $file
            $copy
            (Export-DbxJob -JobId $job.JobId) -eq (Export-DbxJob -JobId $copy.JobId)
            """).AssertNoErrors();

        var file = result.Output.Select(o => o.BaseObject).OfType<FileInfo>().Single();
        var exported = JsonNode.Parse(File.ReadAllText(file.FullName))!;
        Assert.Equal(shell.Get("name"), exported["name"]!.GetValue<string>());
        Assert.Equal("main.py", exported["tasks"]![0]!["spark_python_task"]!["python_file"]!.GetValue<string>());
        Assert.True(exported["some_future_field"]!["kept"]!.GetValue<bool>());
        Assert.Null(exported["job_id"]);
        Assert.Equal(true, result.Output[^1].BaseObject);
        Assert.NotEqual(0, result.Objects(JobType).Single().L("JobId"));
    }

    [Fact]
    public void A_bad_json_file_and_bad_settings_are_clear_errors_and_the_other_items_still_go()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-bad-").FullName;
        File.WriteAllText(Path.Combine(folder, "bad.json"), "{ not json");
        var good = new JsonObject
        {
            ["name"] = Unique("good"),
            ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/a" } }),
        };
        File.WriteAllText(Path.Combine(folder, "good.json"), good.ToJsonString());
        shell.Set("folder", folder);
        var result = shell.Run("""
            New-DbxJob -Path ([IO.Path]::Combine($folder, 'bad.json')), ([IO.Path]::Combine($folder, 'missing.json')), ([IO.Path]::Combine($folder, 'good.json'))
            New-DbxJob -Settings @{ tasks = @(@{ task_key = 'a' }) }
            """);

        Assert.Single(result.Objects(JobType));
        Assert.Equal(3, result.Errors.Count);
        Assert.Contains("not valid JSON", result.Errors[0].ErrorDetails.Message);
        Assert.StartsWith("InvalidJson,", result.Errors[0].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[0].CategoryInfo.Category);
        Assert.Contains("missing.json", result.Errors[1].ErrorDetails.Message);
        Assert.StartsWith("INVALID_PARAMETER_VALUE,DatabricksJobs.Commands.NewDbxJobCommand", result.Errors[2].FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, result.Errors[2].CategoryInfo.Category);
        Assert.Contains("no task type", result.Errors[2].ErrorDetails.Message);
    }

    [Fact]
    public void Get_job_lists_every_page_and_filters_by_exact_name_or_wildcard()
    {
        using var shell = module.NewShell();
        var prefix = Unique("listed");
        shell.Set("prefix", prefix);
        var result = shell.Run("""
            1..105 | ForEach-Object { New-DbxJob -Name "$prefix-$_" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } } | Out-Null
            (Get-DbxJob | Where-Object Name -like "$prefix-*").Count
            (Get-DbxJob -Name "$prefix-7").Name
            (Get-DbxJob -Name "$($prefix.ToUpper())-7").Count
            (Get-DbxJob -Name "$prefix-10*").Count
            """);
        result.AssertNoErrors();
        Assert.Equal("105", result.Output[0].ToString());
        Assert.Equal($"{prefix}-7", result.Output[1].ToString());
        Assert.Equal("1", result.Output[2].ToString());
        Assert.Equal("7", result.Output[3].ToString()); // -10 and -100 .. -105
    }

    [Fact]
    public void Jobs_bind_from_the_pipeline_by_property_name_and_by_the_api_names()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("piped"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            'by object'; $job | Get-DbxJob
            'by api name'; [pscustomobject]@{ job_id = $job.JobId } | Get-DbxJob
            'by value'; $job.JobId | Get-DbxJob
            """).AssertNoErrors();
        var jobs = result.Objects(JobType);
        Assert.Equal(3, jobs.Count);
        Assert.Single(jobs.Select(j => j.L("JobId")).Distinct());
    }

    [Fact]
    public void Update_merges_tasks_by_key_and_removes_fields_and_set_replaces_everything()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("changed"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Description 'old' -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }, @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' } }
            $job | Update-DbxJob -Name "$name-renamed" -Task @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b2' } }, @{ task_key = 'c'; notebook_task = @{ notebook_path = '/c' } } -RemoveField description, 'tasks/a' -PassThru
            $job | Update-DbxJob -MaxConcurrentRuns 4 -WhatIf
            (Get-DbxJob -JobId $job.JobId).Settings.MaxConcurrentRuns
            Set-DbxJob -JobId $job.JobId -Settings @{ name = "$name-reset"; tasks = @(@{ task_key = 'z'; notebook_task = @{ notebook_path = '/z' } }) } -PassThru -Confirm:$false
            $job | Update-DbxJob
            """);

        var updated = result.Objects(JobType)[0];
        Assert.Equal($"{shell.Get("name")}-renamed", updated.S("Name"));
        var tasks = shell.Run($"(Get-DbxJob -JobId {updated.L("JobId")}).Settings.Tasks | ForEach-Object TaskKey").Output.Select(o => o.ToString());
        Assert.Equal(["z"], tasks);
        Assert.Equal("1", result.Output[1].ToString());
        Assert.Equal($"{shell.Get("name")}-reset", result.Objects(JobType)[1].S("Name"));
        Assert.Contains("What if: Performing the operation \"Update settings\" on target \"Job", result.HostText);
        var nothing = Assert.Single(result.Errors);
        Assert.Contains("Nothing to change", nothing.ErrorDetails.Message);
    }

    [Fact]
    public void Remove_deletes_and_an_unknown_job_is_an_ObjectNotFound_error_per_item()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("removed"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $job | Remove-DbxJob -WhatIf
            Get-DbxJob -JobId $job.JobId | Out-Null
            $job.JobId, 424242424242 | Remove-DbxJob -Confirm:$false
            Get-DbxJob -JobId $job.JobId, 424242424243
            """);
        Assert.Empty(result.Objects(JobType));
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
            Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", e.FullyQualifiedErrorId);
        });
        Assert.Equal(424242424242L, result.Errors[0].TargetObject);
        Assert.Contains("HTTP 404", result.Errors[0].ErrorDetails.Message);
    }
}
