using System.Text;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

/// <summary>Retries, idempotency and secrecy, against faults injected into the emulator.</summary>
public class ResilienceTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    private void Arm(string fault) => module.ArmFault(fault);

    private static void MakeJob(Shell shell)
    {
        shell.Set("name", $"resilient-{Guid.NewGuid():N}");
        shell.Run("$job = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }").AssertNoErrors();
    }

    [Fact]
    public void Throttling_and_unavailability_are_retried_after_retry_after_and_verbose_says_so()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        Arm("""{"method":"GET","path":"/api/2.2/jobs/get","status":429,"count":2,"retry_after_seconds":1}""");
        Arm("""{"method":"GET","path":"/api/2.2/jobs/list","status":503,"count":1}""");
        var result = shell.Run("Get-DbxJob -JobId $job.JobId -Verbose; Get-DbxJob -Name $name -Verbose").AssertNoErrors();

        Assert.Equal(2, result.Objects("DatabricksJobs.Models.Job").Count);
        Assert.Equal(2, result.Verbose.Count(v => v.StartsWith("GET /api/2.2/jobs/get?job_id=") && v.Contains("-> 429 (")));
        Assert.Contains(result.Verbose, v => v.StartsWith("GET /api/2.2/jobs/get?job_id=") && v.Contains("-> 200 (") && v.EndsWith(" ms)"));
        Assert.Contains(result.Verbose, v => v.StartsWith("Retrying in 1000 ms"));
        Assert.Contains(result.Verbose, v => v.Contains("jobs/list") && v.Contains("-> 503"));
    }

    [Fact]
    public void A_run_now_whose_answer_is_lost_is_retried_and_starts_exactly_one_run()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        Arm("""{"method":"POST","path":"/api/2.2/jobs/run-now","drop_connection":true,"count":1}""");
        var result = shell.Run("$job | Invoke-DbxJobRun -Verbose; (Get-DbxRun -JobId $job.JobId).Count").AssertNoErrors();

        Assert.Single(result.Objects(RunType));
        Assert.Equal("1", result.Output.Last().ToString());
        Assert.Contains(result.Verbose, v => v.StartsWith("POST /api/2.2/jobs/run-now -> no answer"));
    }

    [Fact]
    public void A_create_whose_answer_is_lost_is_not_repeated_and_says_so()
    {
        using var shell = module.NewShell();
        Arm("""{"method":"POST","path":"/api/2.2/jobs/create","drop_connection":true,"count":1}""");
        shell.Set("name", $"lost-{Guid.NewGuid():N}");
        var result = shell.Run("New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }; (Get-DbxJob -Name $name).Count");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("OutcomeUnknown,", error.FullyQualifiedErrorId);
        Assert.Contains("may or may not have acted on it", error.ErrorDetails.Message);
        Assert.Contains("Get-DbxJob -Name", error.ErrorDetails.Message);
        // The emulator made the job; the module did not make a second one.
        Assert.Equal("1", result.Output.Last().ToString());
    }

    [Fact]
    public void The_token_appears_in_no_stream_error_or_string()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        Arm("""{"method":"GET","path":"/api/2.2/jobs/get","status":501,"count":1}""");
        var result = shell.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $s = Get-DbxSession; "$s"; $s.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            Get-DbxJob -JobId $job.JobId
            $job | Invoke-DbxJobRun | Wait-DbxRun
            Get-DbxJob -JobId 1
            Connect-DbxWorkspace -Host 'http://insecure.example.com' -Token $dbxToken
            """);
        var everything = result.AllText() + string.Join("\n", result.Errors.Select(e => e.Exception.ToString()));
        Assert.DoesNotContain(ModuleFixture.Token, everything);
        Assert.Contains("ResourceUnavailable", string.Join(",", result.Errors.Select(e => e.CategoryInfo.Category.ToString())));
    }
}
