using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DatabricksJobs.ConflictModule
{
    /// <summary>What the probe found: the versions of the libraries it ran with, and JSON it wrote with them.</summary>
    public sealed class ConflictProbeResult
    {
        public Version? ExtensionsHttp { get; set; }
        public Version? DependencyInjection { get; set; }
        public Version? TextJson { get; set; }
        public string? Json { get; set; }

        public override string ToString() => $"Microsoft.Extensions.Http {ExtensionsHttp}, System.Text.Json {TextJson}, {Json}";
    }

    /// <summary>The module's work, callable without PowerShell too (tests/DatabricksJobs.LoadCheck calls it).</summary>
    public static class ConflictProbe
    {
        public static ConflictProbeResult Run()
        {
            var services = new ServiceCollection();
            services.AddHttpClient("probe", client => client.BaseAddress = new Uri("http://127.0.0.1/probe/"));
            using var provider = services.BuildServiceProvider();
            var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("probe");
            return new ConflictProbeResult
            {
                ExtensionsHttp = typeof(IHttpClientFactory).Assembly.GetName().Version,
                DependencyInjection = typeof(ServiceCollection).Assembly.GetName().Version,
                TextJson = typeof(JsonSerializer).Assembly.GetName().Version,
                Json = JsonSerializer.Serialize(new Dictionary<string, string> { ["base_address"] = http.BaseAddress!.ToString() }),
            };
        }
    }
}
