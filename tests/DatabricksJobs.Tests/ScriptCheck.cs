using System.Management.Automation.Language;

namespace DatabricksJobs.Tests;

/// <summary>
/// Checks of PowerShell text that cannot be run here (help examples, Pester files, build.ps1): it parses, and every
/// parameter it gives the module's cmdlets exists.
/// </summary>
public static class ScriptCheck
{
    public static ScriptBlockAst Parse(string text, string what)
    {
        var ast = Parser.ParseInput(text, out _, out var errors);
        Assert.True(errors.Length == 0, $"{what} does not parse:\n{string.Join("\n", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}"))}");
        return ast;
    }

    public static void AssertModuleParametersExist(Shell shell, Ast ast, string what)
    {
        var known = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var command in ast.FindAll(a => a is CommandAst, true).Cast<CommandAst>().Where(c => c.GetCommandName()?.Contains("-Dbx") == true))
        {
            var name = command.GetCommandName();
            if (!known.TryGetValue(name, out var parameters))
            {
                shell.Set("commandName", name);
                parameters = shell.Run("(Get-Command $commandName).Parameters.Keys + ((Get-Command $commandName).Parameters.Values | ForEach-Object { $_.Aliases })")
                    .AssertNoErrors().Output.Select(o => o.ToString()!).ToList();
                Assert.True(parameters.Count > 0, $"{what} uses {name}, which the module does not have.");
                known[name] = parameters;
            }
            foreach (var parameter in command.CommandElements.OfType<CommandParameterAst>())
                Assert.True(parameters.Contains(parameter.ParameterName, StringComparer.OrdinalIgnoreCase),
                    $"{what} uses {name} -{parameter.ParameterName} (line {parameter.Extent.StartLineNumber}), which does not exist.");
        }
    }
}
