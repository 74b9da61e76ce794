using System.Management.Automation;
using System.Net;
using System.Text;

namespace DatabricksJobs.Tests;

/// <summary>
/// Ordinary mistakes do no harm: an empty id (a variable never set, a lookup that found nothing) is a binding error on
/// every id and name parameter, never "everything"; deleting runs and replacing grants ask first, naming what goes;
/// a ValidateSet value typed in another case is sent in the API's spelling; a run given twice, or -From after -To, is said.
/// </summary>
public class SafeByDefaultTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string PermissionType = "DatabricksJobs.Models.JobPermission";
    private const string Task = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";

    /// <summary>Parameters that take $null on purpose: they tell something about an item and choose nothing.</summary>
    private static readonly HashSet<string> NullTaken = ["Wait-DbxRun -JobId"];

    private static readonly HashSet<string> CommonParameters = [.. Cmdlet.CommonParameters, .. Cmdlet.OptionalCommonParameters];

    private static List<CmdletInfo> Cmdlets(Shell shell) =>
        shell.Run("Get-Command -Module DatabricksJobs -CommandType Cmdlet").AssertNoErrors().Output.Select(o => (CmdletInfo)o.BaseObject).ToList();

    /// <summary>Two jobs, each with two finished runs: what a command that widened would reach.</summary>
    private static void MakeJobsAndRuns(Shell shell)
    {
        shell.Set("name", $"safe-{Guid.NewGuid():N}");
        shell.Run($$"""
            $jobs = 1..2 | ForEach-Object { New-DbxJob -Name "$name-$_" -MaxConcurrentRuns 5 -Task {{Task}} }
            $runs = $jobs | ForEach-Object { $_ | Invoke-DbxJobRun; $_ | Invoke-DbxJobRun } | Wait-DbxRun
            """).AssertNoErrors();
    }

    /// <summary>Every job and run of the workspace (this class's own emulator), by id.</summary>
    private static (string Jobs, string Runs) Workspace(Shell shell)
    {
        var state = shell.Run("(Get-DbxJob).JobId -join ','; (Get-DbxRun).RunId -join ','").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        Assert.NotEqual("", state[0]);
        Assert.NotEqual("", state[1]);
        return (state[0], state[1]);
    }

    /// <summary>A value for a mandatory parameter the pipeline cases must give on the command line.</summary>
    private static string Sample(ParameterMetadata parameter) =>
        parameter.Name == "AccessControl" ? "@{ group_name = 'g'; permission_level = 'CAN_VIEW' }"
        : parameter.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault() is { } set ? set.ValidValues[0]
        : parameter.SwitchParameter ? ""
        : parameter.ParameterType == typeof(string) || parameter.ParameterType == typeof(string[]) ? "'x'"
        : parameter.ParameterType == typeof(System.Security.SecureString) ? "(New-Object securestring)"
        : IsNumber(parameter) ? "1"
        : "@{ name = 'x' }";

    /// <summary>The set the cases use: the default set when the parameter is in it, else the parameter's first.</summary>
    private static string SetOf(CmdletInfo cmdlet, ParameterMetadata parameter) =>
        parameter.ParameterSets.ContainsKey(ParameterAttribute.AllParameterSets) || parameter.ParameterSets.ContainsKey(cmdlet.DefaultParameterSet ?? "")
            ? cmdlet.DefaultParameterSet ?? ParameterAttribute.AllParameterSets
            : parameter.ParameterSets.Keys.First();

    /// <summary>The other mandatory parameters of the set, given, so that the pipeline binds (PowerShell asks for them first).</summary>
    private static string OthersOf(CmdletInfo cmdlet, ParameterMetadata parameter)
    {
        var set = SetOf(cmdlet, parameter);
        var others = cmdlet.Parameters.Values
            .Where(p => p.Name != parameter.Name)
            .Where(p => (p.ParameterSets.TryGetValue(set, out var s) || p.ParameterSets.TryGetValue(ParameterAttribute.AllParameterSets, out s)) && s.IsMandatory)
            .Select(p => $"-{p.Name} {Sample(p)}".TrimEnd());
        return string.Join(" ", others);
    }

    private static bool IsNumber(ParameterMetadata parameter)
    {
        var type = parameter.ParameterType.IsArray ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
        return (Nullable.GetUnderlyingType(type) ?? type) == typeof(long);
    }

    /// <summary>Each way an empty value reaches the parameter: by name, by position, from the pipeline by value and by property name.</summary>
    private static List<(string Script, bool EmptyList)> EmptyCases(CmdletInfo cmdlet, ParameterMetadata parameter)
    {
        var name = cmdlet.Name;
        var others = OthersOf(cmdlet, parameter);
        var sets = parameter.ParameterSets.Values;
        var cases = new List<(string, bool)> { ($"{name} -{parameter.Name} $null", false), ($"{name} -{parameter.Name} @()", true) };
        if (sets.Any(s => s.Position == 0)) cases.Add(($"{name} $null", false));
        if (sets.Any(s => s.ValueFromPipeline)) cases.AddRange([($"$null | {name} {others}", false), ($",@() | {name} {others}", true)]);
        if (sets.Any(s => s.ValueFromPipelineByPropertyName))
        {
            cases.AddRange([
                ($"[pscustomobject]@{{ {parameter.Name} = $null }} | {name} {others}", false),
                ($"[pscustomobject]@{{ {parameter.Name} = @() }} | {name} {others}", true)]);
            cases.AddRange(parameter.Aliases.Select(alias => ($"[pscustomobject]@{{ {alias} = $null }} | {name} {others}", false)));
        }
        return cases;
    }

    /// <summary>
    /// A binding error, as PowerShell's own (ValidateNotNullOrEmpty): ParameterArgumentValidationError. An empty list
    /// given to a parameter of one value (a number or a string) is refused before validation, as PowerShell refuses it
    /// for any such parameter: it cannot be converted (CannotConvertArgument), or from the pipeline, bound
    /// (InputObjectNotBound).
    /// </summary>
    private static string? NotABindingError(ShellResult result, ParameterMetadata parameter, bool emptyList)
    {
        if (result.Output.Count > 0) return $"wrote {result.Output.Count} objects";
        var errors = result.Errors.Concat(result.Terminating is IContainsErrorRecord t ? [t.ErrorRecord] : []).ToList();
        if (errors.Count != 1) return $"wrote {errors.Count} errors: {string.Join(" | ", errors.Select(e => e.FullyQualifiedErrorId))}";
        var error = errors[0];
        string[] expected = emptyList && !parameter.ParameterType.IsArray ? ["CannotConvertArgument,", "InputObjectNotBound,"] : ["ParameterArgumentValidationError"];
        if (error.Exception is not ParameterBindingException || !expected.Any(id => error.FullyQualifiedErrorId.StartsWith(id, StringComparison.Ordinal)))
            return $"{error.FullyQualifiedErrorId} ({error.Exception.GetType().Name}): {error.Exception.Message}";
        return null;
    }

    [Fact]
    public void Null_or_empty_given_to_any_id_or_name_of_any_cmdlet_is_a_binding_error_however_it_is_given_and_touches_nothing()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);
        var before = Workspace(shell);
        var parameters = (from cmdlet in Cmdlets(shell)
                          from parameter in cmdlet.Parameters.Values
                          where !CommonParameters.Contains(parameter.Name) && (parameter.Name.EndsWith("Id", StringComparison.Ordinal) || parameter.Name.EndsWith("Name", StringComparison.Ordinal))
                          select (cmdlet, parameter)).ToList();
        // Every id parameter the issue names, and a name of each kind, is among them (the walk finds what it should).
        Assert.Superset(new HashSet<string> { "Get-DbxJob -JobId", "Get-DbxRun -RunId", "Get-DbxRun -JobId", "Remove-DbxJob -JobId", "Remove-DbxRun -RunId",
            "Stop-DbxRun -JobId", "Get-DbxJobCompliance -PolicyId", "Repair-DbxRun -LatestRepairId", "Remove-DbxJob -Name", "Invoke-DbxJobRun -JobName" },
            parameters.Select(p => $"{p.cmdlet.Name} -{p.parameter.Name}").ToHashSet());

        var failures = new List<string>();
        var cases = 0;
        foreach (var (cmdlet, parameter) in parameters)
        {
            var label = $"{cmdlet.Name} -{parameter.Name}";
            if (parameter.ParameterSets.Values.Any(s => s.Position > 0)) failures.Add($"{label}: at a position after the first, which this test does not give yet");
            foreach (var (script, emptyList) in EmptyCases(cmdlet, parameter))
            {
                if (!emptyList && NullTaken.Contains(label)) continue;
                cases++;
                if (NotABindingError(shell.Run(script), parameter, emptyList) is { } why) failures.Add($"{script}: {why}");
            }
            if (!IsNumber(parameter)) continue;
            // 0 is what $null and '' become as a number, and not an id either.
            foreach (var script in new[] { $"{cmdlet.Name} -{parameter.Name} 0", $"{cmdlet.Name} -{parameter.Name} -1" })
            {
                cases++;
                if (NotABindingError(shell.Run(script), parameter, emptyList: false) is { } why) failures.Add($"{script}: {why}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(cases > 150, $"Only {cases} cases were run.");
        Assert.Equal(before, Workspace(shell));
        Assert.Empty(shell.Host.Asked);
    }

    [Fact]
    public void A_hint_that_chooses_nothing_takes_null_and_still_refuses_0()
    {
        using var shell = module.NewShell();
        shell.Run($"$job = New-DbxJob -Name safe-hint-{Guid.NewGuid():N} -Task {Task}; $run = $job | Invoke-DbxJobRun -Wait").AssertNoErrors();

        // A one-time run binds Wait-DbxRun -JobId as $null: it has no job to group by.
        var run = shell.Run("[pscustomobject]@{ RunId = $run.RunId; JobId = $null } | Wait-DbxRun").Single(RunType);
        Assert.Equal(shell.Run("$run.RunId").Output[0].BaseObject, run.P("RunId"));
        Assert.StartsWith("ParameterArgumentValidationError,", shell.Run("Wait-DbxRun -RunId $run.RunId -JobId 0").FirstError().FullyQualifiedErrorId);
    }

    [Fact]
    public void The_destructive_pipelines_of_an_empty_id_are_refused_and_delete_nothing()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);
        var before = Workspace(shell);

        string[] pipelines =
        [
            "$id = $null; Get-DbxJob -JobId $id | Remove-DbxJob -Confirm:$false",
            "$id = $null; Get-DbxJob $id | Remove-DbxJob -Confirm:$false",
            "$id = $null; Get-DbxRun -RunId $id | Remove-DbxRun -Confirm:$false",
            "$id = $null; Get-DbxRun -JobId $id | Remove-DbxRun -Confirm:$false",
            "$found = Get-DbxJob -Name 'no-such-job-*'; Get-DbxJob -JobId $found.JobId | Remove-DbxJob -Confirm:$false",
            "$found = @(); Get-DbxRun -RunId $found | Remove-DbxRun -Confirm:$false",
            "$null | Get-DbxJob | Remove-DbxJob -Confirm:$false",
            "[pscustomobject]@{ JobId = $null } | Get-DbxRun | Remove-DbxRun -Confirm:$false",
            "[pscustomobject]@{ RunId = $null } | Get-DbxRun | Remove-DbxRun -Confirm:$false",
            "$since = $null; Get-DbxRun -JobId $jobs[0].JobId -From $since | Remove-DbxRun -Confirm:$false",
        ];
        foreach (var pipeline in pipelines)
        {
            var result = shell.Run(pipeline);
            var error = result.FirstError();
            Assert.True(error.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError,", StringComparison.Ordinal), $"{pipeline}: {error.FullyQualifiedErrorId}");
            Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        }
        Assert.Equal(before, Workspace(shell));

        // Not given at all, the same commands list everything; an empty pipeline reaches nothing and says nothing.
        Assert.Equal(before.Jobs.Split(',').Length, shell.Run("Get-DbxJob").AssertNoErrors().Objects(JobType).Count);
        Assert.Empty(shell.Run("@() | Get-DbxJob; @() | Get-DbxRun").AssertNoErrors().Output);
        // And an id that is there still reaches exactly its run.
        shell.Run("Get-DbxRun -RunId $runs[0].RunId | Remove-DbxRun -Confirm:$false").AssertNoErrors();
        Assert.Equal(before.Runs.Split(',').Length - 1, Workspace(shell).Runs.Split(',').Length);
    }

    [Fact]
    public void Grants_that_are_all_inherited_are_refused_instead_of_removing_every_direct_grant()
    {
        using var shell = module.NewShell();
        shell.Run($"$job = New-DbxJob -Name safe-acl-{Guid.NewGuid():N} -Task {Task}; $job | Add-DbxJobPermission -GroupName data-eng -PermissionLevel CAN_VIEW").AssertNoErrors();
        var before = shell.Run("($job | Get-DbxJobPermission | ForEach-Object { \"$_\" }) -join ', '").AssertNoErrors().Output[0].ToString();

        var error = shell.Run("$job | Set-DbxJobPermission -AccessControl ($job | Get-DbxJobPermission | Where-Object Inherited) -Confirm:$false").FirstError();

        Assert.Equal("NoDirectGrant,DatabricksJobs.Commands.SetDbxJobPermissionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("-AccessControl holds only inherited grants (1), which are not the job's own to set", error.ErrorDetails.Message);
        Assert.Equal(before, shell.Run("($job | Get-DbxJobPermission | ForEach-Object { \"$_\" }) -join ', '").AssertNoErrors().Output[0].ToString());
    }

    [Fact]
    public void Remove_run_asks_first_and_deletes_only_on_yes()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);
        var runId = shell.Run("$runs[0].RunId").Output[0].ToString();

        shell.Host.Answers.Enqueue(2); // No
        shell.Run("$runs[0] | Remove-DbxRun").AssertNoErrors();
        Assert.Contains($"Performing the operation \"Delete\" on target \"Run {runId}\"", Assert.Single(shell.Host.Asked));
        shell.Run("Get-DbxRun -RunId $runs[0].RunId").AssertNoErrors();

        shell.Host.Answers.Enqueue(0); // Yes
        shell.Run("Remove-DbxRun -RunId $runs[0].RunId").AssertNoErrors();
        Assert.Equal(2, shell.Host.Asked.Count);
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", shell.Run("Get-DbxRun -RunId $runs[0].RunId").FirstError().FullyQualifiedErrorId);
        // A runbook says -Confirm:$false, and then nothing is asked.
        shell.Run("$runs[1] | Remove-DbxRun -Confirm:$false").AssertNoErrors();
        Assert.Equal(2, shell.Host.Asked.Count);
        Assert.Equal(["High", "High"], shell.Run("""
            'Remove-DbxRun', 'Set-DbxJobPermission' | ForEach-Object { (Get-Command $_).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact.ToString() }
            """).Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Set_job_permission_asks_first_naming_the_direct_grants_it_removes_and_the_owner_when_another_is_given()
    {
        using var shell = module.NewShell();
        shell.Run($"""
            $job = New-DbxJob -Name safe-acl-{Guid.NewGuid():N} -Task {Task}
            $job | Add-DbxJobPermission -UserName alice@example.com -PermissionLevel CAN_MANAGE
            $job | Add-DbxJobPermission -GroupName admins-etl -PermissionLevel CAN_VIEW
            $job | Add-DbxJobPermission -ServicePrincipalName sp-1 -PermissionLevel CAN_MANAGE_RUN
            """).AssertNoErrors();
        List<string> Grants() => [.. shell.Run("$job | Get-DbxJobPermission | Where-Object { -not $_.Inherited } | ForEach-Object { \"$_\" }").AssertNoErrors().Output.Select(o => o.ToString()).Order()];
        var before = Grants();
        var target = $"on target \"Job {shell.Run("$job.JobId").Output[0]}\"";

        shell.Host.Answers.Enqueue(2); // No
        shell.Run("$job | Set-DbxJobPermission -AccessControl @{ user_name = 'bob@example.com'; permission_level = 'CAN_MANAGE_RUN' }, @{ service_principal_name = 'sp-1'; permission_level = 'CAN_MANAGE_RUN' }").AssertNoErrors();
        var asked = Assert.Single(shell.Host.Asked);
        // The owner stays (no other owner is given), and sp-1 keeps its grant: neither is named as removed.
        Assert.Contains("\"Replace the direct grants: remove alice@example.com (CAN_MANAGE), group admins-etl (CAN_VIEW); grant bob@example.com CAN_MANAGE_RUN\" " + target, asked);
        Assert.Equal(before, Grants());

        // -WhatIf says the same, and says when the owner's grant goes.
        var whatIf = shell.Run("$job | Set-DbxJobPermission -AccessControl @{ user_name = 'bob@example.com'; permission_level = 'IS_OWNER' }, @{ group_name = 'admins-etl'; permission_level = 'CAN_VIEW' } -WhatIf").AssertNoErrors();
        Assert.Contains($"What if: Performing the operation \"Replace the direct grants: remove {ModuleFixture.UserName} (IS_OWNER: the job's owner is replaced), " +
            "alice@example.com (CAN_MANAGE), service principal sp-1 (CAN_MANAGE_RUN); grant bob@example.com IS_OWNER\" " + target, whatIf.HostText);
        Assert.Equal(before, Grants());
        Assert.Single(shell.Host.Asked);

        shell.Host.Answers.Enqueue(0); // Yes
        var after = shell.Run("$job | Set-DbxJobPermission -AccessControl @{ user_name = 'bob@example.com'; permission_level = 'IS_OWNER' } -PassThru").AssertNoErrors().Objects(PermissionType);
        Assert.Contains($"remove {ModuleFixture.UserName} (IS_OWNER: the job's owner is replaced)", shell.Host.Asked[1]);
        Assert.Equal(["bob@example.com: IS_OWNER"], after.Where(p => !(bool)p.P("Inherited")!).Select(p => p.BaseObject.ToString()));
    }

    [Fact]
    public void Every_parameter_with_a_value_set_binds_each_value_in_the_sets_spelling_whatever_the_case_typed()
    {
        using var shell = module.NewShell(connect: false);
        static string Mixed(string value) => new([.. value.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]);
        var failures = new List<string>();
        var sets = 0;
        foreach (var cmdlet in Cmdlets(shell))
        {
            foreach (var parameter in cmdlet.Parameters.Values)
            {
                if (parameter.Attributes.OfType<ValidateSetAttribute>().SingleOrDefault() is not { } set) continue;
                sets++;
                // As the binder does: each transformation in turn, then ValidateSet (which ignores case) checks the result.
                var transformations = parameter.Attributes.OfType<ArgumentTransformationAttribute>().ToList();
                object? Bound(object typed) => transformations.Aggregate(typed, (value, t) => t.Transform(null!, value));
                foreach (var value in set.ValidValues)
                {
                    foreach (var typed in new[] { value.ToLowerInvariant(), value.ToUpperInvariant(), Mixed(value) })
                    {
                        // A list parameter is given one value, or a list of them.
                        foreach (var given in parameter.ParameterType.IsArray ? [typed, new object[] { typed }] : new object[] { typed })
                        {
                            var bound = Bound(given);
                            var canonical = bound is object[] list ? list.Single() : bound;
                            if (!Equals(value, canonical)) failures.Add($"{cmdlet.Name} -{parameter.Name} {typed}: bound as {canonical ?? "null"}, not {value}");
                        }
                    }
                }
                // A value the set does not hold is left as typed, for ValidateSet to refuse.
                if (!Equals("not-in-the-set", Bound("not-in-the-set"))) failures.Add($"{cmdlet.Name} -{parameter.Name}: changed a value not in the set");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // -PermissionLevel, -RunType, -Views, and -PerformanceTarget and -FailOn on each cmdlet that has them.
        Assert.True(sets >= 9, $"Only {sets} parameters with a value set were found.");
    }

    [Fact]
    public async Task Lower_case_values_reach_the_api_in_its_spelling_which_the_emulator_alone_refuses()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);

        var granted = shell.Run("$jobs[0] | Add-DbxJobPermission -UserName lower@example.com -PermissionLevel can_view -PassThru").AssertNoErrors().Objects(PermissionType);
        Assert.Contains(granted, p => p.S("Principal") == "lower@example.com" && p.S("PermissionLevel") == "CAN_VIEW");
        Assert.Equal(2, shell.Run("Get-DbxRun -JobId $jobs[0].JobId -RunType job_run").AssertNoErrors().Objects(RunType).Count);
        Assert.Empty(shell.Run("Get-DbxRun -JobId $jobs[0].JobId -RunType Submit_Run").AssertNoErrors().Output);
        var run = shell.Run("$jobs[0] | Invoke-DbxJobRun -PerformanceTarget standard -Wait").Single(RunType);
        Assert.Equal("STANDARD", run.S("EffectivePerformanceTarget"));
        Assert.NotEmpty(shell.Run("$runs[0] | Export-DbxRun -Views code -PassThru").AssertNoErrors().Output);

        // The same values as typed are refused by the emulator, as by the service: the spelling is what made them work.
        using var http = new HttpClient { BaseAddress = new Uri(module.Emulator.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ModuleFixture.Token);
        var jobId = shell.Run("$jobs[0].JobId").Output[0].ToString();
        var grant = new StringContent("""{"access_control_list":[{"user_name":"lower@example.com","permission_level":"can_view"}]}""", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PatchAsync($"/api/2.0/permissions/jobs/{jobId}", grant)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"/api/2.2/jobs/runs/list?job_id={jobId}&run_type=job_run")).StatusCode);
    }

    [Fact]
    public void A_run_given_more_than_once_is_waited_for_and_written_once_with_a_warning_naming_it()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);
        var runId = shell.Run("$runs[0].RunId").Output[0].ToString();

        var given = shell.Run("Wait-DbxRun -RunId $runs[0].RunId, $runs[0].RunId, $runs[0].RunId").AssertNoErrors();
        Assert.Single(given.Objects(RunType));
        Assert.Equal($"Runs given more than once are waited for and written once: {runId} (3 times).", Assert.Single(given.Warnings));

        var piped = shell.Run("$runs[0], $runs[1], $runs[0] | Wait-DbxRun").AssertNoErrors();
        Assert.Equal(2, piped.Objects(RunType).Count);
        Assert.Equal($"Runs given more than once are waited for and written once: {runId} (2 times).", Assert.Single(piped.Warnings));

        Assert.Empty(shell.Run("$runs | Wait-DbxRun").AssertNoErrors().Warnings);
    }

    [Fact]
    public void From_after_To_is_an_invalid_argument_error_and_a_null_bound_is_a_binding_error()
    {
        using var shell = module.NewShell();
        MakeJobsAndRuns(shell);

        var error = shell.Run("Get-DbxRun -From 2030-01-01 -To 2020-01-01").FirstError();
        Assert.Equal("FromAfterTo,DatabricksJobs.Commands.GetDbxRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("-From (2030-01-01 00:00:00) is after -To (2020-01-01 00:00:00): no run can have started between them.", error.ErrorDetails.Message);
        Assert.Equal("FromAfterTo,DatabricksJobs.Commands.GetDbxRunCommand", shell.Run("$jobs[0] | Get-DbxRun -From ([datetime]::Now) -To ([datetime]::Now.AddDays(-1))").FirstError().FullyQualifiedErrorId);

        // The same instant at both ends is a window, and a run that started at it is listed (with any other run of the
        // job that started in the same millisecond: the two runs of each job start together).
        var window = shell.Run("""
            $listed = @(Get-DbxRun -JobId $runs[0].JobId -From $runs[0].StartTime -To $runs[0].StartTime)
            $listed.RunId -contains $runs[0].RunId
            @($listed | Where-Object StartTime -ne $runs[0].StartTime).Count
            """).AssertNoErrors().Output.Select(o => o.ToString());
        Assert.Equal(["True", "0"], window);
        foreach (var bound in new[] { "-From", "-To" })
            Assert.StartsWith("ParameterArgumentValidationError,", shell.Run($"Get-DbxRun -JobId $runs[0].JobId {bound} $null").FirstError().FullyQualifiedErrorId);
    }
    [Fact]
    public void A_name_acts_only_on_jobs_of_that_name_even_when_the_server_ignores_the_filter()
    {
        // A server that answers every job whatever name jobs/list asks for.
        using var server = new RecordingServer(head =>
            head.StartsWith("GET /api/2.0/preview/scim/v2/Me ") ? RecordingServer.Json(200, """{"userName":"any@example.com"}""")
            : head.StartsWith("GET /api/2.2/jobs/list") ? RecordingServer.Json(200, """
                {"jobs": [{"job_id": 1, "settings": {"name": "nightly"}}, {"job_id": 2, "settings": {"name": "other"}}, {"job_id": 3, "settings": {"name": "NIGHTLY"}}], "has_more": false}
                """)
            : RecordingServer.Json(200, "{}"));
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 1 | Out-Null").AssertNoErrors();

        var found = shell.Run("(Get-DbxJob -Name nightly).JobId").AssertNoErrors().Output.Select(o => o.ToString());
        Assert.Equal(["1", "3"], found);
        var missing = shell.Run("Remove-DbxJob -Name ' ' -All -Confirm:$false").FirstError();
        Assert.StartsWith("JobNotFound,", missing.FullyQualifiedErrorId);
        shell.Run("Remove-DbxJob -Name nightly -All -Confirm:$false").AssertNoErrors();
        var deletes = server.Requests.Where(head => head.StartsWith("POST /api/2.2/jobs/delete")).Count();
        Assert.Equal(2, deletes);
    }
}
