using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DatabricksJobs.ConflictModule
{
    /// <summary>What Test-ConflictProbe found: the versions of the libraries it ran with, and JSON it wrote with them.</summary>
    public sealed class ConflictProbeResult
    {
        public Version? ExtensionsHttp { get; set; }
        public Version? DependencyInjection { get; set; }
        public Version? TextJson { get; set; }
        public string? Json { get; set; }
    }

    /// <summary>Uses Microsoft.Extensions.Http 8 (through dependency injection) and System.Text.Json 8, as such modules do.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ConflictProbe")]
    [OutputType(typeof(ConflictProbeResult))]
    public sealed class TestConflictProbeCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var services = new ServiceCollection();
            services.AddHttpClient("probe", client => client.BaseAddress = new Uri("http://127.0.0.1/probe/"));
            using var provider = services.BuildServiceProvider();
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("probe");
            WriteObject(new ConflictProbeResult
            {
                ExtensionsHttp = typeof(IHttpClientFactory).Assembly.GetName().Version,
                DependencyInjection = typeof(ServiceCollection).Assembly.GetName().Version,
                TextJson = typeof(JsonSerializer).Assembly.GetName().Version,
                Json = JsonSerializer.Serialize(new Dictionary<string, string> { ["base_address"] = http.BaseAddress!.ToString() }),
            });
        }
    }
}
