using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>
/// Parameters that fit: Update-DbxJob takes New-DbxJob's named settings (declared once) with what jobs/update makes of
/// each, Get-DbxJob -Name takes several names, and every id binds bare from the pipeline.
/// </summary>
public class ParameterFitTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string Task = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>A PowerShell function that joins items sorted (the hosted engine has no Sort-Object).</summary>
    private const string Sorted = "function Sorted($items) { $a = [string[]] @($items); [Array]::Sort($a, [StringComparer]::Ordinal); $a -join ',' }";

    private static List<string> Lines(ShellResult result) => result.AssertNoErrors().Output.Select(o => o?.ToString() ?? "").ToList();

    [Fact]
    public void Update_takes_every_named_setting_New_takes_and_both_declare_them_once()
    {
        using var shell = module.NewShell(connect: false);
        var declared = Lines(shell.Run("""
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            $new = Get-Command New-DbxJob
            $update = Get-Command Update-DbxJob
            foreach ($name in $new.Parameters.Keys | Where-Object { $_ -notin $common -and $_ -notin 'Name', 'Settings', 'Path', 'Session' }) {
                $update.Parameters.ContainsKey($name)
                "$name " + $new.ImplementingType.GetProperty($name).DeclaringType.Name + ' ' + $update.ImplementingType.GetProperty($name).DeclaringType.Name
            }
            """));
        var pairs = declared.Chunk(2).ToList();
        Assert.All(pairs, pair => Assert.Equal("True", pair[0]));
        Assert.Equal(["Description", "JobCluster", "MaxConcurrentRuns", "Parameter", "Queue", "Schedule", "Tag", "Task", "TimeZone", "TimeoutSeconds"],
            pairs.Select(pair => pair[1].Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.All(pairs, pair => Assert.EndsWith(" JobSettingsCmdlet JobSettingsCmdlet", pair[1]));
    }

    [Fact]
    public void Update_sends_each_named_setting_merging_tasks_clusters_and_parameters_by_key_and_replacing_the_rest_whole()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("fit-update"));
        shell.Run($$"""
            $job = New-DbxJob -Name $name -Description old -Tag @{ team = 'data'; env = 'dev' } -Parameter @{ p1 = 1; p2 = 'x' } -Task {{Task}} `
                -Schedule '0 0 2 * * ?' -TimeZone Europe/Amsterdam
            $job | Update-DbxJob -Pause
            """).AssertNoErrors();

        shell.Run(Sorted).AssertNoErrors();
        var after = Lines(shell.Run("""
            $updated = $job.JobId | Update-DbxJob -Description new -MaxConcurrentRuns 4 -TimeoutSeconds 600 -Queue -Tag @{ only = 'this' } `
                -Parameter @{ p2 = 'y'; p3 = 3 } -Task @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' } } `
                -JobCluster @{ job_cluster_key = 'c'; new_cluster = @{ spark_version = '15.4.x-scala2.12'; node_type_id = 'Standard_DS3_v2'; num_workers = 1 } } -PassThru
            $s = $updated.Settings
            $updated.Name -eq $name
            $s.Description; $s.MaxConcurrentRuns; $s.TimeoutSeconds; $s.Queue.Enabled
            Sorted $s.Tags.Keys
            Sorted ($s.Parameters | ForEach-Object { "$($_.Name)=$($_.Default)" })
            Sorted $s.Tasks.TaskKey
            $s.JobClusters.JobClusterKey
            "$($s.Schedule.QuartzCronExpression) $($s.Schedule.TimezoneId) $($s.Schedule.PauseStatus)"
            ($job | Update-DbxJob -Queue:$false -PassThru).Settings.Queue.Enabled
            """));
        // -Tag replaces the tags whole, as jobs/update replaces a top-level field; -Parameter and -Task merge by key.
        Assert.Equal(["True", "new", "4", "600", "True", "only", "p1=1,p2=y,p3=3", "a,b", "c", "0 0 2 * * ? Europe/Amsterdam PAUSED", "False"], after);
    }

    [Fact]
    public void Named_settings_win_over_Settings_on_update_so_the_jobs_own_tags_given_as_Settings_keep_them()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("fit-tags"));
        shell.Run($"$job = New-DbxJob -Name $name -Tag @{{ team = 'data'; env = 'dev' }} -Task {Task}").AssertNoErrors();

        // As Update-DbxJob's example shows: the job's tags as -Settings, and -Tag adds to them.
        shell.Run(Sorted).AssertNoErrors();
        var tags = Lines(shell.Run("""
            Get-DbxJob $job.JobId | ForEach-Object { Update-DbxJob $_.JobId -Settings @{ tags = $_.Settings.Tags } -Tag @{ owner = 'data-eng'; env = 'prod' } }
            $s = (Get-DbxJob $job.JobId).Settings
            Sorted ($s.Tags.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" })
            $s = (Update-DbxJob $job.JobId -Json '{ "description": "from json", "max_concurrent_runs": 2 }' -Description named -PassThru).Settings
            $s.Description; $s.MaxConcurrentRuns
            """));
        Assert.Equal(["env=prod,owner=data-eng,team=data", "named", "2"], tags);
    }

    [Fact]
    public void Schedule_and_TimeZone_change_only_their_part_of_the_schedule_and_a_time_zone_without_one_is_an_error()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("fit-schedule"));
        shell.Run($$"""
            $job = New-DbxJob -Name $name -Task {{Task}} -Schedule '0 0 2 * * ?' -TimeZone Europe/Amsterdam
            $bare = New-DbxJob -Name "$name-bare" -Task {{Task}}
            $job | Update-DbxJob -Pause
            function Show($id) { $s = (Get-DbxJob $id).Settings.Schedule; if ($s) { "$($s.QuartzCronExpression)|$($s.TimezoneId)|$($s.PauseStatus)" } else { 'none' } }
            """).AssertNoErrors();

        var schedules = Lines(shell.Run("""
            $job.JobId | Update-DbxJob -Schedule '0 30 4 * * ?'; Show $job.JobId
            Update-DbxJob $job.JobId -TimeZone America/New_York; Show $job.JobId
            Update-DbxJob $job.JobId -Resume -Schedule '0 0 6 * * ?'; Show $job.JobId
            Update-DbxJob $job.JobId -Settings @{ schedule = @{ quartz_cron_expression = '0 0 1 * * ?'; timezone_id = 'Europe/Paris' } } -Schedule '0 0 5 * * ?'; Show $job.JobId
            Update-DbxJob $bare.JobId -Schedule '0 0 3 * * ?'; Show $bare.JobId
            """));
        Assert.Equal(["0 30 4 * * ?|Europe/Amsterdam|PAUSED", "0 30 4 * * ?|America/New_York|PAUSED", "0 0 6 * * ?|America/New_York|UNPAUSED",
            "0 0 5 * * ?|Europe/Paris|", "0 0 3 * * ?|UTC|"], schedules);

        // A time zone with no schedule to go with: an error of the item, and nothing changes or is made.
        shell.Run($"$none = New-DbxJob -Name \"$name-none\" -Task {Task}").AssertNoErrors();
        var update = shell.Run("$none.JobId, $job.JobId | Update-DbxJob -TimeZone Asia/Tokyo; Show $none.JobId; Show $job.JobId");
        var error = Assert.Single(update.Errors);
        Assert.Equal("NoSchedule,DatabricksJobs.Commands.UpdateDbxJobCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(shell.Run("$none.JobId").Output[0].BaseObject, error.TargetObject);
        Assert.Equal($"-TimeZone Asia/Tokyo is the time zone of a schedule, and job {error.TargetObject} has none: give -Schedule too.", error.ErrorDetails.Message);
        Assert.Equal(["none", "0 0 5 * * ?|Asia/Tokyo|"], update.Output.Select(o => o.ToString()));

        var create = shell.Run($"New-DbxJob -Name \"$name-tz\" -Task {Task} -TimeZone UTC; @(Get-DbxJob -Name \"$name-tz*\").Count");
        Assert.Equal("NoSchedule,DatabricksJobs.Commands.NewDbxJobCommand", Assert.Single(create.Errors).FullyQualifiedErrorId);
        Assert.Equal(["0"], create.Output.Select(o => o.ToString()));

        // New-DbxJob -Schedule keeps the time zone of the schedule in -Settings (it used to put UTC over it).
        var made = shell.Run($"New-DbxJob -Name \"$name-keep\" -Task {Task} -Settings @{{ schedule = @{{ quartz_cron_expression = '0 0 1 * * ?'; timezone_id = 'Europe/Paris' }} }} -Schedule '0 0 7 * * ?'")
            .Single(JobType);
        Assert.Equal(["0 0 7 * * ?|Europe/Paris|"], Lines(shell.Run($"Show {made.L("JobId")}")));
    }

    [Fact]
    public void Get_job_takes_several_names_writes_a_job_matched_twice_once_and_a_missing_exact_name_is_its_own_error()
    {
        using var shell = module.NewShell();
        var prefix = Unique("fit-names");
        shell.Set("prefix", prefix);
        shell.Run("'a', 'b', 'c' | ForEach-Object { New-DbxJob -Name \"$prefix-$_\" -Task @{ task_key = 't'; notebook_task = @{ notebook_path = '/t' } } } | Out-Null").AssertNoErrors();

        // Exact (in any case) and patterns together: every job is listed once, and matched here.
        var mixed = shell.Run("Get-DbxJob -Name \"$prefix-a\", \"$prefix-*\", (\"$prefix-a\".ToUpper()), \"$prefix-missing\", \"$prefix-[\" -Verbose");
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], mixed.Objects(JobType).Select(j => j.S("Name")!).Order());
        Assert.Single(mixed.Verbose, line => line.StartsWith("GET /api/2.2/jobs/list", StringComparison.Ordinal));
        Assert.Equal(2, mixed.Errors.Count);
        var missing = Assert.Single(mixed.Errors, e => e.FullyQualifiedErrorId.StartsWith("JobNotFound,", StringComparison.Ordinal));
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.CategoryInfo.Category);
        Assert.Equal($"{prefix}-missing", missing.TargetObject);
        Assert.Equal($"There is no job named '{prefix}-missing'.", missing.ErrorDetails.Message);
        Assert.Single(mixed.Errors, e => e.FullyQualifiedErrorId.StartsWith("InvalidWildcardPattern,", StringComparison.Ordinal));

        // Exact names alone: the workspace filters each, a request each (a name given twice, once); by position too.
        var exact = shell.Run("Get-DbxJob \"$prefix-a\", \"$prefix-b\", \"$prefix-B\", \"$prefix-nope\" -Verbose");
        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], exact.Objects(JobType).Select(j => j.S("Name")!));
        Assert.Equal(3, exact.Verbose.Count(line => line.StartsWith("GET /api/2.2/jobs/list", StringComparison.Ordinal) && line.Contains("&name=")));
        Assert.Equal($"{prefix}-nope", Assert.Single(exact.Errors).TargetObject);

        // Only leaving -Name out lists everything: no names, or a name that is $null, is a binding error.
        foreach (var empty in new[] { "Get-DbxJob -Name @()", "Get-DbxJob -Name \"$prefix-a\", $null", "Get-DbxJob -Name ''" })
        {
            var error = shell.Run(empty).FirstError();
            Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
            Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        }

        // Each name after the first completes as the first does.
        shell.Set("completionInput", $"Get-DbxJob -Name {prefix}-a, {prefix}-");
        var completed = shell.Run("(TabExpansion2 -inputScript $completionInput -cursorColumn $completionInput.Length).CompletionMatches.CompletionText").AssertNoErrors();
        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], completed.Output.Select(o => o.ToString()));
    }

    /// <summary>
    /// Each cmdlet with an id at position 0, what a bare id means to it (a job or a run), what else it needs, and how to
    /// tell which items it acted on: a property of what it writes, the targets -WhatIf names, or how many objects it writes
    /// for each id.
    /// </summary>
    private static readonly (string Command, string Kind, string Arguments, string Check)[] BareIdCases =
    [
        ("Get-DbxJob", "job", "", "JobId"),
        ("Update-DbxJob", "job", "-Description piped -PassThru", "JobId"),
        ("Set-DbxJob", "job", $"-Settings @{{ name = 'piped'; max_concurrent_runs = 10; tasks = @({Task}) }} -Confirm:$false -PassThru", "JobId"),
        ("Export-DbxJob", "job", "", "count:1"),
        ("Remove-DbxJob", "job", "-WhatIf", "whatif:Job"),
        ("Invoke-DbxJobRun", "job", "", "JobId"),
        ("Stop-DbxRun", "job", "-All -WhatIf", "whatif:Job"),
        ("Get-DbxJobPermission", "job", "", "JobId"),
        ("Add-DbxJobPermission", "job", "-UserName piped@example.com -PermissionLevel CAN_VIEW -PassThru", "JobId"),
        ("Set-DbxJobPermission", "job", "-AccessControl @{ user_name = 'piped@example.com'; permission_level = 'CAN_VIEW' } -Confirm:$false -PassThru", "JobId"),
        ("Get-DbxJobPermissionLevel", "job", "", "count:4"),
        ("Get-DbxJobCompliance", "job", "", "JobId"),
        ("Repair-DbxJobCompliance", "job", "-Confirm:$false", "JobId"),
        ("Get-DbxRun", "run", "", "RunId"),
        ("Wait-DbxRun", "run", "", "RunId"),
        ("Stop-DbxRun", "run", "-PassThru", "RunId"),
        ("Remove-DbxRun", "run", "-WhatIf", "whatif:Run"),
        ("Repair-DbxRun", "run", "-Task a -Wait", "RunId"),
        ("Get-DbxRunOutput", "run", "", "ParentRunId"),
        ("Export-DbxRun", "run", "-PassThru", "ParentRunId"),
    ];

    [Fact]
    public void Every_cmdlet_with_an_id_takes_it_bare_from_the_pipeline_one_or_many_as_it_takes_objects_and_refuses_null()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("fit-bare"));
        shell.Run($$"""
            $jobs = 1..2 | ForEach-Object { New-DbxJob -Name "$name-$_" -MaxConcurrentRuns 10 -Task {{Task}} }
            $runs = $jobs | Invoke-DbxJobRun -Wait
            """).AssertNoErrors();

        // The table holds every cmdlet with an id at position 0 (Stop-DbxRun twice: runs, and with -All a job).
        var positional = Lines(shell.Run("""
            Get-Command -Module DatabricksJobs -CommandType Cmdlet | ForEach-Object {
                foreach ($p in $_.Parameters.Values) {
                    foreach ($set in $p.ParameterSets.Values) {
                        if ($set.Position -eq 0 -and $p.Attributes.TypeId.Name -contains 'ValidateIdAttribute') { "$($_.Name) $($p.Name) $($set.ValueFromPipeline)" }
                    }
                }
            }
            """)).Distinct();
        var expected = BareIdCases.Select(c => $"{c.Command} {(c.Kind == "job" ? "JobId" : "RunId")} True").Order(StringComparer.Ordinal);
        Assert.Equal(expected, positional.Order(StringComparer.Ordinal));

        var failures = new List<string>();
        foreach (var (command, kind, arguments, check) in BareIdCases)
        {
            var (items, id) = kind == "job" ? ("$jobs", "JobId") : ("$runs", "RunId");
            var ids = shell.Run($"{items}.{id}").Output.Select(o => (long)o.BaseObject).ToList();
            foreach (var (input, expectedIds) in new[] { ($"{items}[0].{id}", ids.Take(1).ToList()), ($"{items}.{id}", ids), (items, ids) })
            {
                var script = $"{input} | {command} {arguments}";
                shell.Host.Clear();
                var result = shell.Run(script);
                if (Failure(result, check, expectedIds) is { } why) failures.Add($"{script}: {why}");
            }
            var refused = shell.Run($"$null | {command} {arguments}");
            var error = refused.Errors.Concat(refused.Terminating is IContainsErrorRecord t ? [t.ErrorRecord] : []).FirstOrDefault();
            if (refused.Output.Count > 0 || error?.Exception is not ParameterBindingException || !error.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError", StringComparison.Ordinal))
                failures.Add($"$null | {command} {arguments}: {error?.FullyQualifiedErrorId ?? "no error"}, {refused.Output.Count} objects");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Why <paramref name="result"/> is not what acting on <paramref name="ids"/>, each once, gives; null when it is.</summary>
    private static string? Failure(ShellResult result, string check, List<long> ids)
    {
        if (result.Terminating is not null || result.Errors.Count > 0)
            return string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId).Append(result.Terminating?.Message ?? ""));
        if (check.StartsWith("whatif:", StringComparison.Ordinal))
        {
            var targets = System.Text.RegularExpressions.Regex.Matches(result.HostText, "on target \"" + check[7..] + " (\\d+)\"").Select(m => long.Parse(m.Groups[1].Value));
            return targets.Order().SequenceEqual(ids.Order()) ? null : $"-WhatIf named {string.Join(",", targets)}, not {string.Join(",", ids)}";
        }
        if (check.StartsWith("count:", StringComparison.Ordinal))
            return result.Output.Count == ids.Count * int.Parse(check[6..]) ? null : $"wrote {result.Output.Count} objects for {ids.Count} ids";
        var written = result.Output.Select(o => o.L(check)).Distinct().Order().ToList();
        return written.SequenceEqual(ids.Order()) ? null : $"wrote {check} {string.Join(",", written)}, not {string.Join(",", ids)}";
    }

    [Fact]
    public void A_bare_number_is_a_run_id_to_Get_DbxRun_while_a_job_piped_in_lists_its_runs_and_a_run_refreshes_itself()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("fit-runs"));
        shell.Run($$"""
            $job = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task {{Task}}
            $runs = 1..2 | ForEach-Object { $job | Invoke-DbxJobRun } | Wait-DbxRun
            """).AssertNoErrors();

        var listed = shell.Run("$job | Get-DbxRun").AssertNoErrors().Objects(RunType);
        Assert.Equal(2, listed.Count);
        Assert.All(listed, run => Assert.Equal(shell.Run("$job.JobId").Output[0].BaseObject, run.P("JobId")));
        var refreshed = shell.Run("$runs[0] | Get-DbxRun").Single(RunType);
        Assert.Equal(shell.Run("$runs[0].RunId").Output[0].BaseObject, refreshed.P("RunId"));

        // A job's id given bare is taken as a run's, and there is no such run; with a listing switch, it binds nothing
        // rather than listing the workspace's runs.
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", shell.Run("$job.JobId | Get-DbxRun").FirstError().FullyQualifiedErrorId);
        var unbound = shell.Run("$job.JobId | Get-DbxRun -Active");
        Assert.Empty(unbound.Output);
        Assert.StartsWith("InputObjectNotBound,", unbound.FirstError().FullyQualifiedErrorId);
        // Stop-DbxRun: a run id, or with -All a job id.
        shell.Host.Clear();
        shell.Run("$runs[0].RunId | Stop-DbxRun -WhatIf; $job.JobId | Stop-DbxRun -All -WhatIf").AssertNoErrors();
        Assert.Contains($"\"Cancel\" on target \"Run {shell.Run("$runs[0].RunId").Output[0]}\"", shell.Host.Output);
        Assert.Contains($"\"Cancel every active run\" on target \"Job {shell.Run("$job.JobId").Output[0]}\"", shell.Host.Output);
    }
}
