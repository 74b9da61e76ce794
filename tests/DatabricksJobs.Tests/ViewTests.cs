using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DatabricksJobs.Tests;

/// <summary>
/// The module's views as people see them: every table keeps its columns on one line at 80 and 120 characters whatever
/// the names' length, lists show what matters, a Duration reads the same in every view, and exported files show as
/// Get-ChildItem's do. The hosted engine has Out-Default (which shows an object's first view, its table) but not the
/// Format-* cmdlets, so a list view is read here line by line as the view defines it; tests/DatabricksJobs.Tests.ps1
/// shows the lists with Format-List in real PowerShell.
/// </summary>
public class ViewTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private static readonly string LongName = "nightly-" + new string('x', 82);
    private static readonly string LongKey = "extract_" + new string('k', 92); // 100 characters, the most a task key takes
    private static readonly int[] Widths = [80, 120];

    /// <summary>A line of a list: its label, and the property or script block that gives its value.</summary>
    private sealed record ListLine(string Label, string? Property, string? Script);

    private sealed record View(string Name, string Type, bool IsTable, List<string> Labels, List<ListLine> Lines);

    /// <summary>The views of the module's format file, as the module that the shell imported has it, in its order.</summary>
    private static List<View> Views(Shell shell)
    {
        var folder = shell.Run("(Get-Module DatabricksJobs).ModuleBase").AssertNoErrors().Output[0].ToString();
        var format = XDocument.Load(Path.Combine(folder, "DatabricksJobs.format.ps1xml"));
        return format.Descendants("View").Select(v =>
        {
            var lines = v.Descendants("ListItem").Select(i => new ListLine(
                (i.Element("Label") ?? i.Element("PropertyName"))!.Value, i.Element("PropertyName")?.Value, i.Element("ScriptBlock")?.Value)).ToList();
            var table = v.Element("TableControl");
            return new View(v.Element("Name")!.Value, v.Element("ViewSelectedBy")!.Element("TypeName")!.Value, table is not null,
                table is null ? lines.Select(l => l.Label).ToList() : table.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value).ToList(),
                lines);
        }).ToList();
    }

    /// <summary>What the host shows of the objects <paramref name="expression"/> gives, at a width, without blank lines.</summary>
    private static List<string> Shown(Shell shell, string expression, int width)
    {
        shell.Host.Clear();
        shell.Run($"$Host.UI.RawUI.BufferSize = [System.Management.Automation.Host.Size]::new({width}, 3000); {expression} | Out-Default").AssertNoErrors();
        return Shell.Ansi().Replace(shell.Host.Output, "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
    }

    /// <summary>The lines the list view of <paramref name="type"/> shows of the object <paramref name="expression"/> gives: label, value.</summary>
    private static List<(string Label, string Value)> Listed(Shell shell, string type, string expression)
    {
        var view = Views(shell).Single(v => v.Type == type && !v.IsTable);
        shell.Run($"$listed = {expression}").AssertNoErrors();
        return view.Lines.Select(line => (line.Label, shell.Run(line.Script is null
            ? $"[string]$listed.{line.Property}"
            : $"[string]($listed | ForEach-Object {{ {line.Script} }})").AssertNoErrors().Output[0].ToString()!)).ToList();
    }

    /// <summary>
    /// A shell whose $objects holds, by type name, objects of every type the format file has a view of, with names as
    /// long as the API takes: sessions, jobs (one paused), a run as it failed and as repaired, its task runs, outputs,
    /// exports and repair history, grants and permission levels, and the compliance of two jobs with a repair's changes.
    /// </summary>
    private Shell ShellWithLongNames()
    {
        var policy = $"policy-{Guid.NewGuid():N}";
        module.AddPolicy($$"""
            {"policy_id":"{{policy}}","definition":{"spark_version":{"type":"fixed","value":"15.4.x-scala2.12"},
             "node_type_id":{"type":"allowlist","values":["i3.xlarge"],"defaultValue":"i3.xlarge"} } }
            """);
        var shell = module.NewShell();
        shell.Set("longName", LongName);
        shell.Set("longKey", LongKey);
        shell.Set("policy", policy);
        shell.Run("""
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name $longName | Out-Null
            $job = New-DbxJob -Name $longName -Schedule '0 0 2 * * ?' -TimeZone UTC -Task @(
                @{ task_key = $longKey; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ exit = $longName } } }
                @{ task_key = 'bad'; notebook_task = @{ notebook_path = '/b'; base_parameters = @{ fail = 'true' } } })
            $paused = New-DbxJob -Name $longName -Schedule '0 30 6 ? * MON-FRI' -TimeZone UTC -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            Update-DbxJob -JobId $paused.JobId -Pause
            $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure
            $repaired = $run | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait
            $job | Add-DbxJobPermission -GroupName $longName -PermissionLevel CAN_VIEW
            function New-PolicyJob($cluster) {
                $cluster.policy_id = $policy
                New-DbxJob -Settings @{ name = $longName; job_clusters = @(@{ job_cluster_key = 'main'; new_cluster = $cluster })
                    tasks = @(@{ task_key = 'a'; job_cluster_key = 'main'; notebook_task = @{ notebook_path = '/a' } }) }
            }
            $compliant = New-PolicyJob @{ spark_version = '15.4.x-scala2.12'; node_type_id = 'i3.xlarge'; num_workers = 1 }
            $violating = New-PolicyJob @{ spark_version = '14.3.x-scala2.12'; node_type_id = 'm5.large'; num_workers = 1 }
            $enforced = $violating | Repair-DbxJobCompliance -ValidateOnly
            $definitions = [IO.Directory]::CreateDirectory([IO.Path]::Combine([IO.Path]::GetTempPath(), [Guid]::NewGuid())).FullName
            [IO.File]::WriteAllText([IO.Path]::Combine($definitions, "$longKey.psd1"),
                "@{ name = '$longName'; tasks = @(@{ task_key = '$longKey'; notebook_task = @{ notebook_path = '/a' } }) }")
            $deployment = "views-$([Guid]::NewGuid().ToString('N'))"
            $deployed = Deploy-DbxJob -Path $definitions -Deployment $deployment -PassThru -Confirm:$false
            Update-DbxJob -JobId $deployed.JobId -MaxConcurrentRuns 3 -Description $longName
            $compared = Compare-DbxJob -Path $definitions -Deployment $deployment
            [IO.Directory]::Delete($definitions, $true)
            $objects = @{
                'DatabricksJobs.Client.DatabricksSession' = @(Get-DbxSession -All)
                'DatabricksJobs.Models.Job' = @(Get-DbxJob -JobId $job.JobId, $paused.JobId)
                'DatabricksJobs.Models.Run' = @($run, $repaired)
                'DatabricksJobs.Models.RunTask' = @($run.Tasks)
                'DatabricksJobs.Models.RunOutput' = @($run | Get-DbxRunOutput)
                'DatabricksJobs.Models.RepairHistoryItem' = @((Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory)
                'DatabricksJobs.Models.RunExportView' = @($repaired | Export-DbxRun -PassThru)
                'DatabricksJobs.Models.JobPermission' = @($job | Get-DbxJobPermission)
                'DatabricksJobs.Models.JobPermissionLevel' = @($job | Get-DbxJobPermissionLevel)
                'DatabricksJobs.Models.JobCompliance' = @($compliant, $violating | Get-DbxJobCompliance)
                'DatabricksJobs.Models.EnforcePolicyComplianceResponse' = @($enforced)
                'DatabricksJobs.Models.JobComparison' = @($deployed, $compared)
                'DatabricksJobs.Models.JobDifference' = @($compared.Differences)
                'DatabricksJobs.Models.EnforcePolicyComplianceForJobResponseJobClusterSettingsChange' = @($enforced.JobClusterChanges)
            }
            """).AssertNoErrors();
        return shell;
    }

    [Fact]
    public void Every_table_keeps_all_its_columns_on_one_line_at_80_and_120_characters_whatever_the_names_length()
    {
        using var shell = ShellWithLongNames();
        var views = Views(shell);
        var tables = views.Where(v => v.IsTable).ToList();
        Assert.Equal(tables.Select(v => v.Type).Order(), shell.Run("$objects.Keys").Output.Select(o => o.ToString()).Order());
        // An object shows its type's first view: the table, which comes before the list.
        Assert.All(tables, t => Assert.Same(t, views.First(v => v.Type == t.Type)));

        foreach (var table in tables)
        {
            shell.Set("typeName", table.Type);
            var count = (int)shell.Run("$objects[$typeName].Count").Output[0].BaseObject;
            Assert.True(count > 0, $"No {table.Type} to show.");
            var header = new Regex(@"^\s*" + string.Join(@"\s+", table.Labels.Select(Regex.Escape)) + "$");
            foreach (var width in Widths)
            {
                var lines = Shown(shell, "$objects[$typeName]", width);
                var shown = $"The {table.Name} table at {width} characters:\n{string.Join("\n", lines)}";
                Assert.True(header.IsMatch(lines[0]), $"{shown}\nhas not all of {string.Join(", ", table.Labels)} on its first line.");
                Assert.Matches(@"^[\s-]+$", lines[1]);
                Assert.True(lines.Count == 2 + count, $"{shown}\nhas not one line for each of its {count} objects.");
                Assert.All(lines, l => Assert.True(l.Length <= width, $"{shown}\nhas a line longer than {width}."));
                Assert.All(lines, l => Assert.DoesNotContain("DatabricksJobs.", l));
            }
        }
    }

    [Fact]
    public void Runs_task_runs_and_jobs_keep_their_state_result_and_schedule_and_cut_long_names_with_an_ellipsis()
    {
        using var shell = ShellWithLongNames();
        var ids = shell.Run("$run.RunId; $job.JobId; $paused.JobId").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        foreach (var width in Widths)
        {
            var runs = Shown(shell, "$objects['DatabricksJobs.Models.Run']", width);
            Assert.Matches($@"^ +{ids[0]} TERMINATED +FAILED +\d\d-\d\d \d\d:\d\d +0:00:0\d nightly-x+…$", runs[2]);
            Assert.Matches($@"^ +{ids[0]} TERMINATED +SUCCESS +\d\d-\d\d \d\d:\d\d +0:00:0\d nightly-x+…$", runs[3]);

            var tasks = Shown(shell, "$objects['DatabricksJobs.Models.RunTask']", width);
            Assert.Matches(@"^ +\d+ TERMINATED +SUCCESS +0:00:0\d extract_k+…$", tasks[2]);
            Assert.Matches(@"^ +\d+ TERMINATED +FAILED +0:00:0\d bad$", tasks[3]);

            var jobs = Shown(shell, "$objects['DatabricksJobs.Models.Job']", width);
            Assert.Matches($@"^ +{ids[1]} +2 0 0 2 \* \* \? +False +nightly-x+…$", jobs[2]);
            Assert.Matches($@"^ +{ids[2]} +1 0 30 6 \? \* MON-FRI +True +nightly-x+…$", jobs[3]);
        }
    }

    [Fact]
    public void A_duration_reads_the_same_in_every_view_that_shows_one()
    {
        using var shell = module.NewShell(connect: false);
        var seen = new HashSet<string>();
        foreach (var view in Views(shell).Where(v => v.Labels.Contains("Duration")))
        {
            foreach (var (ms, expected) in new[] { (5_000L, "0:00:05"), (3_723_000L, "1:02:03"), (93_784_000L, "1.02:03:04") })
            {
                shell.Set("typeName", view.Type);
                shell.Set("ms", ms);
                const string made = "$(& { $o = ([type]$typeName)::new(); $o.RunDurationMs = $ms; $o })";
                string shown;
                if (view.IsTable)
                {
                    var lines = Shown(shell, made, 120);
                    // The column is right-aligned: its value ends where its label does.
                    var end = lines[0].IndexOf("Duration", StringComparison.Ordinal) + "Duration".Length;
                    shown = lines[2][..end].Split(' ').Last();
                }
                else
                {
                    shown = Listed(shell, view.Type, made).Single(l => l.Label == "Duration").Value;
                }
                var kind = view.IsTable ? "table" : "list";
                seen.Add($"{view.Type} {kind}");
                Assert.True(expected == shown, $"The {view.Name} {kind} shows {TimeSpan.FromMilliseconds(ms)} as '{shown}', not '{expected}'.");
            }
        }
        Assert.Empty(new[] { "DatabricksJobs.Models.Run table", "DatabricksJobs.Models.Run list", "DatabricksJobs.Models.RunTask table", "DatabricksJobs.Models.RunTask list" }.Except(seen));
    }

    [Fact]
    public void The_lists_of_a_run_a_task_run_and_a_job_show_what_matters_with_the_run_page_url()
    {
        using var shell = ShellWithLongNames();
        var run = Listed(shell, "DatabricksJobs.Models.Run", "$run").ToDictionary(l => l.Label, l => l.Value);
        Assert.Equal(shell.Run("$run.RunPageUrl").Output[0].ToString(), run["RunPageUrl"]);
        Assert.Equal("FAILED", run["ResultState"]);
        Assert.Matches(@"^0:00:0\d$", run["Duration"]);
        Assert.Matches($@"^{LongKey} \(\d+\): SUCCESS{Environment.NewLine}bad \(\d+\): FAILED$", run["Tasks"]);
        Assert.Equal(shell.Run("$job.JobId").Output[0].ToString(), run["JobId"]);

        var task = Listed(shell, "DatabricksJobs.Models.RunTask", "$run.Tasks | Where-Object TaskKey -eq bad").ToDictionary(l => l.Label, l => l.Value);
        Assert.Equal("FAILED", task["ResultState"]);
        Assert.Equal(shell.Run("($run.Tasks | Where-Object TaskKey -eq bad).State.StateMessage").Output[0].ToString(), task["StateMessage"]);
        Assert.NotEmpty(task["StateMessage"]);
        Assert.Matches(@"^http://\S+/run/\d+$", task["RunPageUrl"]);
        Assert.Equal("notebook_task", task["Type"]);

        var job = Listed(shell, "DatabricksJobs.Models.Job", "$paused | Get-DbxJob");
        Assert.Equal(["JobId", "Name", "TaskCount", "Schedule", "Paused", "CreatorUserName", "RunAsUserName", "CreatedTime"], job.Select(l => l.Label));
        Assert.Equal(("Schedule", "0 30 6 ? * MON-FRI"), job[3]);
        Assert.Equal(("Paused", "True"), job[4]);
    }

    [Fact]
    public void Compliance_shows_each_job_with_its_violations_and_a_repair_with_its_changes()
    {
        using var shell = ShellWithLongNames();
        var ids = shell.Run("$compliant.JobId; $violating.JobId").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        var table = Shown(shell, "$objects['DatabricksJobs.Models.JobCompliance']", 200);
        Assert.Matches($@"^ +{ids[0]} True$", table[2]);
        Assert.Matches($@"^ +{ids[1]} False +job_clusters\[main\]\.new_cluster\.node_type_id, job_clusters\[main\]\.new_cluster\.spark_version$", table[3]);
        var violations = Listed(shell, "DatabricksJobs.Models.JobCompliance", "$violating | Get-DbxJobCompliance").Single(l => l.Label == "Violations").Value;
        Assert.Matches($@"^job_clusters\[main\]\.new_cluster\.node_type_id: \S.*{Environment.NewLine}job_clusters\[main\]\.new_cluster\.spark_version: \S.*$", violations);

        var enforced = Shown(shell, "$enforced", 200);
        Assert.Matches($@"^ +{ids[1]} True +job_clusters\[main\]\.new_cluster\.\w+, job_clusters\[main\]\.new_cluster\.\w+$", enforced[2]);
        var changes = Listed(shell, "DatabricksJobs.Models.EnforcePolicyComplianceResponse", "$enforced").Single(l => l.Label == "JobClusterChanges").Value;
        Assert.Contains("job_clusters[main].new_cluster.spark_version: 14.3.x-scala2.12 -> 15.4.x-scala2.12", changes.Split(Environment.NewLine));
        var change = Shown(shell, "$enforced.JobClusterChanges | Where-Object Field -like '*spark_version'", 200);
        Assert.Matches(@"^14\.3\.x-scala2\.12 +15\.4\.x-scala2\.12 +job_clusters\[main\]\.new_cluster\.spark_version$", change[2]);
    }

    [Fact]
    public void Exported_files_show_as_Get_ChildItem_shows_them_and_carry_their_run_and_task()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-views-").FullName;
        try
        {
            shell.Set("folder", folder);
            shell.Set("name", $"views-{Guid.NewGuid():N}");
            shell.Run("""
                $run = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }, @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' } } | Invoke-DbxJobRun -Wait
                $files = $run | Export-DbxRun -Path $folder -Views All
                """).AssertNoErrors();
            // What Get-Item returns (the hosted engine has no Get-ChildItem or Get-Item): the provider's item.
            var exported = Shown(shell, "$files", 200);
            Assert.Equal(Shown(shell, "$files | ForEach-Object { $ExecutionContext.InvokeProvider.Item.Get($_.FullName) }", 200), exported);
            Assert.Equal(4, exported.Count(l => Regex.IsMatch(l, @"\S+ +\d+ run-\d+-[ab]-[ab](_dashboard)?\.html$")));

            var carried = shell.Run("""
                $files | ForEach-Object { '{0} {1} {2} {3} {4}' -f $_.GetType().Name, ($_.ParentRunId -eq $run.RunId), ($_.RunId -eq ($run.Tasks | Where-Object TaskKey -eq $_.TaskKey).RunId), $_.TaskKey, $_.ViewType }
                """).AssertNoErrors().Output.Select(o => o.ToString());
            Assert.Equal(["FileInfo True True a NOTEBOOK", "FileInfo True True a DASHBOARD", "FileInfo True True b NOTEBOOK", "FileInfo True True b DASHBOARD"], carried);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
    [Fact]
    public void Objects_after_objects_of_another_type_in_one_output_show_what_matters_not_every_field()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"mixed-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $run = $job | Invoke-DbxJobRun -Wait
            """).AssertNoErrors();

        // A script that writes a session, then a job, a run and a task run: PowerShell lists the later ones, each with
        // its default display properties (DatabricksJobs.types.ps1xml), as it does not use their tables there.
        var lines = Shown(shell, "& { Get-DbxSession; $job; $run; $run.Tasks[0] }", 120);

        var labels = lines.Select(l => l.Split(':')[0].Trim()).ToHashSet();
        Assert.Contains("Paused", labels);
        Assert.Contains("RunPageUrl", labels);
        Assert.Contains("TasksDone", labels);
        Assert.Contains("TaskKey", labels);
        foreach (var field in new[] { "EffectiveBudgetPolicyId", "TriggerDetails", "OriginalAttemptRunId", "ClusterInstance", "CleanupDurationMs", "Iterations" })
            Assert.DoesNotContain(field, labels);
    }

    [Fact]
    public void Every_default_display_property_is_a_property_of_its_object()
    {
        var types = XDocument.Load(Path.Combine(ModuleLayout.ModuleFolder(), "DatabricksJobs.types.ps1xml"));
        using var shell = module.NewShell(connect: false);
        foreach (var type in types.Descendants("Type"))
        {
            var typeName = type.Element("Name")!.Value;
            var members = shell.Run($"[{typeName}].GetProperties().Name").AssertNoErrors().Output.Select(o => o.ToString()).ToHashSet();
            foreach (var property in type.Descendants("ReferencedProperties").Elements("Name").Select(e => e.Value))
                Assert.True(members.Contains(property), $"{typeName} has no property {property}.");
        }
    }
}
