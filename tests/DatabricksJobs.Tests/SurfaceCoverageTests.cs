using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

/// <summary>
/// Every query and body parameter of every endpoint in the reference surface (read off the official Python SDK) can be
/// sent by some cmdlet: by a named parameter, by the whole request body a cmdlet takes as -Settings, or by the module
/// itself (paging). A parameter the surface gains, or a cmdlet parameter that goes away, fails this test.
/// </summary>
public class SurfaceCoverageTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string Paging = "(paged by the module)";
    private const string Always = "(always sent by the module)";

    /// <summary>How each parameter is sent: "Cmdlet -Parameter", or what the module does itself.</summary>
    private static readonly Dictionary<string, string> Named = new()
    {
        ["cancel_all_runs all_queued_runs"] = "Stop-DbxRun -AllQueued",
        ["cancel_all_runs job_id"] = "Stop-DbxRun -JobId",
        ["cancel_run run_id"] = "Stop-DbxRun -RunId",
        ["delete job_id"] = "Remove-DbxJob -JobId",
        ["delete_run run_id"] = "Remove-DbxRun -RunId",
        ["export_run run_id"] = "Export-DbxRun -RunId",
        ["export_run views_to_export"] = "Export-DbxRun -Views",
        ["get include_trigger_state"] = "Get-DbxJob -IncludeTriggerState",
        ["get job_id"] = "Get-DbxJob -JobId",
        ["get page_token"] = Paging,
        ["get_run include_history"] = "Get-DbxRun -IncludeHistory",
        ["get_run include_resolved_values"] = "Get-DbxRun -IncludeResolvedValues",
        ["get_run page_token"] = Paging,
        ["get_run run_id"] = "Get-DbxRun -RunId",
        ["get_run_output run_id"] = "Get-DbxRunOutput -RunId",
        ["list expand_tasks"] = Always,
        ["list limit"] = Paging,
        ["list name"] = "Get-DbxJob -Name",
        ["list offset"] = Paging,
        ["list page_token"] = Paging,
        ["list_runs active_only"] = "Get-DbxRun -Active",
        ["list_runs completed_only"] = "Get-DbxRun -Completed",
        ["list_runs expand_tasks"] = "Get-DbxRun -ExpandTasks",
        ["list_runs job_id"] = "Get-DbxRun -JobId",
        ["list_runs limit"] = Paging,
        ["list_runs offset"] = Paging,
        ["list_runs page_token"] = Paging,
        ["list_runs run_type"] = "Get-DbxRun -RunType",
        ["list_runs start_time_from"] = "Get-DbxRun -From",
        ["list_runs start_time_to"] = "Get-DbxRun -To",
        ["reset job_id"] = "Set-DbxJob -JobId",
        ["reset new_settings"] = "Set-DbxJob -Settings",
        ["set_permissions access_control_list"] = "Set-DbxJobPermission -AccessControl",
        ["update fields_to_remove"] = "Update-DbxJob -RemoveField",
        ["update job_id"] = "Update-DbxJob -JobId",
        ["update new_settings"] = "Update-DbxJob -Settings",
        ["update_permissions access_control_list"] = "Add-DbxJobPermission -PermissionLevel",
        ["enforce_compliance job_id"] = "Repair-DbxJobCompliance -JobId",
        ["enforce_compliance validate_only"] = "Repair-DbxJobCompliance -ValidateOnly",
        ["get_compliance job_id"] = "Get-DbxJobCompliance -JobId",
        ["list_compliance page_size"] = Paging,
        ["list_compliance page_token"] = Paging,
        ["list_compliance policy_id"] = "Get-DbxJobCompliance -PolicyId",
        ["run_now job_id"] = "Invoke-DbxJobRun -JobId",
        ["run_now only"] = "Invoke-DbxJobRun -Only",
        ["run_now queue"] = "Invoke-DbxJobRun -Queue",
        ["run_now idempotency_token"] = "Invoke-DbxJobRun -IdempotencyToken",
        ["run_now performance_target"] = "Invoke-DbxJobRun -PerformanceTarget",
        ["repair_run run_id"] = "Repair-DbxRun -RunId",
        ["repair_run rerun_tasks"] = "Repair-DbxRun -Task",
        ["repair_run rerun_all_failed_tasks"] = "Repair-DbxRun -AllFailed",
        ["repair_run rerun_dependent_tasks"] = "Repair-DbxRun -IncludeDependents",
        ["repair_run latest_repair_id"] = "Repair-DbxRun -LatestRepairId",
        ["repair_run performance_target"] = "Repair-DbxRun -PerformanceTarget",
    };

    /// <summary>The endpoints whose whole body a cmdlet takes as -Settings (hashtable, object or JSON text).</summary>
    private static readonly Dictionary<string, string> WholeBody = new()
    {
        ["create"] = "New-DbxJob -Settings",
        ["submit"] = "Submit-DbxRun -Settings",
        ["run_now"] = "Invoke-DbxJobRun -Settings",
        ["repair_run"] = "Repair-DbxRun -Settings",
    };

    [Fact]
    public void Every_parameter_of_every_endpoint_can_be_sent_by_a_cmdlet()
    {
        // A copy of the project's reference (read off the Python SDK), kept in the repository so the test runs anywhere.
        var surface = JsonNode.Parse(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "tests", "reference", "jobs-api-surface.json")))!;
        var missing = new List<string>();
        var ways = new HashSet<string>();
        foreach (var service in surface["services"]!.AsObject())
        foreach (var endpoint in service.Value!["endpoints"]!.AsArray())
        {
            var method = endpoint!["sdk_method"]!.GetValue<string>();
            foreach (var (kind, list) in new[] { ("query", endpoint["query_params"]!), ("body", endpoint["body_params"]!) })
            foreach (var parameter in list.AsArray().Select(p => p!.GetValue<string>()))
            {
                if (Named.TryGetValue($"{method} {parameter}", out var way)) ways.Add(way);
                else if (kind == "body" && WholeBody.TryGetValue(method, out var body)) ways.Add(body);
                else missing.Add($"{service.Key}.{method} {kind} {parameter}");
            }
        }
        Assert.True(missing.Count == 0, "No cmdlet sends: " + string.Join(", ", missing));

        using var shell = module.NewShell();
        foreach (var way in ways.Where(w => !w.StartsWith('(')))
        {
            var (command, parameter) = (way.Split(' ')[0], way.Split(' ')[1].TrimStart('-'));
            shell.Set("command", command);
            shell.Set("parameter", parameter);
            var found = shell.Run("(Get-Command $command).Parameters.ContainsKey($parameter)").AssertNoErrors();
            Assert.True(found.Output.Single().BaseObject is true, $"{way} does not exist");
        }
    }
}
