using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Tests;

/// <summary>
/// What a fault and bad-input audit found: one idempotency token starts one run and no run is written as another job's,
/// no answer is quoted with a credential in it, an answer that is not the Jobs API's says so, the advice after a lost
/// answer runs as written, an outcome that is not known is said to be unknown, and -Timeout is a deadline for
/// everything a command does.
/// </summary>
public class FaultsAndDeadlinesTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string JobType = "DatabricksJobs.Models.Job";
    private const string Quick = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";
    private const string Sleeper = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '60' } } }";
    private const string Failing = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ fail = 'true' } } }";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Two jobs, $a and $b, named $name, with the task given.</summary>
    private static void MakeTwoJobs(Shell shell, string task = Quick)
    {
        shell.Set("name", Unique("token"));
        shell.Run($"$a = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task {task}; $b = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task {task}").AssertNoErrors();
    }

    private static long Id(Shell shell, string expression) => Convert.ToInt64(shell.Run(expression).AssertNoErrors().Output.Single().BaseObject);

    private static long RunCount(Shell shell, string job) => Id(shell, $"@(Get-DbxRun -JobId {job}.JobId).Count");

    private static long Requests(JsonNode before, JsonNode after, string route) =>
        ModuleFixture.Sent(after, route) - ModuleFixture.Sent(before, route);

    /// <summary>
    /// Runs <paramref name="script"/> with <paramref name="fault"/> armed (disarmed after it, whatever happens): what it
    /// wrote, how long it took, and how many requests of <paramref name="route"/> the emulator got meanwhile.
    /// </summary>
    private (ShellResult Result, TimeSpan Took, long Requests) RunUnderFault(Shell shell, string fault, string script, string route)
    {
        module.ArmFault(fault);
        var before = module.Stats();
        var clock = Stopwatch.StartNew();
        try
        {
            var result = shell.Run(script);
            return (result, clock.Elapsed, Requests(before, module.Stats(), route));
        }
        finally
        {
            module.ClearFaults();
        }
    }

    /// <summary>A session, with -RetryTimeout 1 unless told otherwise, to a server that may answer anything.</summary>
    private Shell ConnectTo(string url, int retryTimeout = 1)
    {
        var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run($"Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout {retryTimeout} | Out-Null").AssertNoErrors();
        return shell;
    }

    private static string Everything(ShellResult result) =>
        result.AllText() + string.Join("\n", result.Errors.Select(e => $"{e.Exception} {e.ErrorDetails?.Message} {e.TargetObject}"));

    [Fact]
    public void One_token_for_several_jobs_of_a_name_starts_none_of_them()
    {
        using var shell = module.NewShell();
        MakeTwoJobs(shell);
        var result = shell.Run("Invoke-DbxJobRun -JobName $name -All -IdempotencyToken $name; Invoke-DbxJobRun -JobName $name -All -Settings @{ idempotency_token = $name }");

        Assert.Empty(result.Objects(RunType));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("IdempotencyTokenReused,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.StartsWith($"None of the 2 jobs named '{shell.Get("name")}' (ids ", error.ErrorDetails.Message);
        });
        Assert.Equal(0, RunCount(shell, "$a"));
        Assert.Equal(0, RunCount(shell, "$b"));
        // Without a token each start gets one of its own, and both jobs run.
        Assert.Equal(2, shell.Run("Invoke-DbxJobRun -JobName $name -All").AssertNoErrors().Objects(RunType).Count);
    }

    [Fact]
    public void A_token_given_to_several_piped_starts_starts_the_first_and_each_other_is_an_error_of_its_own()
    {
        using var shell = module.NewShell();
        MakeTwoJobs(shell);
        var jobA = Id(shell, "$a.JobId");
        var jobB = Id(shell, "$b.JobId");
        var started = shell.Run("$a, $b | Invoke-DbxJobRun -IdempotencyToken $name");
        Assert.Equal(jobA, Assert.Single(started.Objects(RunType)).L("JobId"));
        var error = Assert.Single(started.Errors);
        Assert.StartsWith("IdempotencyTokenReused,", error.FullyQualifiedErrorId);
        Assert.StartsWith($"Not started: job {jobB} has the idempotency token '{shell.Get("name")}' that job {jobA} used in this command", error.ErrorDetails.Message);
        Assert.Equal(0, RunCount(shell, "$b"));

        // Submit-DbxRun: piped settings, and files holding the same token.
        var folder = Directory.CreateTempSubdirectory("dbx-token-").FullName;
        try
        {
            shell.Set("token", Unique("submit"));
            foreach (var file in new[] { "x", "y" })
                File.WriteAllText(Path.Combine(folder, $"{file}.json"), new JsonObject
                {
                    ["run_name"] = file,
                    ["idempotency_token"] = $"{shell.Get("token")}-file",
                    ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "a", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/a" } }),
                }.ToJsonString());
            shell.Set("files", new[] { Path.Combine(folder, "x.json"), Path.Combine(folder, "y.json") });
            // The runs are written as the submits answer them, so read back to see which request started them.
            var submitted = shell.Run($$"""
                & {
                    @{ run_name = 'x'; tasks = @({{Quick}}) }, @{ run_name = 'y'; tasks = @({{Quick}}) } | Submit-DbxRun -IdempotencyToken $token
                    Submit-DbxRun -Path $files
                } | Get-DbxRun
                """);
            Assert.Equal(["x", "x"], submitted.Objects(RunType).Select(r => r.S("RunName")));
            Assert.Equal(2, submitted.Errors.Count);
            Assert.All(submitted.Errors, e => Assert.StartsWith("Not started: one-time run 'y' has the idempotency token ", e.ErrorDetails.Message));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_token_used_before_for_another_job_is_an_error_and_that_run_is_not_written_as_this_jobs()
    {
        using var shell = module.NewShell();
        MakeTwoJobs(shell);
        var first = shell.Run("$a | Invoke-DbxJobRun -IdempotencyToken $name").Single(RunType);
        var result = shell.Run("$b | Invoke-DbxJobRun -IdempotencyToken $name; $b | Invoke-DbxJobRun -IdempotencyToken $name -Wait");

        Assert.Empty(result.Objects(RunType));
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("IdempotencyTokenReused,", error.FullyQualifiedErrorId);
            Assert.StartsWith($"Job {Id(shell, "$b.JobId")} was not started: the workspace answered with run {first.L("RunId")}, a run of job {first.L("JobId")}",
                error.ErrorDetails.Message);
        });
        Assert.Equal(0, RunCount(shell, "$b"));
        Assert.Equal(1, RunCount(shell, "$a"));
    }

    /// <summary>An error page that echoes the request it got, the Authorization line first, as some proxies write them.</summary>
    private static string EchoPage(string head) =>
        $"<html><body><h1>Request rejected</h1><pre>{string.Join("\n", head.Split("\r\n").OrderBy(line => !line.StartsWith("Authorization")))}\n" +
        "Cookie: session=cookie-secret-0123</pre></body></html>";

    [Theory]
    [InlineData(400, "text/html")]
    [InlineData(404, "text/html")]
    [InlineData(200, "text/html")]
    [InlineData(502, "text/plain")]
    public void An_answer_that_echoes_the_request_is_quoted_with_its_credentials_masked(int status, string type)
    {
        using var server = new RecordingServer(head => head.StartsWith("GET /api/2.0/preview/scim/v2/Me ")
            ? RecordingServer.Json(200, """{"userName":"echo@example.com"}""")
            : RecordingServer.Answer(status, type, EchoPage(head)));
        using var shell = ConnectTo(server.Url);
        var result = shell.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; Get-DbxJob");

        var error = result.FirstError();
        Assert.Contains(server.Requests, head => head.Contains($"Authorization: Bearer {ModuleFixture.Token}"));
        Assert.Contains("Authorization: ***", error.ErrorDetails.Message);
        Assert.DoesNotContain(ModuleFixture.Token, Everything(result));
        Assert.DoesNotContain("cookie-secret-0123", Everything(result));
    }

    [Theory]
    [InlineData("Refused: Bearer abcdef-secret-1", "abcdef-secret-1")]
    [InlineData("The token dapi0123456789abcdef0123456789abcdef-2 is revoked", "dapi0123456789abcdef")]
    [InlineData("Bad JWT eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJlLXNlY3JldA", "eyJzdWIiOiJzZWNyZXQifQ")]
    [InlineData("Form grant_type=refresh_token&refresh_token=refresh-secret-3&client_id=x", "refresh-secret-3")]
    [InlineData("Body {\"access_token\": \"access-secret-4\"}", "access-secret-4")]
    [InlineData("Body {\"client_secret\":\"client-secret-5\"}", "client-secret-5")]
    [InlineData("Headers:\nX-Databricks-Azure-SP-Management-Token: mgmt-secret-6", "mgmt-secret-6")]
    [InlineData("Headers:\nProxy-Authorization: Basic cHJveHk6c2VjcmV0LTc=", "cHJveHk6c2VjcmV0LTc")]
    public void What_an_error_message_holds_that_looks_like_a_credential_is_masked(string said, string secret)
    {
        using var server = new RecordingServer(head => head.StartsWith("GET /api/2.0/preview/scim/v2/Me ")
            ? RecordingServer.Json(200, """{"userName":"echo@example.com"}""")
            : RecordingServer.Json(400, new JsonObject { ["error_code"] = "INVALID_PARAMETER_VALUE", ["message"] = said }.ToJsonString()));
        using var shell = ConnectTo(server.Url);
        var error = shell.Run("Get-DbxJob -JobId 1").FirstError();

        Assert.StartsWith("INVALID_PARAMETER_VALUE,", error.FullyQualifiedErrorId);
        Assert.Contains("***", error.ErrorDetails.Message);
        Assert.DoesNotContain(secret, error.ErrorDetails.Message + error.Exception);
    }

    [Fact]
    public void An_error_message_without_credentials_is_quoted_as_it_is()
    {
        const string said = "Invalid settings:\ntask_key: extract is used twice; job_cluster_key: main is not defined; the access token is valid";
        using var server = new RecordingServer(head => head.StartsWith("GET /api/2.0/preview/scim/v2/Me ")
            ? RecordingServer.Json(200, """{"userName":"echo@example.com"}""")
            : RecordingServer.Json(400, new JsonObject { ["error_code"] = "INVALID_PARAMETER_VALUE", ["message"] = said }.ToJsonString()));
        using var shell = ConnectTo(server.Url);

        Assert.StartsWith(said + " (INVALID_PARAMETER_VALUE, HTTP 400", shell.Run("Get-DbxJob -JobId 1").FirstError().ErrorDetails.Message);
    }

    [Fact]
    public void What_a_token_endpoint_says_is_quoted_with_the_requests_secrets_masked()
    {
        const string clientId = "echo-client";
        const string secret = "echo-oauth-secret-0123";
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}"));
        // A token endpoint whose reason echoes the request: its Authorization line, and the secret as a form would hold it.
        using var server = new RecordingServer(head => RecordingServer.Json(401, new JsonObject
        {
            ["error"] = "invalid_client",
            ["error_description"] = $"Rejected {head.Split("\r\n").First(l => l.StartsWith("Authorization"))} with {secret} (form: client_secret={secret})",
        }.ToJsonString()));
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("clientSecret", ModuleFixture.SecureToken(secret));
        var result = shell.Run($"Connect-DbxWorkspace -Host $dbxUrl -ClientId {clientId} -ClientSecret $clientSecret -RetryTimeout 1");

        var error = result.FirstError();
        Assert.Contains(server.Requests, head => head.Contains(basic));
        Assert.Contains("refused to give a token: Rejected Authorization: *** with *** (form: client_secret=***)", error.ErrorDetails.Message);
        Assert.DoesNotContain(secret, Everything(result));
        Assert.DoesNotContain(basic, Everything(result));
    }

    [Fact]
    public void A_page_that_is_not_the_Jobs_API_says_the_URL_may_be_wrong_naming_the_host_not_the_token()
    {
        using var server = new RecordingServer(head => RecordingServer.Answer(200, "text/html; charset=utf-8",
            $"<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><pre>{head}</pre></body></html>"));
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken");

        var error = result.FirstError();
        Assert.StartsWith("NotTheJobsApi,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.StartsWith("127.0.0.1 answered GET /api/2.0/preview/scim/v2/Me with text/html that is not JSON (\"Sign in to your account\"), not the Jobs API's JSON: " +
            $"is {server.Url} the workspace's URL? Check -Host", error.ErrorDetails.Message);
        Assert.DoesNotContain(ModuleFixture.Token, Everything(result));
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public void A_gateway_error_to_a_create_is_OutcomeUnknown_like_a_lost_answer(int status)
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("gateway"));
        module.ArmFault($$"""{"method":"POST","path":"/api/2.2/jobs/create","status":{{status}},"count":1}""");
        var error = shell.Run($"New-DbxJob -Name $name -Task {Quick}").FirstError();

        Assert.StartsWith("OutcomeUnknown,", error.FullyQualifiedErrorId);
        Assert.Contains("may or may not have acted on the request", error.ErrorDetails.Message);
        Assert.Contains($"HTTP {status} from POST /api/2.2/jobs/create", error.ErrorDetails.Message);
        Assert.Contains($"look for it: Get-DbxJob -Name '{shell.Get("name")}'", error.ErrorDetails.Message);
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("etl[1]")]
    [InlineData("nightly*")]
    [InlineData("what?")]
    [InlineData("back`tick")]
    [InlineData("smart\u2019quote")]
    public void The_advice_after_a_lost_create_finds_that_job_and_no_other_whatever_its_name(string stem)
    {
        using var shell = module.NewShell();
        var name = $"{stem}-{Guid.NewGuid():N}";
        shell.Set("name", name);
        // A job the name, taken as a wildcard pattern, would match as well.
        var decoy = name.Replace("*", "decoy").Replace("?", "Z").Replace("[1]", "1");
        shell.Set("decoy", decoy);
        if (decoy != name) shell.Run($"New-DbxJob -Name $decoy -Task {Quick} | Out-Null").AssertNoErrors();
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/create","drop_connection":true,"count":1}""");
        var error = shell.Run($"New-DbxJob -Name $name -Task {Quick}").FirstError();

        Assert.StartsWith("OutcomeUnknown,", error.FullyQualifiedErrorId);
        var advice = Regex.Match(error.ErrorDetails.Message, @"look for it: (Get-DbxJob -Name '.*')").Groups[1].Value;
        var found = shell.Run(advice).AssertNoErrors();
        Assert.Equal(name, Assert.Single(found.Objects(JobType)).S("Name"));
    }

    [Fact]
    public void A_repair_whose_answer_and_history_are_both_lost_is_OutcomeUnknown_and_says_how_to_look()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("repair"));
        shell.Run($"$job = New-DbxJob -Name $name -Task {Failing}; $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure").AssertNoErrors();
        // Repaired once, so that the next repair names the latest repair and needs no read before it.
        var latest = Id(shell, "($run | Repair-DbxRun -AllFailed -Wait -IgnoreFailure).LatestRepairId");
        var runId = Id(shell, "$run.RunId");
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 1 | Out-Null").AssertNoErrors();
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/runs/repair","drop_connection":true,"count":1}""");
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/runs/get","status":500,"count":1000}""");
        ShellResult result;
        try
        {
            result = shell.Run($"Repair-DbxRun -RunId $run.RunId -AllFailed -LatestRepairId {latest}");
        }
        finally
        {
            module.ClearFaults();
        }

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("OutcomeUnknown,", error.FullyQualifiedErrorId);
        Assert.Contains("Reading the run's repair history to tell failed too", error.ErrorDetails.Message);
        Assert.Contains($"so the repair may have been made. Before repairing again, look for it: Get-DbxRun -RunId {runId} -IncludeHistory", error.ErrorDetails.Message);
        // It was made: repairing again would have made a second.
        Assert.Equal(3, Id(shell, "(Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory.Count"));
    }

    [Fact]
    public void A_gateway_error_to_a_repair_that_the_history_shows_was_not_made_is_not_OutcomeUnknown()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("repair"));
        shell.Run($"$job = New-DbxJob -Name $name -Task {Failing}; $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure").AssertNoErrors();
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/runs/repair","status":504,"count":1}""");
        var error = shell.Run("$run | Repair-DbxRun -AllFailed").FirstError();

        Assert.DoesNotContain("OutcomeUnknown", error.FullyQualifiedErrorId);
        Assert.Contains("shows no new repair, so it was not made", error.ErrorDetails.Message);
        Assert.Equal(1, Id(shell, "(Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory.Count"));
    }

    [Theory]
    [InlineData("\"status\":503")]
    [InlineData("\"delay_ms\":15000")]
    public void CancelOnTimeout_ends_within_the_deadline_and_a_short_grace_when_the_cancel_does_not_get_through(string fault)
    {
        // The session retries for the default 300 s: the cancel must not.
        using var shell = module.NewShell();
        shell.Set("name", Unique("deadline"));
        shell.Run($"$job = New-DbxJob -Name $name -Task {Sleeper}").AssertNoErrors();
        var (result, took, cancels) = RunUnderFault(shell, $$"""{"method":"POST","path":"/api/2.2/jobs/runs/cancel",{{fault}},"count":1000}""",
            "$run = $job | Invoke-DbxJobRun -Timeout 2 -CancelOnTimeout; $run", "POST /api/2.2/jobs/runs/cancel");
        shell.Run("Stop-DbxRun -RunId $run.RunId").AssertNoErrors();

        // 2 s, then at most 5 s for the cancel; retrying it would take minutes.
        Assert.True(took < TimeSpan.FromSeconds(40), $"Invoke-DbxJobRun -Timeout 2 -CancelOnTimeout took {took}");
        var run = Assert.Single(result.Objects(RunType));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("WaitTimeout,", error.FullyQualifiedErrorId);
        Assert.Contains("; canceling it failed (", error.ErrorDetails.Message);
        Assert.EndsWith($"so it may still be running: Stop-DbxRun -RunId {run.L("RunId")} cancels it.", error.ErrorDetails.Message);
        if (fault.Contains("503")) Assert.InRange(cancels, 1, 10);
    }

    [Fact]
    public void The_output_of_a_failed_task_is_read_within_the_deadline()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("deadline"));
        shell.Run($"$job = New-DbxJob -Name $name -Task {Failing}").AssertNoErrors();
        var (result, took, outputReads) = RunUnderFault(shell, """{"method":"GET","path":"/api/2.2/jobs/runs/get-output","status":503,"count":1000}""",
            "$job | Invoke-DbxJobRun -Timeout 4 -Verbose", "GET /api/2.2/jobs/runs/get-output");

        Assert.True(took < TimeSpan.FromSeconds(40), $"Invoke-DbxJobRun -Timeout 4 took {took}");
        Assert.Equal("FAILED", Assert.Single(result.Objects(RunType)).S("ResultState"));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RunNotSuccessful,", error.FullyQualifiedErrorId);
        Assert.Contains("Failed tasks: a (FAILED): ", error.ErrorDetails.Message);
        Assert.Contains(result.Verbose, v => v.StartsWith("Could not read the output of task run ") && v.EndsWith("the time given (-Timeout) ran out."));
        Assert.True(outputReads >= 1);
    }

    [Fact]
    public void A_start_that_gets_no_answer_by_the_deadline_ends_there_and_says_how_to_get_its_run()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("deadline"));
        shell.Run($"$job = New-DbxJob -Name $name -Task {Quick}").AssertNoErrors();
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/run-now","status":503,"count":1000}""");
        ShellResult refused, unanswered;
        var clock = Stopwatch.StartNew();
        try
        {
            refused = shell.Run("$job | Invoke-DbxJobRun -Timeout 2 -Wait");
            module.ClearFaults();
            module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/run-now","delay_ms":15000,"count":1}""");
            unanswered = shell.Run("$job | Invoke-DbxJobRun -Timeout 2 -Wait");
        }
        finally
        {
            module.ClearFaults();
        }
        var took = clock.Elapsed;

        Assert.True(took < TimeSpan.FromSeconds(60), $"two starts with -Timeout 2 took {took}");
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("Timeout,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("POST /api/2.2/jobs/run-now got no usable answer (the last: HTTP 503): the time given (-Timeout) ran out.", error.ErrorDetails.Message);
        Assert.Empty(refused.Objects(RunType));

        // The start in flight at the deadline may have started a run: the advice gets it, or starts one.
        var lost = Assert.Single(unanswered.Errors);
        Assert.StartsWith("Timeout,", lost.FullyQualifiedErrorId);
        var advice = Regex.Match(lost.ErrorDetails.Message, @"A run may have started: (Invoke-DbxJobRun -JobId \d+ -IdempotencyToken '\w+') returns that run").Groups[1].Value;
        Assert.NotEmpty(advice);
        shell.Run(advice).Single(RunType);
        Assert.Equal(1, RunCount(shell, "$job"));
    }
}
