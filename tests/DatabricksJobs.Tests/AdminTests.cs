using System.Management.Automation;
using System.Xml.Linq;

namespace DatabricksJobs.Tests;

/// <summary>What a PowerShell admin expects: names that bind or fail, tables that show properties, prompts before damage, one timeout.</summary>
public class AdminTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string Task = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";

    private static Shell Named(Shell shell, string prefix)
    {
        shell.Set("name", $"{prefix}-{Guid.NewGuid():N}");
        return shell;
    }

    [Fact]
    public void An_exact_name_that_no_job_has_is_an_object_not_found_error_and_a_pattern_that_matches_none_is_not()
    {
        using var shell = Named(module.NewShell(), "admin");
        var typo = shell.Run("Get-DbxJob -Name $name");
        var error = Assert.Single(typo.Errors);
        Assert.Equal("JobNotFound,DatabricksJobs.Commands.GetDbxJobCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal($"There is no job named '{shell.Get("name")}'.", error.ErrorDetails.Message);
        Assert.Empty(shell.Run("Get-DbxJob -Name \"$name*\"").AssertNoErrors().Output);

        var stopped = shell.Run("$ErrorActionPreference = 'Stop'; try { Get-DbxJob -Name $name | Invoke-DbxJobRun -Wait; 'went on' } catch { 'stopped: ' + $_ }");
        Assert.Equal($"stopped: There is no job named '{shell.Get("name")}'.", Assert.Single(stopped.Output).ToString());
    }

    [Fact]
    public void A_bare_number_is_a_job_id_a_bare_word_a_name_and_nothing_lists_with_task_counts()
    {
        // Get-DbxJob 527674, as typed, is a number; a quoted "527674" stays a name.
        AssertBareArguments();
    }

    private void AssertBareArguments()
    {
        using var shell = Named(module.NewShell(), "admin");
        shell.Run($"$job = New-DbxJob -Name $name -Task {Task}, @{{ task_key = 'b'; notebook_task = @{{ notebook_path = '/b' }} }}").AssertNoErrors();
        var result = shell.Run("""
            (Get-DbxJob $job.JobId).Name
            (Get-DbxJob $name).JobId -eq $job.JobId
            (Get-DbxJob | Where-Object JobId -eq $job.JobId).TaskCount
            (Get-DbxJob -Name $name).TaskCount
            """).AssertNoErrors();
        Assert.Equal([shell.Get("name")!.ToString(), "True", "2", "2"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Acting_on_a_name_refuses_one_that_no_job_or_several_jobs_have_and_all_acts_on_every_one()
    {
        using var shell = Named(module.NewShell(), "admin");
        shell.Run($"$first = New-DbxJob -Name $name -Task {Task}; $second = New-DbxJob -Name $name -Task {Task}").AssertNoErrors();

        var twice = shell.Run("Invoke-DbxJobRun -JobName $name; Remove-DbxJob -Name $name -Confirm:$false; @(Get-DbxRun -JobId $first.JobId).Count + @(Get-DbxRun -JobId $second.JobId).Count");
        Assert.Equal(2, twice.Errors.Count);
        Assert.All(twice.Errors, e => Assert.StartsWith("AmbiguousJobName,", e.FullyQualifiedErrorId));
        var ids = shell.Run("\"$($first.JobId), $($second.JobId)\"").Output[0].ToString();
        Assert.All(twice.Errors, e => Assert.Equal($"2 jobs are named '{shell.Get("name")}' (ids {ids}): give -JobId to choose one, or -All to act on every one.", e.ErrorDetails.Message));
        Assert.Equal("0", twice.Output.Last().ToString());

        var all = shell.Run("Invoke-DbxJobRun -JobName $name -All -Wait").AssertNoErrors();
        Assert.Equal(2, all.Objects(RunType).Count);
        var typo = shell.Run("Invoke-DbxJobRun -JobName \"$name-typo\" -Wait");
        Assert.StartsWith("JobNotFound,", Assert.Single(typo.Errors).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, typo.Errors[0].CategoryInfo.Category);

        shell.Run("Remove-DbxJob -Name $name -All -Confirm:$false").AssertNoErrors();
        Assert.Empty(shell.Run("Get-DbxJob -Name \"$name*\"").Output);
    }

    [Fact]
    public void Deleting_jobs_and_replacing_settings_ask_first_and_the_question_says_when_all_tasks_would_go()
    {
        using var shell = Named(module.NewShell(), "admin");
        shell.Run($"$job = New-DbxJob -Name $name -Task {Task}, @{{ task_key = 'b'; notebook_task = @{{ notebook_path = '/b' }} }}").AssertNoErrors();

        shell.Host.Answers.Enqueue(2); // No
        shell.Run("Set-DbxJob -JobId $job.JobId -Settings @{ name = 'x' }").AssertNoErrors();
        Assert.Contains("Replace all settings; the new settings have no tasks, so all 2 of the job's tasks are removed", Assert.Single(shell.Host.Asked));
        Assert.Equal("2", shell.Run("(Get-DbxJob -JobId $job.JobId).TaskCount").Output[0].ToString());

        shell.Host.Answers.Enqueue(2);
        shell.Run("Remove-DbxJob -JobId $job.JobId").AssertNoErrors();
        Assert.Contains($"Job {shell.Run("$job.JobId").Output[0]}", shell.Host.Asked[1]);
        shell.Run("Get-DbxJob -JobId $job.JobId").AssertNoErrors();

        shell.Host.Answers.Enqueue(0); // Yes
        shell.Run("$job | Remove-DbxJob").AssertNoErrors();
        Assert.Equal(3, shell.Host.Asked.Count);
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", shell.Run("Get-DbxJob -JobId $job.JobId").FirstError().FullyQualifiedErrorId);
        // Neither asks when told not to, as in a runbook.
        Assert.Equal(["High", "High"], shell.Run("""
            'Remove-DbxJob', 'Set-DbxJob' | ForEach-Object { (Get-Command $_).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact.ToString() }
            """).Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Timeout_implies_wait_cancel_on_timeout_cancels_and_submit_has_one_timeout()
    {
        using var shell = Named(module.NewShell(), "admin");
        shell.Run("$job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '30' } } }").AssertNoErrors();
        var result = shell.Run("$run = $job | Invoke-DbxJobRun -Timeout 1 -CancelOnTimeout; $run.LifeCycleState");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("WaitTimeout,", error.FullyQualifiedErrorId);
        Assert.EndsWith("; it was canceled (-CancelOnTimeout).", error.ErrorDetails.Message);
        // Written as it was before the cancel: not ended, and on a loaded machine maybe not yet past PENDING.
        Assert.Contains(result.Output.Last().ToString(), new[] { "PENDING", "RUNNING" });
        var ended = shell.Run("$run | Wait-DbxRun -Timeout 30 -IgnoreFailure").AssertNoErrors().Single(RunType);
        Assert.Equal("CANCELED", ended.S("ResultState"));

        var timeouts = shell.Run("""
            Get-Command -Module DatabricksJobs | ForEach-Object { $c = $_; @($c.Parameters.Keys | Where-Object { $_ -like '*Timeout*' -and $_ -ne 'CancelOnTimeout' }).Count | Where-Object { $_ -gt 1 } | ForEach-Object { $c.Name } }
            """).AssertNoErrors();
        Assert.Empty(timeouts.Output);
    }

    [Fact]
    public void Path_takes_wildcards_and_a_pattern_that_matches_no_file_is_an_error_of_its_item()
    {
        using var shell = Named(module.NewShell(), "admin");
        var folder = Directory.CreateTempSubdirectory("dbx-wild-").FullName;
        try
        {
            foreach (var n in new[] { "a", "b" })
                File.WriteAllText(Path.Combine(folder, $"{n}.job.json"), $$$"""{"name":"{{{shell.Get("name")}}}-{{{n}}}","tasks":[{"task_key":"t","notebook_task":{"notebook_path":"/t"}}]}""");
            shell.Set("folder", folder);
            var result = shell.Run("New-DbxJob -Path \"$folder/*.job.json\", \"$folder/none*.json\"");
            Assert.Equal([$"{shell.Get("name")}-a", $"{shell.Get("name")}-b"], result.Objects(JobType).Select(j => j.S("Name")).Order());
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("PathNotFound,", error.FullyQualifiedErrorId);
            Assert.Contains("No file matches", error.ErrorDetails.Message);

            var set = shell.Run("""
                $job = New-DbxJob -Name "$name-set" -Task @{ task_key = 'old'; notebook_task = @{ notebook_path = '/o' } }
                Set-DbxJob -JobId $job.JobId -Path "$folder/a.*.json" -Confirm:$false -PassThru
                Set-DbxJob -JobId $job.JobId -Path "$folder/*.job.json" -Confirm:$false
                """);
            Assert.Equal($"{shell.Get("name")}-a", set.Objects(JobType).Last().S("Name"));
            Assert.StartsWith("PathMatchesSeveral,", Assert.Single(set.Errors).FullyQualifiedErrorId);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Every_column_of_every_table_and_every_line_of_every_list_is_a_property_of_its_object()
    {
        using var shell = module.NewShell();
        var format = XDocument.Load(Path.Combine(ModuleLayout.ModuleFolder(), "DatabricksJobs.format.ps1xml"));
        foreach (var view in format.Descendants("View"))
        {
            var type = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            shell.Set("typeName", type);
            var properties = shell.Run("([type]$typeName).GetProperties().Name").AssertNoErrors().Output.Select(o => o.ToString()).ToHashSet();
            // A table column's label, or a list line's label or else the property it shows.
            var labels = view.Element("TableControl") is { } table
                ? table.Descendants("TableColumnHeader").Select(h => h.Element("Label")?.Value)
                : view.Descendants("ListItem").Select(i => (i.Element("Label") ?? i.Element("PropertyName"))?.Value);
            foreach (var label in labels)
                Assert.True(label is not null && properties.Contains(label), $"The {type} view {view.Element("Name")!.Value} shows {label ?? "an unlabelled column"}, which is not a property of it.");
        }
    }
}

public class WaitReportTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [Fact]
    public void Each_state_change_of_a_waited_run_is_one_information_and_verbose_line_with_its_url_and_a_failure_names_the_url()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"report-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ fail = 'true' } } }
            $job | Invoke-DbxJobRun -Wait -Verbose
            """);
        var run = Assert.Single(result.Objects("DatabricksJobs.Models.Run"));
        var url = run.S("RunPageUrl");
        Assert.False(string.IsNullOrEmpty(url));
        var lines = result.Information.Select(i => i.MessageData.ToString()!).ToList();
        Assert.Equal(lines.Distinct(), lines);
        Assert.All(lines, l => Assert.Matches($@"^Run {run.L("RunId")} \({shell.Get("name")}\) is [A-Z_ ]+: {System.Text.RegularExpressions.Regex.Escape(url!)}$", l));
        Assert.Equal($"Run {run.L("RunId")} ({shell.Get("name")}) is TERMINATED FAILED: {url}", lines.Last());
        Assert.All(result.Information, i => Assert.Contains("RunState", i.Tags));
        Assert.All(lines, l => Assert.Contains(l, result.Verbose));
        Assert.EndsWith($" See {url}", Assert.Single(result.Errors).ErrorDetails.Message);
        // With -Wait the run is not read at its start: its URL comes with the wait's first state line.
        Assert.Contains($"Started run {run.L("RunId")} of job {run.L("JobId")}.", result.Verbose);
    }
}

public class WaitOptionTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [Fact]
    public void Success_with_failures_is_a_success_unless_fail_on_says_otherwise()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"partial-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ fail = 'true' } } },
                @{ task_key = 'b'; depends_on = @(@{ task_key = 'a' }); run_if = 'ALL_DONE'; notebook_task = @{ notebook_path = '/b' } }
            """).AssertNoErrors();
        var lenient = shell.Run("$job | Invoke-DbxJobRun -Wait").AssertNoErrors();
        Assert.Equal("SUCCESS_WITH_FAILURES", Assert.Single(lenient.Objects("DatabricksJobs.Models.Run")).S("ResultState"));

        var strict = shell.Run("$job | Invoke-DbxJobRun -Wait -FailOn SuccessWithFailures");
        Assert.Single(strict.Objects("DatabricksJobs.Models.Run"));
        var error = Assert.Single(strict.Errors);
        Assert.StartsWith("RunNotSuccessful,", error.FullyQualifiedErrorId);
        Assert.Contains("ended SUCCESS_WITH_FAILURES. Failed tasks: a (FAILED)", error.ErrorDetails.Message);
    }

    [Fact]
    public void Poll_interval_sets_how_often_a_wait_looks()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"poll-{Guid.NewGuid():N}");
        shell.Run("$job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '3' } } }").AssertNoErrors();
        var looks = shell.Run("$job | Invoke-DbxJobRun -Wait -PollInterval 2 -Verbose").AssertNoErrors()
            .Verbose.Count(v => v.StartsWith("GET /api/2.2/jobs/runs/get?"));
        Assert.InRange(looks, 3, 4); // one read when it starts, then every 2 s of a 3 s run
        var eager = shell.Run("$job | Invoke-DbxJobRun -Wait -Verbose").AssertNoErrors().Verbose.Count(v => v.StartsWith("GET /api/2.2/jobs/runs/get?"));
        Assert.True(eager > looks, $"{eager} looks by default, {looks} every 2 s");
    }
}

public class RunNowParityTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    [Fact]
    public void Queue_performance_target_and_pipeline_refresh_options_reach_the_run()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"parity-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -MaxConcurrentRuns 1 -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '3' } } }
            $first = $job | Invoke-DbxJobRun
            # Read back: without -Wait a start is written as run-now answers it, its ids.
            $queued = $job | Invoke-DbxJobRun -Queue -PerformanceTarget STANDARD -PipelineRefreshSelection t1, t2 -PipelineResetCheckpointSelection f1 | Get-DbxRun
            $skipped = $job | Invoke-DbxJobRun -Queue:$false
            $queued.LifeCycleState
            $queued.EffectivePerformanceTarget
            $queued.OverridingParameters.PipelineParams.RefreshSelection -join ','
            $queued.OverridingParameters.PipelineParams.ResetCheckpointSelection -join ','
            ($skipped | Wait-DbxRun -IgnoreFailure).LifeCycleState
            $first, $queued | Stop-DbxRun
            """).AssertNoErrors();
        Assert.Equal(["QUEUED", "STANDARD", "t1,t2", "f1", "SKIPPED"], result.Output.Where(o => o.BaseObject is string).Select(o => o.ToString()));
    }

    [Fact]
    public void Pause_and_resume_change_only_the_pause_status_of_the_schedule()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"pause-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Schedule '0 0 2 * * ?' -TimeZone 'Europe/Amsterdam' -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $paused = Update-DbxJob -JobId $job.JobId -Pause -PassThru
            $paused.Settings.Schedule.PauseStatus
            $paused.Settings.Schedule.QuartzCronExpression
            $paused.Settings.Schedule.TimezoneId
            (Update-DbxJob -JobId $job.JobId -Resume -PassThru).Settings.Schedule.PauseStatus
            $bare = New-DbxJob -Name "$name-bare" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            Update-DbxJob -JobId $bare.JobId -Pause
            """);
        Assert.Equal(["PAUSED", "0 0 2 * * ?", "Europe/Amsterdam", "UNPAUSED"], result.Output.Where(o => o.BaseObject is string).Select(o => o.ToString()));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("NothingToPause,", error.FullyQualifiedErrorId);
        Assert.Equal($"Job {error.TargetObject} has no schedule, trigger, triggers or continuous setting to pause.", error.ErrorDetails.Message);
    }

    [Fact]
    public void Pause_and_resume_set_every_trigger_of_the_triggers_list_and_send_the_rest_of_the_list_back_as_it_was()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"pause-triggers-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Settings @{ name = $name; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } })
                triggers = @(
                    @{ schedule = @{ quartz_cron_expression = '0 0 2 * * ?'; timezone_id = 'Europe/Amsterdam' } }
                    @{ pause_status = 'PAUSED'; file_arrival = @{ url = 's3://bucket/landing/'; min_time_between_triggers_seconds = 60 } }
                    @{ periodic = @{ interval = 4; unit = 'HOURS' }; future_field = 7 }) }
            $job.Paused; $job.Schedule
            $paused = Update-DbxJob -JobId $job.JobId -Pause -PassThru
            $paused.Paused; $paused.Schedule
            $paused.Settings.Triggers.PauseStatus -join ','
            $paused.Settings.Triggers[0].Schedule.TimezoneId
            $paused.Settings.Triggers[1].FileArrival.Url; $paused.Settings.Triggers[1].FileArrival.MinTimeBetweenTriggersSeconds
            $paused.Settings.Triggers[2].Periodic.Interval
            (Export-DbxJob -JobId $job.JobId) -match '"future_field":\s*7'
            $paused.Settings.Tasks[0].TaskKey; $paused.Name -eq $name
            (Get-DbxJob $job.JobId -IncludeTriggerState).TriggerDetails.State.PauseStatus -join ','
            $resumed = Update-DbxJob -JobId $job.JobId -Resume -PassThru
            $resumed.Paused
            $resumed.Settings.Triggers.PauseStatus -join ','
            (Get-DbxJob $job.JobId -IncludeTriggerState).TriggerDetails.State.PauseStatus -join ','
            """).AssertNoErrors();
        Assert.Equal(["False", "0 0 2 * * ?", "True", "0 0 2 * * ?", "PAUSED,PAUSED,PAUSED", "Europe/Amsterdam", "s3://bucket/landing/", "60", "4", "True", "a", "True",
            "PAUSED,PAUSED,PAUSED", "False", "UNPAUSED,UNPAUSED,UNPAUSED", "UNPAUSED,UNPAUSED,UNPAUSED"], result.Output.Select(o => o.ToString()));
    }
}

public class RequestBodyTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [Fact]
    public void Run_now_and_repair_take_the_whole_body_as_settings_or_json_text_and_named_parameters_win()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"body-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $text = '{"name": "NAME", "max_concurrent_runs": 5, "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a"}}]}'.Replace('NAME', $name)
            $job = New-DbxJob -Settings $text
            $job.Settings.MaxConcurrentRuns
            $run = $job | Invoke-DbxJobRun -Settings '{"notebook_params": {"exit": "from json", "fail": "true"}, "idempotency_token": "body-token-1"}' -NotebookParameter @{ fail = 'false' } -Wait
            $run.OverridingParameters.NotebookParams['exit']
            $run.OverridingParameters.NotebookParams['fail']
            ($job | Invoke-DbxJobRun -Json @{ idempotency_token = 'body-token-1' }).RunId -eq $run.RunId
            $failed = $job | Invoke-DbxJobRun -NotebookParameter @{ fail = 'true' } -Wait -IgnoreFailure
            ($failed | Repair-DbxRun -AllFailed -Settings @{ notebook_params = @{ fail = 'false' } } -Wait).ResultState
            $job | Invoke-DbxJobRun -Settings '{"notebook_params": '
            """);
        Assert.Equal(["5", "from json", "false", "True", "SUCCESS"], result.Output.Select(o => o?.ToString()));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidJson,", error.FullyQualifiedErrorId);
        Assert.StartsWith("The -Settings text is not valid JSON at line 1, position", error.ErrorDetails.Message);
    }
}

public class ResolvedValuesTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [Fact]
    public void Get_run_include_resolved_values_gives_each_task_the_parameters_it_ran_with()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"resolved-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ day = 'monday' } } }
            $run = $job | Invoke-DbxJobRun -NotebookParameter @{ env = 'prod' } -Wait
            $values = (Get-DbxRun -RunId $run.RunId -IncludeResolvedValues).Tasks[0].ResolvedValues.NotebookTask.BaseParameters
            $values['day']; $values['env']
            $null -eq (Get-DbxRun -RunId $run.RunId).Tasks[0].ResolvedValues
            """).AssertNoErrors();
        Assert.Equal(["monday", "prod", "True"], result.Output.Select(o => o.ToString()));
    }
}

public class TriggerStateTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [Fact]
    public void Get_job_include_trigger_state_says_whether_the_trigger_is_paused()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"trigger-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Settings @{ name = $name; trigger = @{ pause_status = 'PAUSED'; file_arrival = @{ url = 's3://bucket/landing/' } }
                tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }
            $state = (Get-DbxJob $job.JobId -IncludeTriggerState).TriggerState
            $state.PauseStatus; $state.FileArrival.UsingFileEvents
            $null -eq (Get-DbxJob $job.JobId).TriggerState
            """).AssertNoErrors();
        Assert.Equal(["PAUSED", "False", "True"], result.Output.Select(o => o.ToString()));
    }
}
