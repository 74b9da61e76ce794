namespace DatabricksJobs.Tests;

/// <summary>Tab completion through the engine's own TabExpansion2, as a console does it.</summary>
public class CompletionTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private static List<(string Text, string ListItem)> Complete(Shell shell, string input)
    {
        shell.Set("completionInput", input);
        var result = shell.Run("(TabExpansion2 -inputScript $completionInput -cursorColumn $completionInput.Length).CompletionMatches").AssertNoErrors();
        return result.Output.Select(o => (o.S("CompletionText")!, o.S("ListItemText")!)).ToList();
    }

    [Fact]
    public void Job_names_complete_from_the_workspace_quoted_when_needed()
    {
        using var shell = module.NewShell();
        var prefix = $"cmpl{Guid.NewGuid():N}"[..12];
        shell.Set("prefix", prefix);
        shell.Run("""
            New-DbxJob -Name "$prefix nightly load" | Out-Null
            New-DbxJob -Name "$prefix-hourly" | Out-Null
            New-DbxJob -Name "other-$prefix" | Out-Null
            """).AssertNoErrors();

        var matches = Complete(shell, $"Get-DbxJob -Name {prefix}");
        Assert.Equal([$"'{prefix} nightly load'", $"{prefix}-hourly"], matches.Select(m => m.Text).OrderBy(t => t.TrimStart('\'')));
        Assert.Contains(matches, m => m.ListItem == $"{prefix} nightly load");
    }

    [Fact]
    public void A_name_with_wildcard_characters_completes_to_a_value_that_finds_that_job_alone()
    {
        using var shell = module.NewShell();
        var prefix = $"wild{Guid.NewGuid():N}"[..12];
        shell.Set("prefix", prefix);
        shell.Run("""
            New-DbxJob -Name "$prefix[1]" | Out-Null
            New-DbxJob -Name "${prefix}1" | Out-Null
            New-DbxJob -Name "$prefix's*" | Out-Null
            """).AssertNoErrors();

        // Get-DbxJob -Name takes wildcards: the completed value has them escaped, and finds only the job completed.
        var patterns = Complete(shell, $"Get-DbxJob -Name {prefix}").Select(m => m.Text).ToList();
        Assert.Contains($"'{prefix}`[1`]'", patterns);
        Assert.Contains($"'{prefix}''s`*'", patterns);
        foreach (var (text, name) in new[] { ($"'{prefix}`[1`]'", $"{prefix}[1]"), ($"'{prefix}''s`*'", $"{prefix}'s*") })
        {
            var found = shell.Run($"@(Get-DbxJob -Name {text}).Name").AssertNoErrors().Output.Select(o => o.ToString());
            Assert.Equal([name], found);
        }
        // Invoke-DbxJobRun -JobName takes a name as it is: no escapes.
        Assert.Contains($"'{prefix}[1]'", Complete(shell, $"Invoke-DbxJobRun -JobName {prefix}").Select(m => m.Text));
    }

    [Fact]
    public void Job_ids_complete_from_a_name_and_show_it()
    {
        using var shell = module.NewShell();
        var prefix = $"ids{Guid.NewGuid():N}"[..12];
        shell.Set("prefix", prefix);
        var id = shell.Run("(New-DbxJob -Name \"$prefix-job\").JobId").AssertNoErrors().Output.Single().ToString();

        foreach (var command in new[] { "Invoke-DbxJobRun -JobId ", "Get-DbxRun -JobId ", "Remove-DbxJob ", "Get-DbxJobPermission -JobId ", "Stop-DbxRun -All -JobId " })
        {
            var match = Assert.Single(Complete(shell, command + prefix));
            Assert.Equal(id, match.Text);
            Assert.Equal($"{id} {prefix}-job", match.ListItem);
        }
        Assert.Contains(Complete(shell, $"Get-DbxJob -JobId {id}"), m => m.Text == id);
    }

    [Fact]
    public void Task_keys_complete_from_the_job_or_the_run_on_the_command_line()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"keys-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @(
              @{ task_key = 'ingest'; notebook_task = @{ notebook_path = '/i' } },
              @{ task_key = 'ingest_extra'; notebook_task = @{ notebook_path = '/e' } },
              @{ task_key = 'report'; depends_on = @(@{ task_key = 'ingest' }); notebook_task = @{ notebook_path = '/r' } })
            $run = $job | Invoke-DbxJobRun -Wait
            """).AssertNoErrors();
        var jobId = shell.Run("$job.JobId").Output[0].ToString();
        var runId = shell.Run("$run.RunId").Output[0].ToString();

        Assert.Equal(["ingest", "ingest_extra"], Complete(shell, $"Invoke-DbxJobRun -JobId {jobId} -Only ing").Select(m => m.Text));
        Assert.Equal(["report"], Complete(shell, $"Repair-DbxRun -RunId {runId} -Task r").Select(m => m.Text));
        Assert.Equal(3, Complete(shell, $"Repair-DbxRun {runId} -Task ").Count);
    }

    [Fact]
    public void Without_a_session_completion_offers_nothing_and_writes_no_error()
    {
        using var shell = module.NewShell(connect: false);
        Assert.Empty(Complete(shell, "Get-DbxJob -Name a"));
        Assert.Empty(Complete(shell, "Repair-DbxRun -RunId 5 -Task a"));
    }

    [Fact]
    public void A_failing_workspace_makes_completion_offer_nothing()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"fault-{Guid.NewGuid():N}");
        var runId = shell.Run("($run = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } | Invoke-DbxJobRun).RunId")
            .AssertNoErrors().Output.Single().ToString();
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/runs/get","status":403,"count":1}""");
        Assert.Empty(Complete(shell, $"Repair-DbxRun -RunId {runId} -Task "));
        Assert.Equal(["a"], Complete(shell, $"Repair-DbxRun -RunId {runId} -Task ").Select(m => m.Text));
    }
}
