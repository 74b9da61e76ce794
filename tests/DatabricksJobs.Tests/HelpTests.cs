using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DatabricksJobs.Tests;

/// <summary>Get-Help of every cmdlet, from the MAML file the build writes from the doc comments.</summary>
public class HelpTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    /// <summary>The cmdlets the manifest exports.</summary>
    private static List<string> CmdletNames()
    {
        var manifest = File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "DatabricksJobs.psd1"));
        return Regex.Matches(manifest, @"'([A-Z][a-z]+-Dbx[A-Za-z]+)'").Select(m => m.Groups[1].Value).ToList();
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

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_links_to_the_cmdlets_to_go_to_next_the_about_topic_and_online_to_the_databricks_reference(string name)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("name", name);
        var links = shell.Run("(Get-Help $name).relatedLinks.navigationLink | ForEach-Object { $_.linkText + '|' + $_.uri }").AssertNoErrors()
            .Output.Select(o => o.ToString()!.Split('|')).Select(l => (Text: l[0], Uri: l[1])).ToList();
        var online = links.First(l => l.Uri.Length > 0).Uri;

        Assert.Matches(@"^https://docs\.databricks\.com/(api/workspace/(jobs|policycomplianceforjobs)/[a-z]+|aws/en/dev-tools/auth/unified-auth)$", online);
        // Get-Command's HelpUri is what Get-Help -Online opens.
        Assert.Equal(online, shell.Run("(Get-Command $name).HelpUri").AssertNoErrors().Output.Single().ToString());
        var cmdlets = links.Where(l => l.Uri.Length == 0 && l.Text.Contains("-Dbx")).Select(l => l.Text).ToList();
        Assert.NotEmpty(cmdlets);
        Assert.Subset(CmdletNames().Where(c => c != name).ToHashSet(), cmdlets.ToHashSet());
        Assert.Equal(("about_DatabricksJobs", ""), links[^1]);
    }

    [Fact]
    public void The_about_topic_explains_the_concepts_in_lines_of_80_columns_naming_real_cmdlets_and_parameters()
    {
        using var shell = module.NewShell(connect: false);
        var text = string.Join("\n", shell.Run("Get-Help about_DatabricksJobs").AssertNoErrors().Output.Select(o => o.ToString()));
        var lines = File.ReadAllLines(Path.Combine(ModuleLayout.ModuleFolder(), "en-US", "about_DatabricksJobs.help.txt"));

        Assert.StartsWith("TOPIC\n    about_DatabricksJobs\n\nSHORT DESCRIPTION\n", text.Replace("\r\n", "\n"));
        foreach (var heading in new[] { "SESSIONS", "PIPELINES AND BINDING", "WAITING", "RETRIES", "IDEMPOTENCY", "SAFETY", "THE EMULATOR", "SEE ALSO" })
            Assert.Contains(lines, l => l.Trim() == heading);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));

        // What it names is real: cmdlets the module exports, and parameters (or aliases) of them, of Get-Help, or common ones.
        var named = Regex.Matches(text, @"\b[A-Z][a-z]+-Dbx[A-Za-z]+").Select(m => m.Value).Distinct().ToList();
        Assert.Subset(CmdletNames().ToHashSet(), named.ToHashSet());
        shell.Set("parameters", Regex.Matches(text, @"(?<![-\w])-([A-Z][A-Za-z]+)").Select(m => m.Groups[1].Value).Distinct().ToArray());
        var unknown = shell.Run("""
            $known = @(Get-Command -Module DatabricksJobs; Get-Command Get-Help) | ForEach-Object { $_.Parameters.Values } | ForEach-Object { $_.Name; $_.Aliases }
            $parameters | Where-Object { $known -notcontains $_ }
            """).AssertNoErrors();
        Assert.Empty(unknown.Output);
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

/// <summary>Get-Help -Online in the hosted engine: the browser it starts is a stand-in on PATH that notes the address.</summary>
[Collection(EnvironmentCollection.Name)]
public class OnlineHelpTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    [SkippableFact]
    public void Get_Help_Online_opens_the_databricks_reference_page_of_the_request_the_cmdlet_makes()
    {
        // .NET opens an address with xdg-open on Linux; Windows and macOS have their own ways.
        if (!OperatingSystem.IsLinux()) throw new SkipException("A browser is stood in for by xdg-open on Linux only.");
        var folder = Directory.CreateTempSubdirectory("dbx-browser-").FullName;
        var opened = Path.Combine(folder, "opened.txt");
        var browser = Path.Combine(folder, "xdg-open");
        File.WriteAllText(browser, $"#!/bin/sh\necho \"$1\" >> '{opened}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            using (new EnvironmentScope(("PATH", folder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"))))
            using (var shell = module.NewShell(connect: false))
            {
                shell.Run("Get-Help Repair-DbxRun -Online; Get-Help Connect-DbxWorkspace -Online").AssertNoErrors();
            }
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((!File.Exists(opened) || File.ReadAllLines(opened).Length < 2) && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.Equal(["https://docs.databricks.com/api/workspace/jobs/repairrun", "https://docs.databricks.com/aws/en/dev-tools/auth/unified-auth"],
                File.ReadAllLines(opened));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>The help generator the build runs: help that lacks its related links fails the build, naming what is wrong.</summary>
public class HelpGeneratorTests
{
    [Fact]
    public async Task A_cmdlet_without_related_links_or_with_a_link_to_no_cmdlet_or_web_page_fails_the_build()
    {
        var root = ModuleLayout.RepositoryRoot();
        var configuration = ModuleLayout.BuildConfiguration();
        var docs = XDocument.Load(Path.Combine(root, "src", "DatabricksJobs", "bin", configuration, "netstandard2.0", "DatabricksJobs.xml"));
        XElement Member(string type) => docs.Descendants("member").Single(m => m.Attribute("name")!.Value == $"T:DatabricksJobs.Commands.{type}");
        Member("GetDbxRunCommand").Elements("seealso").Remove();
        Member("WaitDbxRunCommand").Elements("seealso").First(e => e.Attribute("cref") is not null).SetAttributeValue("cref", "T:DatabricksJobs.Models.Run");
        Member("StopDbxRunCommand").Elements("seealso").First(e => e.Attribute("href") is not null).SetAttributeValue("href", "about_DatabricksJobs");
        var folder = Directory.CreateTempSubdirectory("dbx-helpgen-").FullName;
        try
        {
            var docPath = Path.Combine(folder, "DatabricksJobs.xml");
            docs.Save(docPath);
            var output = Path.Combine(folder, "en-US", "DatabricksJobs.dll-Help.xml");

            var result = await ChildProcess.RunAsync("dotnet",
                [Path.Combine(root, "tools", "DatabricksJobs.HelpGen", "bin", configuration, "net10.0", "DatabricksJobs.HelpGen.dll"),
                    Path.Combine(ModuleLayout.ModuleFolder(), "DatabricksJobs.dll"), docPath, output]);

            Assert.Equal(1, result.ExitCode);
            var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line[(line.IndexOf("error DBXHELP: ", StringComparison.Ordinal) + "error DBXHELP: ".Length)..]);
            Assert.Equal(
                [
                    "Get-DbxRun has no <seealso cref=\"...\"/> naming a cmdlet to go to next.",
                    "Get-DbxRun has no <seealso href=\"https://...\"> (its online help).",
                    "Stop-DbxRun: <seealso href=\"about_DatabricksJobs\"> is no http or https address.",
                    "Wait-DbxRun: <seealso cref=\"T:DatabricksJobs.Models.Run\"/> names no other cmdlet.",
                ],
                errors.Order(StringComparer.Ordinal));
            Assert.False(File.Exists(output), "Help was written.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
