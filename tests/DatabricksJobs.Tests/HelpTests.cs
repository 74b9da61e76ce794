using System.Management.Automation;
using System.Management.Automation.Language;

namespace DatabricksJobs.Tests;

/// <summary>Get-Help of every cmdlet, from the MAML file the build writes from the doc comments.</summary>
public class HelpTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    /// <summary>The cmdlets the manifest exports.</summary>
    private static List<string> CmdletNames()
    {
        var manifest = File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "DatabricksJobs.psd1"));
        return System.Text.RegularExpressions.Regex.Matches(manifest, @"'([A-Z][a-z]+-Dbx[A-Za-z]+)'").Select(m => m.Groups[1].Value).ToList();
    }

    public static TheoryData<string> Cmdlets() => new(CmdletNames());

    [Fact]
    public void The_cmdlets_read_from_the_manifest_are_the_exported_ones()
    {
        using var shell = module.NewShell(connect: false);
        var exported = shell.Run("(Get-Module DatabricksJobs).ExportedCmdlets.Keys").AssertNoErrors().Output.Select(o => o.ToString()).Order();
        Assert.Equal(CmdletNames().Order(), exported);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_has_a_synopsis_a_description_and_every_parameter(string name)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("name", name);
        var help = shell.Run("Get-Help $name -Full").AssertNoErrors().Output.Single();

        var synopsis = help.S("Synopsis")!.Trim();
        // Without a help file, PowerShell makes the synopsis from the syntax, which starts with the name.
        Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name} has no written synopsis: {synopsis}");
        Assert.EndsWith(".", synopsis);
        var description = shell.Run("(Get-Help $name -Full).description | ForEach-Object { $_.Text }").AssertNoErrors();
        Assert.NotEmpty(description.Output);
        Assert.All(description.Output, p => Assert.True(p.ToString()!.Length > 20));

        var missing = shell.Run("""
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            foreach ($p in (Get-Command $name).Parameters.Keys) {
                if ($common -contains $p) { continue }
                $text = (Get-Help $name -Parameter $p).description | ForEach-Object { $_.Text }
                if (-not "$text".Trim()) { $p }
            }
            """).AssertNoErrors();
        Assert.Empty(missing.Output);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_examples_are_at_least_two_and_each_is_valid_powershell_with_real_parameters(string name)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("name", name);
        var codes = shell.Run("(Get-Help $name -Examples).examples.example | ForEach-Object { $_.code }").AssertNoErrors().Output.Select(o => o.ToString()!).ToList();
        var remarks = shell.Run("(Get-Help $name -Examples).examples.example | ForEach-Object { ($_.remarks | ForEach-Object { $_.Text }) -join ' ' }").AssertNoErrors().Output;

        Assert.True(codes.Count >= 2, $"{name} has {codes.Count} examples.");
        Assert.All(remarks, r => Assert.False(string.IsNullOrWhiteSpace(r.ToString())));
        foreach (var code in codes)
        {
            var ast = ScriptCheck.Parse(code, $"{name} example");
            Assert.Contains(ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>(), c => c.GetCommandName() == name);
            ScriptCheck.AssertModuleParametersExist(shell, ast, $"{name} example");
        }
    }

    [Fact]
    public void Help_shows_parameter_sets_pipeline_input_and_valid_values()
    {
        using var shell = module.NewShell(connect: false);
        var result = shell.Run("""
            $p = Get-Help Export-DbxRun -Parameter Views
            $p.defaultValue; ($p.description | ForEach-Object { $_.Text }) -join ' '
            (Get-Help Stop-DbxRun -Parameter RunId).pipelineInput
            (Get-Help Stop-DbxRun).syntax.syntaxItem.Count
            """).AssertNoErrors();
        var lines = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("Code", lines[0]);
        Assert.Contains("Valid values: Code, Dashboards, All.", lines[1]);
        Assert.Equal("True (ByValue, ByPropertyName)", lines[2]);
        Assert.Equal("2", lines[3]);
    }
}
