namespace DatabricksJobs.Tests;

/// <summary>Get-DbxRunOutput and Export-DbxRun.</summary>
public class RunResultTests(ModuleFixture module) : IClassFixture<ModuleFixture>, IDisposable
{
    private const string OutputType = "DatabricksJobs.Models.RunOutput";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dbx-export-{Guid.NewGuid():N}");

    /// <summary>A finished run as $run of two tasks: 'ok' exits with 'all good', 'bad' fails.</summary>
    private static void MakeFinishedRun(Shell shell)
    {
        shell.Set("name", $"results-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @(
              @{ task_key = 'ok'; notebook_task = @{ notebook_path = '/Shared/ok'; base_parameters = @{ exit = 'all good' } } },
              @{ task_key = 'bad'; notebook_task = @{ notebook_path = '/Shared/bad'; base_parameters = @{ fail = 'true' } } })
            $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure
            """).AssertNoErrors();
    }

    [Fact]
    public void Output_of_a_run_gives_each_task_its_result_or_error()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        var outputs = shell.Run("$run | Get-DbxRunOutput").AssertNoErrors().Objects(OutputType);

        Assert.Equal(2, outputs.Count);
        var ok = outputs.Single(o => o.S("TaskKey") == "ok");
        Assert.Equal("all good", ok.S("Result"));
        Assert.Null(ok.S("Error"));
        Assert.Equal("SUCCESS", ok.S("ResultState"));
        var bad = outputs.Single(o => o.S("TaskKey") == "bad");
        Assert.False(string.IsNullOrEmpty(bad.S("Error")));
        Assert.False(string.IsNullOrEmpty(bad.S("ErrorTrace")));
        Assert.Equal("FAILED", bad.S("ResultState"));
        Assert.All(outputs, o => Assert.Equal(shell.Run("$run.RunId").Output[0].BaseObject, o.P("ParentRunId")));
    }

    [Fact]
    public void Task_runs_of_a_listed_run_know_their_run_so_their_outputs_are_read_without_reading_the_run()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        var listed = shell.Run("$listed = Get-DbxRun -JobId $job.JobId -ExpandTasks; $listed.Tasks | ForEach-Object { $_.ParentRunId }").AssertNoErrors().Output;
        Assert.Equal(2, listed.Count);
        Assert.All(listed, parent => Assert.Equal(shell.Run("$run.RunId").Output[0].BaseObject, parent.BaseObject));
        var before = module.Sent("GET /api/2.2/jobs/runs/get");
        var outputs = shell.Run("$listed.Tasks | Get-DbxRunOutput").AssertNoErrors().Objects(OutputType);
        Assert.Equal(2, outputs.Count);
        Assert.Equal(before, module.Sent("GET /api/2.2/jobs/runs/get"));
    }

    [Fact]
    public void Output_of_task_runs_from_the_pipeline_and_a_table_shows_them()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        var result = shell.Run("$run.Tasks | Where-Object TaskKey -eq ok | Get-DbxRunOutput").AssertNoErrors();
        Assert.Equal("all good", result.Single(OutputType).S("Result"));

        shell.Host.Clear();
        shell.Run("$run | Get-DbxRunOutput | Out-Default").AssertNoErrors();
        var table = shell.Host.Output;
        Assert.Contains("TaskKey", table);
        Assert.Contains("all good", table);
        Assert.Contains("Error", table);
    }

    [Fact]
    public void Output_of_an_unknown_run_is_an_error_and_the_other_runs_still_answer()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        var result = shell.Run("987654321, $run.RunId | Get-DbxRunOutput");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", error.FullyQualifiedErrorId);
        Assert.Equal(987654321L, error.TargetObject);
        Assert.Equal(2, result.Objects(OutputType).Count);
    }

    [Fact]
    public void Export_writes_a_readable_html_file_per_task_and_view()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        shell.Set("folder", _folder);
        var files = shell.Run("$run | Export-DbxRun -Path $folder -Views All").AssertNoErrors().Objects("System.IO.FileInfo");

        Assert.Equal(4, files.Count);
        var runId = shell.Run("$run.RunId").Output[0].ToString();
        var names = files.Select(f => f.S("Name")!).OrderBy(n => n).ToList();
        Assert.All(names, n => Assert.StartsWith($"run-{runId}-", n));
        Assert.All(names, n => Assert.EndsWith(".html", n));
        Assert.Contains(names, n => n.Contains("-ok-") && n.Contains("dashboard"));
        Assert.Contains(names, n => n.Contains("-bad-") && !n.Contains("dashboard"));
        foreach (var file in files)
        {
            var html = File.ReadAllText(file.S("FullName")!);
            Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("</html>", html);
            Assert.DoesNotContain("<script src=", html);
            Assert.DoesNotContain("<link ", html);
        }
        Assert.Contains("all good", File.ReadAllText(files.Single(f => f.S("Name")!.Contains("-ok-") && !f.S("Name")!.Contains("dashboard")).S("FullName")!));
    }

    [Fact]
    public void Export_refuses_to_overwrite_without_force_and_whatif_writes_nothing()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        shell.Set("folder", _folder);
        Assert.Empty(shell.Run("$run | Export-DbxRun -Path $folder -WhatIf").AssertNoErrors().Output);
        Assert.False(Directory.Exists(_folder));

        Assert.Equal(2, shell.Run("$run | Export-DbxRun -Path $folder").AssertNoErrors().Output.Count);
        var again = shell.Run("$run | Export-DbxRun -Path $folder");
        Assert.Equal(2, again.Errors.Count);
        Assert.All(again.Errors, e => Assert.Contains("-Force", e.ErrorDetails.Message));
        Assert.Equal(2, shell.Run("$run | Export-DbxRun -Path $folder -Force").AssertNoErrors().Output.Count);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
    }

    [Fact]
    public void Export_passthru_returns_the_views_content_instead_of_files()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        var views = shell.Run("Export-DbxRun -RunId $run.RunId -Views Dashboards -PassThru").AssertNoErrors().Objects("DatabricksJobs.Models.RunExportView");

        Assert.Equal(2, views.Count);
        Assert.All(views, v => Assert.Equal("DASHBOARD", v.S("Type")));
        Assert.All(views, v => Assert.Contains("<html", v.S("Content")!, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["bad", "ok"], views.Select(v => v.S("TaskKey")).OrderBy(k => k));
    }

    [Fact]
    public void Exported_views_and_repair_history_show_as_tables()
    {
        using var shell = module.NewShell();
        MakeFinishedRun(shell);
        shell.Host.Clear();
        shell.Run("$run | Export-DbxRun -PassThru | Out-Default; (Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory | Out-Default").AssertNoErrors();
        var lines = shell.Host.Output.Split('\n').Select(l => l.TrimEnd()).ToList();

        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *RunId +Type +Length +TaskKey +Name$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *\d+ NOTEBOOK +\d+ ok +ok$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *Id +Type +LifeCycleState +ResultState +StartTime +TaskRunIds$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ *\d+ ORIGINAL TERMINATED +FAILED +\d\d-\d\d \d\d:\d\d \{\d+, \d+\}$"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
