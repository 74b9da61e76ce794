namespace DatabricksJobs.Tests;

/// <summary>
/// The module's types by name, in scripts: on PowerShell 7 they live in the module's own load context, where
/// PowerShell does not look for types, so the module registers them (src/DatabricksJobs/Loading/EngineTypeNames.cs).
/// </summary>
public class TypeNameTests(ModuleFixture fixture) : IClassFixture<ModuleFixture>
{
    private const string UseTypeNames = """
        function Get-SessionHost([DatabricksJobs.Client.DatabricksSession] $Session) { "$($Session.Host)" }
        Get-SessionHost (Get-DbxSession)
        $job = New-DbxJob -Name 'typed' -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        $job -is [DatabricksJobs.Models.Job]
        [DatabricksJobs.Models.Run].FullName
        $job | Remove-DbxJob -Confirm:$false
        """;

    [Fact]
    public void A_script_names_the_modules_types_in_parameters_casts_and_type_tests()
    {
        using var shell = fixture.NewShell();

        var output = shell.Run(UseTypeNames).AssertNoErrors().Output.Select(o => o.ToString()).ToList();

        Assert.Equal([$"{fixture.Emulator.BaseUrl}/", "True", "DatabricksJobs.Models.Run"], output);
    }

    [Fact]
    public void Removing_the_module_in_one_runspace_leaves_it_whole_in_another()
    {
        using var kept = fixture.NewShell();
        using (var removed = fixture.NewShell())
            removed.Run("Remove-Module DatabricksJobs").AssertNoErrors();

        var output = kept.Run(UseTypeNames).AssertNoErrors().Output.Select(o => o.ToString()).ToList();

        Assert.Equal([$"{fixture.Emulator.BaseUrl}/", "True", "DatabricksJobs.Models.Run"], output);
    }
}
