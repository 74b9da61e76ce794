using System.Net;
using System.Text.Json.Nodes;
using Xunit;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class PolicyComplianceTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;

    private async Task<string> DefinePolicyAsync()
    {
        var policyId = $"policy-{Guid.NewGuid():N}";
        (await _api.PostAsync("/emulator/policies", new JsonObject
        {
            ["policy_id"] = policyId,
            ["definition"] = JsonNode.Parse("""
                {
                  "spark_version": { "type": "fixed", "value": "15.4.x-scala2.12" },
                  "node_type_id": { "type": "allowlist", "values": ["i3.xlarge", "i3.2xlarge"], "defaultValue": "i3.xlarge" },
                  "instance_pool_id": { "type": "forbidden" },
                  "num_workers": { "type": "range", "maxValue": 4 },
                  "spark_conf.spark.databricks.io.cache.enabled": { "type": "fixed", "value": "true" }
                }
                """),
        })).Ok();
        return policyId;
    }

    private static JsonObject JobWithCluster(string name, string policyId, JsonObject cluster)
    {
        cluster["policy_id"] = policyId;
        var settings = Job(name, Notebook("a"));
        settings["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "main", ["new_cluster"] = cluster });
        return settings;
    }

    private static JsonObject Compliant() => new()
    {
        ["spark_version"] = "15.4.x-scala2.12",
        ["node_type_id"] = "i3.xlarge",
        ["num_workers"] = 2,
        ["spark_conf"] = new JsonObject { ["spark.databricks.io.cache.enabled"] = "true" },
    };

    private static JsonObject NonCompliant() => new()
    {
        ["spark_version"] = "14.3.x-scala2.12",
        ["node_type_id"] = "m5.large",
        ["instance_pool_id"] = "pool-1",
        ["num_workers"] = 2,
    };

    [Fact]
    public async Task A_job_that_meets_its_policy_is_compliant_and_one_that_does_not_has_its_violations_by_field()
    {
        var policyId = await DefinePolicyAsync();
        var good = await _api.CreateJobAsync(JobWithCluster("good", policyId, Compliant()));
        var bad = await _api.CreateJobAsync(JobWithCluster("bad", policyId, NonCompliant()));

        var ok = (await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={good}")).Ok();
        Assert.True(ok["is_compliant"]!.GetValue<bool>());
        Assert.Empty(ok["violations"]!.AsObject());

        var notOk = (await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={bad}")).Ok();
        Assert.False(notOk["is_compliant"]!.GetValue<bool>());
        Assert.Equal(
            ["job_clusters[main].new_cluster.instance_pool_id", "job_clusters[main].new_cluster.node_type_id",
             "job_clusters[main].new_cluster.spark_conf.spark.databricks.io.cache.enabled", "job_clusters[main].new_cluster.spark_version"],
            notOk["violations"]!.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public async Task A_task_cluster_is_checked_under_its_task_key()
    {
        var policyId = await DefinePolicyAsync();
        var task = Notebook("etl");
        var cluster = Compliant();
        cluster["policy_id"] = policyId;
        cluster["num_workers"] = 8;
        task["new_cluster"] = cluster;
        var jobId = await _api.CreateJobAsync(Job("task-cluster", task));

        var violations = (await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={jobId}")).Ok()["violations"]!.AsObject();
        Assert.Equal(["tasks[etl].new_cluster.num_workers"], violations.Select(p => p.Key));
    }

    [Fact]
    public async Task List_compliance_gives_the_jobs_using_a_policy_a_page_at_a_time()
    {
        var policyId = await DefinePolicyAsync();
        var good = await _api.CreateJobAsync(JobWithCluster("good", policyId, Compliant()));
        var bad = await _api.CreateJobAsync(JobWithCluster("bad", policyId, NonCompliant()));
        await _api.CreateJobAsync(Job("no-policy", Notebook("a")));

        var first = (await _api.GetAsync($"/api/2.0/policies/jobs/list-compliance?policy_id={policyId}&page_size=1")).Ok();
        var token = first["next_page_token"].Str();
        var second = (await _api.GetAsync($"/api/2.0/policies/jobs/list-compliance?policy_id={policyId}&page_size=1&page_token={token}")).Ok();
        Assert.Null(second["next_page_token"]);
        var jobs = first["jobs"]!.AsArray().Concat(second["jobs"]!.AsArray()).ToList();
        Assert.Equal([good, bad], jobs.Select(j => j!["job_id"].Long()));
        Assert.Equal([true, false], jobs.Select(j => j!["is_compliant"]!.GetValue<bool>()));

        (await _api.GetAsync("/api/2.0/policies/jobs/list-compliance")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.GetAsync("/api/2.0/policies/jobs/list-compliance?policy_id=no-such-policy")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Enforcing_validate_only_previews_the_changes_and_enforcing_makes_them()
    {
        var policyId = await DefinePolicyAsync();
        var jobId = await _api.CreateJobAsync(JobWithCluster("bad", policyId, NonCompliant()));
        var enforce = new JsonObject { ["job_id"] = jobId, ["validate_only"] = true };

        var preview = (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", enforce)).Ok();
        Assert.True(preview["has_changes"]!.GetValue<bool>());
        var change = preview["job_cluster_changes"]!.AsArray().Single(c => c!["field"].Str() == "job_clusters[main].new_cluster.spark_version");
        Assert.Equal(("14.3.x-scala2.12", "15.4.x-scala2.12"), (change!["previous_value"].Str(), change["new_value"].Str()));
        Assert.Equal("15.4.x-scala2.12", preview["settings"]!["job_clusters"]![0]!["new_cluster"]!["spark_version"].Str());
        var stored = (await _api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["job_clusters"]![0]!["new_cluster"]!;
        Assert.Equal("14.3.x-scala2.12", stored["spark_version"].Str());

        enforce["validate_only"] = false;
        var enforced = (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", enforce)).Ok();
        Assert.Equal(4, enforced["job_cluster_changes"]!.AsArray().Count);
        var cluster = (await _api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["job_clusters"]![0]!["new_cluster"]!;
        Assert.Equal(("15.4.x-scala2.12", "i3.xlarge"), (cluster["spark_version"].Str(), cluster["node_type_id"].Str()));
        Assert.Null(cluster["instance_pool_id"]);
        Assert.Equal("true", cluster["spark_conf"]!["spark.databricks.io.cache.enabled"].Str());
        Assert.True((await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={jobId}")).Ok()["is_compliant"]!.GetValue<bool>());

        var again = (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", enforce)).Ok();
        Assert.False(again["has_changes"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_cluster_whose_policy_is_not_defined_is_not_checked_and_an_unknown_job_is_not_found()
    {
        var jobId = await _api.CreateJobAsync(JobWithCluster("undefined", $"policy-{Guid.NewGuid():N}", NonCompliant()));
        Assert.True((await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={jobId}")).Ok()["is_compliant"]!.GetValue<bool>());
        (await _api.GetAsync("/api/2.0/policies/jobs/get-compliance?job_id=424242424242")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", new JsonObject { ["job_id"] = 424242424242 }))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Theory]
    [InlineData("""{"spark_version": "fixed"}""", "spark_version", "must be an object")]
    [InlineData("""{"spark_version": null}""", "spark_version", "must be an object")]
    [InlineData("""{"spark_version": {"type": "regex", "pattern": "15.*"}}""", "spark_version", "type must be one of fixed, allowlist, forbidden, range")]
    [InlineData("""{"spark_version": {"value": "15.4.x-scala2.12"}}""", "spark_version", "(it is missing)")]
    [InlineData("""{"spark_version": {"type": 1, "value": "15.4.x-scala2.12"}}""", "spark_version", "type must be one of")]
    [InlineData("""{"spark_version": {"type": "fixed"}}""", "spark_version", "value must be a string, number or boolean (it is missing)")]
    [InlineData("""{"spark_version": {"type": "fixed", "value": {"a": 1}}}""", "spark_version", "value must be a string, number or boolean")]
    [InlineData("""{"spark_version": {"type": "fixed", "values": ["15.4.x-scala2.12"]}}""", "spark_version", "no field 'values'")]
    [InlineData("""{"node_type_id": {"type": "allowlist"}}""", "node_type_id", "values must be a non-empty array")]
    [InlineData("""{"node_type_id": {"type": "allowlist", "values": "i3.xlarge"}}""", "node_type_id", "values must be a non-empty array")]
    [InlineData("""{"node_type_id": {"type": "allowlist", "values": []}}""", "node_type_id", "values must be a non-empty array")]
    [InlineData("""{"node_type_id": {"type": "allowlist", "values": [["i3.xlarge"]]}}""", "node_type_id", "values must be a non-empty array")]
    [InlineData("""{"node_type_id": {"type": "allowlist", "values": ["i3.xlarge"], "defaultValue": "m5.large"}}""", "node_type_id", "defaultValue must be one of the values")]
    [InlineData("""{"node_type_id": {"type": "allowlist", "values": ["i3.xlarge"], "isOptional": "yes"}}""", "node_type_id", "isOptional must be true or false")]
    [InlineData("""{"num_workers": {"type": "range"}}""", "num_workers", "a range needs minValue, maxValue or both")]
    [InlineData("""{"num_workers": {"type": "range", "minValue": "two"}}""", "num_workers", "minValue must be a number (it is \"two\")")]
    [InlineData("""{"num_workers": {"type": "range", "maxValue": true}}""", "num_workers", "maxValue must be a number")]
    [InlineData("""{"num_workers": {"type": "range", "minValue": 5, "maxValue": 1}}""", "num_workers", "minValue must not be more than maxValue (they are 5 and 1)")]
    [InlineData("""{"num_workers": {"type": "range", "minValue": 1, "maxvalue": 4}}""", "num_workers", "no field 'maxvalue'")]
    [InlineData("""{"num_workers": {"type": "range", "maxValue": 4, "defaultValue": 8}}""", "num_workers", "defaultValue must be a number from minValue to maxValue (it is 8)")]
    [InlineData("""{"instance_pool_id": {"type": "forbidden", "hidden": 1}}""", "instance_pool_id", "hidden must be true or false")]
    [InlineData("""{"": {"type": "forbidden"}}""", "", "the attribute path has an empty part")]
    [InlineData("""{"spark_conf.": {"type": "forbidden"}}""", "spark_conf.", "the attribute path has an empty part")]
    public async Task A_malformed_rule_is_refused_naming_its_attribute_and_nothing_is_stored(string definition, string attribute, string problem)
    {
        var policyId = await DefinePolicyAsync();
        var jobId = await _api.CreateJobAsync(JobWithCluster("bad", policyId, NonCompliant()));
        var before = (await _api.GetAsync("/emulator/policies")).Ok().ToJsonString();

        // A new policy, and a new definition of one in use: the whole definition is refused, a good rule beside the bad one too.
        foreach (var id in new[] { $"policy-{Guid.NewGuid():N}", policyId })
        {
            var rules = JsonNode.Parse(definition)!.AsObject();
            rules["driver_node_type_id"] = new JsonObject { ["type"] = "fixed", ["value"] = "i3.xlarge" };
            var response = await _api.PostAsync("/emulator/policies", new JsonObject { ["policy_id"] = id, ["definition"] = rules });
            response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
            Assert.StartsWith($"Policy attribute '{attribute}': ", response.Json!["message"].Str());
            Assert.Contains(problem, response.Json!["message"].Str());
        }

        Assert.Equal(before, (await _api.GetAsync("/emulator/policies")).Ok().ToJsonString());
        Assert.False((await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={jobId}")).Ok()["is_compliant"]!.GetValue<bool>());
        (await _api.GetAsync($"/api/2.0/policies/jobs/list-compliance?policy_id={policyId}")).Ok();
        (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", new JsonObject { ["job_id"] = jobId, ["validate_only"] = true })).Ok();
    }

    [Fact]
    public async Task Every_rule_field_of_every_type_is_accepted_and_applied_without_an_error()
    {
        var policyId = $"policy-{Guid.NewGuid():N}";
        (await _api.PostAsync("/emulator/policies", new JsonObject
        {
            ["policy_id"] = policyId,
            ["definition"] = JsonNode.Parse("""
                {
                  "spark_version": { "type": "fixed", "value": "15.4.x-scala2.12", "hidden": true },
                  "enable_elastic_disk": { "type": "fixed", "value": false },
                  "node_type_id": { "type": "allowlist", "values": ["i3.xlarge", 7, true], "defaultValue": "i3.xlarge", "isOptional": true, "hidden": false },
                  "instance_pool_id": { "type": "forbidden", "hidden": true },
                  "num_workers": { "type": "range", "minValue": 1, "maxValue": 1, "defaultValue": 1, "isOptional": false },
                  "autotermination_minutes": { "type": "range", "minValue": 10.5 },
                  "custom_tags.team": { "type": "allowlist", "values": ["data"] }
                }
                """),
        })).Ok();
        // Attributes of every kind, where the rules expect others: strings for numbers, objects for maps.
        var jobId = await _api.CreateJobAsync(JobWithCluster("odd", policyId, new JsonObject
        {
            ["spark_version"] = 15,
            ["node_type_id"] = new JsonObject { ["a"] = 1 },
            ["num_workers"] = "many",
            ["autotermination_minutes"] = 1e300,
            ["custom_tags"] = new JsonObject { ["team"] = new JsonArray(1) },
            ["instance_pool_id"] = "pool-1",
        }));

        var violations = (await _api.GetAsync($"/api/2.0/policies/jobs/get-compliance?job_id={jobId}")).Ok()["violations"]!.AsObject();
        Assert.Equal(
            ["custom_tags.team", "enable_elastic_disk", "instance_pool_id", "node_type_id", "num_workers", "spark_version"],
            violations.Select(v => v.Key["job_clusters[main].new_cluster.".Length..]).Order());
        Assert.Single((await _api.GetAsync($"/api/2.0/policies/jobs/list-compliance?policy_id={policyId}")).Ok()["jobs"]!.AsArray());
        (await _api.PostAsync("/api/2.0/policies/jobs/enforce-compliance", new JsonObject { ["job_id"] = jobId })).Ok();
        var cluster = (await _api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["job_clusters"]![0]!["new_cluster"]!;
        Assert.Equal(("15.4.x-scala2.12", "i3.xlarge", 1L), (cluster["spark_version"].Str(), cluster["node_type_id"].Str(), cluster["num_workers"].Long()));
        Assert.False(cluster["enable_elastic_disk"]!.GetValue<bool>());
    }
}
