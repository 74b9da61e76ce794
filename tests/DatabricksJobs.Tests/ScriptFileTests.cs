namespace DatabricksJobs.Tests;

/// <summary>
/// The repository's PowerShell files (the Pester files, the quickstart, build.ps1), checked without running them: each
/// parses, and uses only cmdlets and parameters the module has, including on paths a run does not take.
/// </summary>
public class ScriptFileTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private static List<string> ScriptPaths()
    {
        var root = ModuleLayout.RepositoryRoot();
        return Directory.GetFiles(Path.Combine(root, "tests"), "*.ps1")
            .Concat(Directory.GetFiles(Path.Combine(root, "examples"), "*.ps1"))
            .Append(Path.Combine(root, "build.ps1"))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
    }

    public static TheoryData<string> Scripts() => new(ScriptPaths());

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_parses_and_gives_the_module_only_parameters_it_has(string relativePath)
    {
        var path = Path.Combine(ModuleLayout.RepositoryRoot(), relativePath);
        using var shell = module.NewShell(connect: false);
        var ast = ScriptCheck.Parse(File.ReadAllText(path), relativePath);
        ScriptCheck.AssertModuleParametersExist(shell, ast, relativePath);
    }

    [Fact]
    public void The_pester_file_is_found()
    {
        Assert.Contains(ScriptPaths(), path => path.EndsWith("DatabricksJobs.Tests.ps1", StringComparison.Ordinal));
    }
}
