using System.Reflection;

namespace DatabricksJobs.Tests;

/// <summary>
/// Windows PowerShell 5.1 runs on .NET Framework 4.7.2 or later. Every assembly the module ships must find there,
/// or among the module's own files, each type, method and field it uses: checked against .NET Framework 4.7.2's
/// reference assemblies and PowerShell 5.1's API (PowerShell Standard), from metadata. (LoadCheckTests runs the module
/// under Mono as well.)
/// </summary>
public class NetFrameworkReferenceTests
{
    private static readonly string Packages = typeof(NetFrameworkReferenceTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "NuGetPackageRoot").Value!;

    private static readonly string[] Shipped = Directory.GetFiles(ModuleLayout.ModuleFolder(), "*.dll", SearchOption.AllDirectories);

    [Fact]
    public void Every_type_and_member_the_shipped_assemblies_use_exists_on_dotnet_framework_4_7_2()
    {
        // The module answers requests for what it ships by name, whatever version is asked (Loading/DependencyResolver.cs).
        var byName = Shipped.Select(p => Path.GetFileNameWithoutExtension(p)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var context = WindowsPowerShell();

        var missing = Shipped.SelectMany(path => FrameworkReferences.Missing(context, path, byName)).ToList();

        Assert.True(Shipped.Length > 10, $"Only {Shipped.Length} assemblies in the module folder.");
        // The one exception: ModuleLoadContext derives from .NET's AssemblyLoadContext, and is never loaded on .NET
        // Framework (the resolver takes another way there, as the run under Mono shows).
        Assert.Equal(["DatabricksJobs.dll: assembly System.Runtime.Loader", "DatabricksJobs.dll: type System.Runtime.Loader.AssemblyLoadContext"], missing);
    }

    [Fact]
    public void The_check_finds_what_only_newer_dotnet_and_PowerShell_have()
    {
        // These tests are built for .NET 10 and PowerShell 7.6 (TestHost renders host output with GetOutputString).
        using var context = WindowsPowerShell();

        var missing = FrameworkReferences.Missing(context, typeof(TestHost).Assembly.Location, new HashSet<string>());

        Assert.Contains("DatabricksJobs.Tests.dll: assembly System.Runtime 10.0.0.0 (only 4.1.2.0)", missing);
        Assert.Contains("DatabricksJobs.Tests.dll: method System.Management.Automation.Host.PSHostUserInterface::GetOutputString(System.String, System.Boolean)", missing);
    }

    /// <summary>What a module finds in Windows PowerShell 5.1: .NET Framework 4.7.2, PowerShell 5.1, and the module's own files.</summary>
    private static MetadataLoadContext WindowsPowerShell()
    {
        var framework = Path.Combine(Packages, "microsoft.netframework.referenceassemblies.net472", "1.0.3", "build", ".NETFramework", "v4.7.2");
        var powerShell = Path.Combine(Packages, "powershellstandard.library", "5.1.1", "lib", "net452", "System.Management.Automation.dll");
        var candidates = Directory.GetFiles(framework, "*.dll").Concat(Directory.GetFiles(Path.Combine(framework, "Facades"), "*.dll")).Append(powerShell).Concat(Shipped);
        return new MetadataLoadContext(new PathAssemblyResolver(candidates), "mscorlib");
    }
}
