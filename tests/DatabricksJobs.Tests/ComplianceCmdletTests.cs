using System.Management.Automation;

namespace DatabricksJobs.Tests;

public class ComplianceCmdletTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string ComplianceType = "DatabricksJobs.Models.JobCompliance";
    private const string EnforceType = "DatabricksJobs.Models.EnforcePolicyComplianceResponse";

    /// <summary>A shell with a policy ($policy), a job that meets it ($good) and one that does not ($bad).</summary>
    private Shell NewShellWithJobs()
    {
        var policyId = $"policy-{Guid.NewGuid():N}";
        module.AddPolicy($$"""
            {"policy_id":"{{policyId}}","definition":{
              "spark_version":{"type":"fixed","value":"15.4.x-scala2.12"},
              "node_type_id":{"type":"allowlist","values":["i3.xlarge"],"defaultValue":"i3.xlarge"},
              "instance_pool_id":{"type":"forbidden"} } }
            """);
        var shell = module.NewShell();
        shell.Set("policy", policyId);
        shell.Run("""
            function New-PolicyJob($cluster) {
                $cluster.policy_id = $policy
                New-DbxJob -Settings @{
                    name = "compliance-$policy"
                    job_clusters = @(@{ job_cluster_key = 'main'; new_cluster = $cluster })
                    tasks = @(@{ task_key = 'a'; job_cluster_key = 'main'; notebook_task = @{ notebook_path = '/a' } })
                }
            }
            $good = New-PolicyJob @{ spark_version = '15.4.x-scala2.12'; node_type_id = 'i3.xlarge'; num_workers = 1 }
            $bad = New-PolicyJob @{ spark_version = '14.3.x-scala2.12'; node_type_id = 'm5.large'; instance_pool_id = 'pool-1'; num_workers = 1 }
            """).AssertNoErrors();
        return shell;
    }

    [Fact]
    public void Get_by_job_tells_a_compliant_job_from_one_with_violations()
    {
        using var shell = NewShellWithJobs();
        var results = shell.Run("$good, $bad | Get-DbxJobCompliance").AssertNoErrors().Objects(ComplianceType);

        Assert.Equal(2, results.Count);
        Assert.Equal(shell.Run("$good.JobId").Output[0].BaseObject, results[0].P("JobId"));
        Assert.Equal(true, results[0].P("IsCompliant"));
        Assert.Equal(false, results[1].P("IsCompliant"));
        var violations = Assert.IsType<Dictionary<string, string>>(results[1].P("Violations"));
        Assert.Equal(
            ["job_clusters[main].new_cluster.instance_pool_id", "job_clusters[main].new_cluster.node_type_id", "job_clusters[main].new_cluster.spark_version"],
            violations.Keys.Order());
    }

    [Fact]
    public void Get_by_policy_lists_every_job_using_it()
    {
        using var shell = NewShellWithJobs();
        var results = shell.Run("Get-DbxJobCompliance -PolicyId $policy").AssertNoErrors().Objects(ComplianceType);

        Assert.Equal([shell.Run("$good.JobId").Output[0].BaseObject, shell.Run("$bad.JobId").Output[0].BaseObject], results.Select(r => r.P("JobId")));
        Assert.Equal([true, false], results.Select(r => r.P("IsCompliant")));
    }

    [Fact]
    public void Repair_with_WhatIf_or_ValidateOnly_changes_nothing()
    {
        using var shell = NewShellWithJobs();
        Assert.Empty(shell.Run("$bad | Repair-DbxJobCompliance -WhatIf").AssertNoErrors().Output);

        var preview = shell.Run("$bad | Repair-DbxJobCompliance -ValidateOnly").AssertNoErrors().Single(EnforceType);
        Assert.Equal(true, preview.P("HasChanges"));
        Assert.Equal(shell.Run("$bad.JobId").Output[0].BaseObject, preview.P("JobId"));
        var changes = shell.Run("(Repair-DbxJobCompliance -JobId $bad.JobId -ValidateOnly).JobClusterChanges").AssertNoErrors().Output;
        Assert.Equal(
            [("job_clusters[main].new_cluster.instance_pool_id", "pool-1", null),
             ("job_clusters[main].new_cluster.node_type_id", "m5.large", "i3.xlarge"),
             ("job_clusters[main].new_cluster.spark_version", "14.3.x-scala2.12", "15.4.x-scala2.12")],
            changes.Select(c => (c.S("Field"), c.S("PreviousValue"), c.S("NewValue"))).OrderBy(c => c.Item1));

        Assert.Equal("14.3.x-scala2.12", shell.Run("(Get-DbxJob -JobId $bad.JobId).Settings.JobClusters[0].NewCluster.SparkVersion").AssertNoErrors().Output[0].BaseObject);
        Assert.Equal(false, shell.Run("$bad | Get-DbxJobCompliance").AssertNoErrors().Single(ComplianceType).P("IsCompliant"));
    }

    [Fact]
    public void Repair_changes_the_job_clusters_so_the_job_complies()
    {
        using var shell = NewShellWithJobs();
        var enforced = shell.Run("$bad | Repair-DbxJobCompliance -Confirm:$false").AssertNoErrors().Single(EnforceType);
        Assert.Equal(true, enforced.P("HasChanges"));

        var cluster = shell.Run("(Get-DbxJob -JobId $bad.JobId).Settings.JobClusters[0].NewCluster").AssertNoErrors().Output[0];
        Assert.Equal("15.4.x-scala2.12", cluster.S("SparkVersion"));
        Assert.Equal("i3.xlarge", cluster.S("NodeTypeId"));
        Assert.Null(cluster.P("InstancePoolId"));
        Assert.Equal(true, shell.Run("$bad | Get-DbxJobCompliance").AssertNoErrors().Single(ComplianceType).P("IsCompliant"));
        Assert.Equal(false, shell.Run("$bad | Repair-DbxJobCompliance -Confirm:$false").AssertNoErrors().Single(EnforceType).P("HasChanges"));
    }

    [Fact]
    public void An_unknown_job_or_policy_is_an_ObjectNotFound_error_and_the_other_jobs_go_on()
    {
        using var shell = NewShellWithJobs();
        var result = shell.Run("Get-DbxJobCompliance -JobId 424242424242, $good.JobId");
        var error = result.FirstError();
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(424242424242L, error.TargetObject);
        Assert.Single(result.Objects(ComplianceType));

        var repair = shell.Run("Repair-DbxJobCompliance -JobId 424242424242 -Confirm:$false").FirstError();
        Assert.Equal(ErrorCategory.ObjectNotFound, repair.CategoryInfo.Category);
        var policy = shell.Run("Get-DbxJobCompliance -PolicyId no-such-policy").FirstError();
        Assert.Equal(ErrorCategory.ObjectNotFound, policy.CategoryInfo.Category);
        Assert.Equal("no-such-policy", policy.TargetObject);
    }
}
