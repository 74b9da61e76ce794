using System.Management.Automation;
using System.Text;

namespace DatabricksJobs.Tests;

/// <summary>
/// Input the module cannot send is an error of its own pipeline item, found before anything is sent: values that
/// contain themselves or nest too deeply, nested values where the API takes text, paths that are no readable file,
/// and wildcard patterns that do not parse. The other items still go.
/// </summary>
public class InputCheckTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    /// <summary>
    /// Run in a PowerShell process of its own: before the checks, converting a value that contains itself, or nests
    /// thousands of levels deep, overflowed the stack, which ends the process (and would end this test run). Each line
    /// the script writes is one outcome.
    /// </summary>
    private const string SelfContainingScript = """
        param([string] $ModulePath, [string] $Name)
        Import-Module $ModulePath -ErrorAction Stop
        Connect-DbxWorkspace | Out-Null

        function Show([string] $Label, [scriptblock] $Run) {
            try {
                foreach ($item in & $Run 2>&1) {
                    if ($item -is [System.Management.Automation.ErrorRecord]) {
                        "ERROR|$Label|$($item.FullyQualifiedErrorId)|$($item.CategoryInfo.Category)|$($item.TargetObject.GetType().Name)|$($item.ErrorDetails.Message)"
                    } else {
                        "OUT|$Label|$($item.Name)"
                    }
                }
            } catch {
                "STOPPED|$Label|$($_.FullyQualifiedErrorId)|$($_.CategoryInfo.Category)|$($_.ErrorDetails.Message)"
            }
        }

        $table = @{ name = "$Name-table" }
        $table.self = $table
        $custom = [pscustomobject]@{ name = "$Name-custom" }
        $custom.psobject.Properties.Add([psnoteproperty]::new('again', [pscustomobject]@{ back = $custom }))
        $list = [System.Collections.ArrayList]::new()
        $list.Add(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) | Out-Null
        $list.Add($list) | Out-Null
        $task = @{ task_key = 'a' }
        $task.notebook_task = @{ notebook_path = '/a'; base_parameters = @{ loop = $task } }
        $far = @{ name = "$Name-far" }
        $at = $far
        for ($i = 1; $i -lt 20000; $i++) { $at.x = @{}; $at = $at.x }
        $good = @{ name = "$Name-good"; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }
        $goodRun = @{ run_name = "$Name-run"; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }

        Show 'new-pipeline' { $table, $custom, @{ name = "$Name-list"; tasks = $list }, $far, $good | New-DbxJob }
        $job = Get-DbxJob -Name "$Name-good"
        Show 'new-task' { New-DbxJob -Name "$Name-task" -Task $task }
        Show 'new-cluster' { New-DbxJob -Name "$Name-cluster" -JobCluster $table }
        Show 'set' { Set-DbxJob -JobId $job.JobId -Settings $custom -Confirm:$false }
        Show 'update' { $job, $job | Update-DbxJob -Settings $table -PassThru }
        Show 'submit-settings' { $table, $goodRun | Submit-DbxRun | ForEach-Object { @{ Name = 'run' } } }
        Show 'submit-task' { Submit-DbxRun -Task $task }
        Show 'permission' { Set-DbxJobPermission -JobId $job.JobId -AccessControl $table }
        "ALIVE|$((Get-DbxJob -JobId $job.JobId).Name)"
        """;

    [Fact]
    public async Task A_value_that_contains_itself_is_an_error_of_its_item_and_PowerShell_lives_on()
    {
        var name = Unique("self");
        var script = Path.Combine(Directory.CreateTempSubdirectory("dbx-self-").FullName, "self.ps1");
        File.WriteAllText(script, SelfContainingScript);

        var result = await ChildProcess.RunScriptAsync(script, [module.ManifestPath, name], module.Emulator.BaseUrl, ModuleFixture.Token);

        var lines = result.Output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains('|')).ToList();
        Assert.True(lines.Contains($"ALIVE|{name}-good"), $"The process did not live on (exit code {result.ExitCode}):\n{result.Output}\n{result.Error}");
        var errors = lines.Where(l => l.StartsWith("ERROR|")).Select(l => l.Split('|', 6)).ToList();

        // Each bad item is an InvalidArgument error naming where the value contains itself; the good items still go.
        var far = errors[3];
        errors.Remove(far);
        Assert.Equal(["new-pipeline", "new-pipeline", "new-pipeline", "new-task", "new-cluster", "set", "update", "update", "submit-settings", "submit-task"],
            errors.Select(e => e[1]));
        Assert.All(errors, e => Assert.Equal(["ValueContainsItself", "InvalidArgument"], [e[2].Split(',')[0], e[3]]));
        // So is one that nests thousands of levels deep, which overflowed the stack as well.
        Assert.StartsWith("ValueNestedTooDeeply,", far[2]);
        Assert.StartsWith("-Settings is nested too deeply", far[5]);
        Assert.Equal("-Settings contains itself (at -Settings.self), and a value that contains itself cannot be sent as JSON.", errors[0][5]);
        Assert.StartsWith("-Settings contains itself (at -Settings.again.back)", errors[1][5]);
        Assert.StartsWith("-Settings contains itself (at -Settings.tasks[1])", errors[2][5]);
        Assert.StartsWith("-Task contains itself (at -Task.notebook_task.base_parameters.loop)", errors[3][5]);
        Assert.StartsWith("-JobCluster contains itself (at -JobCluster.self)", errors[4][5]);
        Assert.Equal(["Hashtable", "PSCustomObject", "Hashtable"], errors.Take(3).Select(e => e[4]));
        Assert.Equal("Int64", errors[5][4]);
        Assert.Contains($"OUT|new-pipeline|{name}-good", lines);
        Assert.Contains("OUT|submit-settings|run", lines);
        // The grants of Set-DbxJobPermission are one for all its jobs: a bad one stops the command before any is changed.
        Assert.Contains(lines, l => l.StartsWith("STOPPED|permission|InvalidGrant,") && l.Contains("-AccessControl contains itself (at -AccessControl.self)"));
        Assert.DoesNotContain(lines, l => l.StartsWith("OUT|") && l.Contains("-table"));
    }

    [Fact]
    public void Values_nested_deeper_than_the_api_takes_are_errors_of_their_items_and_the_deepest_it_takes_round_trips()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("deep"));
        var result = shell.Run("""
            function Deep([int] $Levels, [string] $Label) {
                $top = @{ name = "$name-$Label" }
                $at = $top
                for ($i = 1; $i -lt $Levels; $i++) { $at.x = @{}; $at = $at.x }
                $top
            }
            $job = (Deep 61 'most'), (Deep 62 'over'), (Deep 70 'further') | New-DbxJob
            $job.Name
            (Get-DbxJob -JobId $job.JobId).Name
            Set-DbxJob -JobId $job.JobId -Settings (Deep 62 'over') -Confirm:$false
            Update-DbxJob -JobId $job.JobId -Settings (Deep 61 'most-again') -PassThru | ForEach-Object Name
            New-DbxJob -Name "$name-task" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' }; deep = (Deep 59 'task') }
            (Get-DbxJob -Name "$name-most-again").Name
            """);

        Assert.Null(result.Terminating);
        Assert.Equal([$"{shell.Get("name")}-most", $"{shell.Get("name")}-most", $"{shell.Get("name")}-most-again", $"{shell.Get("name")}-most-again"],
            result.Output.Select(o => o.ToString()));
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("ValueNestedTooDeeply,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
        });
        Assert.StartsWith("-Settings is nested too deeply (at -Settings.x.x.x.x", result.Errors[0].ErrorDetails.Message);
        Assert.EndsWith("…): it may nest at most 61 levels, as the Jobs API's JSON nests at most 64 and holds it 3 levels down.",
            result.Errors[0].ErrorDetails.Message);
        Assert.IsType<System.Collections.Hashtable>(PSObject.AsPSObject(result.Errors[0].TargetObject).BaseObject);
        Assert.IsType<long>(result.Errors[2].TargetObject);
        Assert.EndsWith("it may nest at most 59 levels, as the Jobs API's JSON nests at most 64 and holds it 5 levels down.",
            result.Errors[3].ErrorDetails.Message);
    }

    [Fact]
    public void A_settings_file_nested_deeper_than_the_api_takes_is_an_error_naming_the_file()
    {
        using var shell = module.NewShell();
        var folder = Directory.CreateTempSubdirectory("dbx-deep-").FullName;
        string Nested(int levels) => levels == 1 ? "{}" : "{\"x\":" + Nested(levels - 1) + "}";
        File.WriteAllText(Path.Combine(folder, "over.json"), $$"""{"name":"{{Unique("over")}}","x":{{Nested(61)}}}""");
        File.WriteAllText(Path.Combine(folder, "most.json"), $$"""{"name":"{{Unique("most")}}","x":{{Nested(60)}}}""");
        shell.Set("folder", folder);
        var result = shell.Run("""
            New-DbxJob -Path ([IO.Path]::Combine($folder, 'over.json')), ([IO.Path]::Combine($folder, 'most.json')) | ForEach-Object { (Get-DbxJob -Name $_.Name).JobId }
            """);

        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ValueNestedTooDeeply,", error.FullyQualifiedErrorId);
        Assert.EndsWith("over.json' is nested too deeply: it may nest at most 61 levels, as the Jobs API's JSON nests at most 64 and holds it 3 levels down.",
            error.ErrorDetails.Message);
        Assert.EndsWith("over.json", (string)error.TargetObject);
    }

    [Fact]
    public void A_nested_value_where_the_api_takes_text_is_an_error_not_its_type_name()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("text"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Parameter @{ p = 'x' } -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $job, $job | Invoke-DbxJobRun -NotebookParameter @{ n = @{ x = 1 } }
            $job | Invoke-DbxJobRun -JobParameter @{ p = [pscustomobject]@{ y = 2 } }
            $job | Invoke-DbxJobRun -SqlParameter @{ s = 1, 2 }
            $job | Invoke-DbxJobRun -PythonNamedParameter @{ k = [pscustomobject]@{ y = 2 } }
            New-DbxJob -Name "$name-tag" -Tag @{ t = @{ a = 1 } }
            New-DbxJob -Name "$name-parameter" -Parameter @{ p = @{ b = 2 } }
            $job | Update-DbxJob -Tag @{ t = @(1) }
            $run = $job | Invoke-DbxJobRun -NotebookParameter @{ n = 5; flag = $true; json = '{"a":1}' } -JobParameter @{ p = 'y' } -Wait
            Repair-DbxRun -RunId $run.RunId -AllFailed -NotebookParameter @{ n = @{} }
            $sent = Get-DbxRun -RunId $run.RunId
            $o = $sent.OverridingParameters
            $o.NotebookParams['n']; $o.NotebookParams['flag']; $o.NotebookParams['json']; $sent.JobParameters[0].Value
            @(Get-DbxJob -Name "$name-tag*").Count
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["5", "true", "{\"a\":1}", "y", "0"], result.Output.Where(o => o.BaseObject is string or int).Select(o => o.ToString()));
        Assert.Equal(9, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("ParameterValueNotText,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.DoesNotContain("System.", e.ErrorDetails.Message);
        });
        Assert.Equal("-NotebookParameter 'n' is a hashtable, but the Jobs API takes only text there: give a string, such as its JSON (ConvertTo-Json -Compress).",
            result.Errors[0].ErrorDetails.Message);
        Assert.Equal(["-NotebookParameter 'n' is a hashtable", "-NotebookParameter 'n' is a hashtable", "-JobParameter 'p' is an object", "-SqlParameter 's' is a list",
            "-PythonNamedParameter 'k' is an object", "-Tag 't' is a hashtable", "-Parameter 'p' is a hashtable", "-Tag 't' is a list", "-NotebookParameter 'n' is a hashtable"],
            result.Errors.Select(e => e.ErrorDetails.Message.Split(',')[0]));
        Assert.Equal(shell.Run("$job.JobId").Output[0].BaseObject, result.Errors[0].TargetObject);
        Assert.Equal(shell.Get("name") + "-tag", result.Errors[5].TargetObject);
    }

    [Fact]
    public void A_hashtable_or_object_given_to_a_list_of_text_is_refused_when_binding_not_sent_as_its_type_name()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("list"));
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; spark_python_task = @{ python_file = 'main.py' } }
            $job | Invoke-DbxJobRun -PythonParameter ('a', @{ b = 1 })
            $job | Invoke-DbxJobRun -JarParameter ([pscustomobject]@{ c = 2 })
            $job | Invoke-DbxJobRun -SparkSubmitParameter @{ d = 3 }
            $job | Invoke-DbxJobRun -DbtCommand 'dbt run', @{ e = 4 }
            @(Get-DbxRun -JobId $job.JobId).Count
            $run = $job | Invoke-DbxJobRun -PythonParameter 'a', 1, $true
            (Get-DbxRun -RunId $run.RunId).OverridingParameters.PythonParams -join ','
            """);

        Assert.Equal(["0", "a,1,True"], result.Output.Select(o => o.ToString()));
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("ParameterArgumentTransformationError,", e.FullyQualifiedErrorId));
        Assert.Equal(["PythonParameter", "JarParameter", "SparkSubmitParameter", "DbtCommand"], result.Errors.Select(e => ((ParameterBindingException)e.Exception).ParameterName));
        Assert.EndsWith("Item 2 is a hashtable, but the Jobs API takes only text here: give a string, such as its JSON (ConvertTo-Json -Compress).",
            result.Errors[0].Exception.Message);
        Assert.Contains("Item 1 is an object,", result.Errors[1].Exception.Message);

        var keys = shell.Run("""
            $job | Invoke-DbxJobRun -Only @{ a = 1 }
            Repair-DbxRun -RunId $run.RunId -Task 'a', @{ b = 1 }
            Update-DbxJob -JobId $job.JobId -RemoveField @{ c = 1 }
            @(Get-DbxRun -JobId $job.JobId).Count
            """);
        Assert.Equal("1", keys.Output.Single().ToString());
        Assert.Equal(["Only", "Task", "RemoveField"], keys.Errors.Select(e => ((ParameterBindingException)e.Exception).ParameterName));
    }

    [Fact]
    public void Nested_hashtables_objects_and_lists_in_settings_are_sent_as_json()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("nested"));
        var result = shell.Run("""
            $settings = @{
                name = $name
                tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } })
                future = [ordered]@{ list = @(1, @{ b = [pscustomobject]@{ c = 3 } }, @('x', 'y')); object = [pscustomobject]@{ d = @(@{ e = $true }) } }
            }
            $job = New-DbxJob -Settings $settings
            Export-DbxJob -JobId $job.JobId
            New-DbxJob -Name "$name-map" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ n = @{ x = 1 } } } }
            """);

        var exported = System.Text.Json.Nodes.JsonNode.Parse(result.Output[0].ToString())!;
        Assert.Equal("""{"list":[1,{"b":{"c":3}},["x","y"]],"object":{"d":[{"e":true}]}}""", exported["future"]!.ToJsonString());
        // A nested value in a map of text inside settings goes as JSON too, and the API says what it takes there.
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("expected a string for field 'tasks[a].notebook_task.base_parameters.n', found object", error.ErrorDetails.Message);
    }

    /// <summary>A folder of settings files: good.json, run.json, bad.json, array.json, twice.json, and a directory sub.json.</summary>
    private static string SettingsFolder()
    {
        var folder = Directory.CreateTempSubdirectory("dbx-paths-").FullName;
        var task = """[{ "task_key": "a", "notebook_task": { "notebook_path": "/a" } }]""";
        File.WriteAllText(Path.Combine(folder, "good.json"), $$"""{ "name": "{{Unique("from-file")}}", "tasks": {{task}} }""");
        File.WriteAllText(Path.Combine(folder, "run.json"), $$"""{ "run_name": "{{Unique("run-file")}}", "tasks": {{task}} }""");
        File.WriteAllText(Path.Combine(folder, "bad.json"), "{\n  \"name\": \"x\",\n  oops\n}\n");
        File.WriteAllText(Path.Combine(folder, "array.json"), "[1, 2]");
        File.WriteAllText(Path.Combine(folder, "twice.json"), """{ "name": "a", "tasks": [], "name": "b" }""");
        Directory.CreateDirectory(Path.Combine(folder, "sub.json"));
        return folder;
    }

    [Fact]
    public void A_settings_path_that_is_no_readable_json_file_is_an_error_of_its_item_and_the_next_path_still_goes()
    {
        using var shell = module.NewShell();
        var folder = SettingsFolder();
        shell.Set("folder", folder);
        // Relative paths are PowerShell's current location's, not the process's current directory.
        Assert.NotEqual(folder, Environment.CurrentDirectory);
        var result = shell.Run("""
            $ExecutionContext.SessionState.Path.SetLocation($folder) | Out-Null
            $job = New-DbxJob -Path sub.json, missing.json, bad.json, array.json, twice.json, 'nosuchdrive:/x.json', good.json
            $job.TaskCount
            Submit-DbxRun -Path sub.json, run.json | ForEach-Object { 'submitted' }
            Set-DbxJob -JobId $job.JobId -Path sub.json -Confirm:$false
            $ExecutionContext.SessionState.Path.SetLocation('Env:') | Out-Null
            New-DbxJob -Path good.json
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["1", "submitted"], result.Output.Select(o => o.ToString()));
        Assert.Equal([
                ("PathIsDirectory", ErrorCategory.InvalidArgument, "sub.json"), ("PathNotFound", ErrorCategory.ObjectNotFound, "missing.json"),
                ("InvalidJson", ErrorCategory.InvalidArgument, "bad.json"), ("NotAJsonObject", ErrorCategory.InvalidArgument, "array.json"),
                ("InvalidJson", ErrorCategory.InvalidArgument, "twice.json"), ("InvalidPath", ErrorCategory.InvalidArgument, "nosuchdrive:/x.json"),
                ("PathIsDirectory", ErrorCategory.InvalidArgument, "sub.json"), ("PathIsDirectory", ErrorCategory.InvalidArgument, "sub.json"),
                ("NotFileSystemPath", ErrorCategory.InvalidArgument, "good.json"),
            ],
            result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category, (string)e.TargetObject)));
        var messages = result.Errors.Select(e => e.ErrorDetails.Message).ToList();
        Assert.Equal($"'{Path.Combine(folder, "sub.json")}' is a directory, not a file.", messages[0]);
        Assert.Equal($"Cannot find path '{Path.Combine(folder, "missing.json")}' because it does not exist.", messages[1]);
        Assert.StartsWith($"'{Path.Combine(folder, "bad.json")}' is not valid JSON at line 3, position 3: ", messages[2]);
        Assert.DoesNotContain("LineNumber", messages[2]);
        Assert.Equal($"'{Path.Combine(folder, "array.json")}' does not hold a JSON object.", messages[3]);
        Assert.StartsWith($"'{Path.Combine(folder, "twice.json")}' is not valid JSON: Duplicate property 'name'", messages[4]);
        Assert.StartsWith("Cannot use the path 'nosuchdrive:/x.json': ", messages[5]);
        Assert.Equal("'good.json' is a path of the Environment provider, not of the file system.", messages[8]);
        Assert.All(result.Errors, e => Assert.IsNotType<UnauthorizedAccessException>(e.Exception));
    }

    [SkippableFact]
    public void A_settings_file_that_cannot_be_read_is_an_error_of_its_item()
    {
        // Windows denies reading otherwise (ACLs); root and administrators read any file.
        if (OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess) throw new SkipException("No unreadable file can be made here.");
        using var shell = module.NewShell();
        var folder = SettingsFolder();
        File.SetUnixFileMode(Path.Combine(folder, "bad.json"), UnixFileMode.None);
        shell.Set("folder", folder);
        var result = shell.Run("New-DbxJob -Path ([IO.Path]::Combine($folder, 'bad.json')), ([IO.Path]::Combine($folder, 'good.json'))");

        Assert.Single(result.Objects(JobType));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FileNotReadable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Equal($"Cannot read '{Path.Combine(folder, "bad.json")}': access is denied.", error.ErrorDetails.Message);
    }

    [Fact]
    public void Exporting_to_a_directory_or_a_file_where_a_folder_goes_is_an_error_of_its_item()
    {
        using var shell = module.NewShell();
        var folder = SettingsFolder();
        shell.Set("folder", folder);
        shell.Set("name", Unique("export"));
        var result = shell.Run("""
            $ExecutionContext.SessionState.Path.SetLocation($folder) | Out-Null
            $jobs = 1, 2 | ForEach-Object { New-DbxJob -Name "$name-$_" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } }
            $jobs | Export-DbxJob -Path sub.json
            $jobs[0] | Export-DbxJob -Path exported.json -PassThru | ForEach-Object FullName
            $jobs[0] | Export-DbxJob -Path exported.json
            $run = $jobs[0] | Invoke-DbxJobRun -Wait
            $run, $run | Export-DbxRun -Path good.json
            $run | Export-DbxRun | ForEach-Object DirectoryName
            """);

        Assert.Null(result.Terminating);
        Assert.Equal([Path.Combine(folder, "exported.json"), folder], result.Output.Select(o => o.ToString()));
        Assert.Equal([
                ("PathIsDirectory", ErrorCategory.InvalidArgument, "sub.json"), ("PathIsDirectory", ErrorCategory.InvalidArgument, "sub.json"),
                ("FileExists", ErrorCategory.ResourceExists, "exported.json"),
                ("PathIsFile", ErrorCategory.InvalidArgument, "good.json"), ("PathIsFile", ErrorCategory.InvalidArgument, "good.json"),
            ],
            result.Errors.Select(e => (e.FullyQualifiedErrorId.Split(',')[0], e.CategoryInfo.Category, (string)e.TargetObject)));
        Assert.Equal($"'{Path.Combine(folder, "sub.json")}' is a directory, not a file.", result.Errors[0].ErrorDetails.Message);
        Assert.Equal($"'{Path.Combine(folder, "good.json")}' is a file, not a folder.", result.Errors[3].ErrorDetails.Message);
    }

    [Fact]
    public void A_name_that_is_no_wildcard_pattern_is_an_error_not_a_raw_exception()
    {
        using var shell = module.NewShell();
        shell.Set("name", Unique("wild"));
        var result = shell.Run("""
            New-DbxJob -Name "$name-[x]" | Out-Null
            Get-DbxJob -Name "$name-[x"
            'after'
            (Get-DbxJob -Name "$name-``[x``]").Name
            (Get-DbxJob -Name "$name-*").Count
            """);

        Assert.Null(result.Terminating);
        Assert.Equal(["after", $"{shell.Get("name")}-[x]", "1"], result.Output.Select(o => o.ToString()));
        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidWildcardPattern,DatabricksJobs.Commands.GetDbxJobCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal($"{shell.Get("name")}-[x", error.TargetObject);
        Assert.Equal($"-Name '{shell.Get("name")}-[x' is not a valid wildcard pattern: [ and ] enclose a set of characters. " +
            "To match [ or ] as they are, put a backtick before each (`[ `]).", error.ErrorDetails.Message);
    }

    /// <summary>Words as they may be typed, halfway through: brackets, backticks, quotes, wildcards, nothing.</summary>
    public static readonly string[] AnyWords = ["a[b", "[", "]", "[]", "[a-", "a]b", "`", "a`", "'", "\"", "'[", "*", "?", "", "cmpl[x]"];

    [Fact]
    public void Completers_never_throw_whatever_is_typed_and_a_word_that_is_no_pattern_completes_to_nothing()
    {
        using var shell = module.NewShell();
        shell.Set("prefix", "cmpl" + Guid.NewGuid().ToString("N")[..8]);
        var jobId = shell.Run("""
            $job = New-DbxJob -Name "$prefix[x] job" -Task @{ task_key = 'a1'; notebook_task = @{ notebook_path = '/a' } }
            $run = $job | Invoke-DbxJobRun -Wait
            $job.JobId
            """).AssertNoErrors().Output.Single().ToString();
        foreach (var word in AnyWords)
        {
            shell.Set("word", word);
            var direct = shell.Run("""
                foreach ($completer in [DatabricksJobs.Completion.JobNameCompleter]::new(), [DatabricksJobs.Completion.JobIdCompleter]::new(), [DatabricksJobs.Completion.TaskKeyCompleter]::new()) {
                    @($completer.CompleteArgument('Get-DbxJob', 'Name', $word, $null, @{ JobId = $job.JobId })).Count
                }
                """);
            Assert.True(direct.Terminating is null && direct.Errors.Count == 0, $"Completing '{word}' threw: {direct.AllText()}");
            foreach (var line in new[] { $"Get-DbxJob -Name {word}", $"Invoke-DbxJobRun -JobId {jobId} -Only {word}", $"Repair-DbxRun -RunId $($run.RunId) -Task {word}" })
            {
                shell.Set("line", line);
                var tab = shell.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.Count");
                Assert.True(tab.Terminating is null && tab.Errors.Count == 0, $"Completing '{line}' threw: {tab.AllText()}");
            }
        }

        shell.Set("word", "a[b");
        Assert.Equal(["0", "0", "0"], shell.Run("""
            foreach ($completer in [DatabricksJobs.Completion.JobNameCompleter]::new(), [DatabricksJobs.Completion.JobIdCompleter]::new(), [DatabricksJobs.Completion.TaskKeyCompleter]::new()) {
                @($completer.CompleteArgument('Get-DbxJob', 'Name', $word, $null, @{ JobId = $job.JobId })).Count
            }
            """).AssertNoErrors().Output.Select(o => o.ToString()));
        // Escaped brackets are the brackets themselves.
        shell.Set("word", $"{shell.Get("prefix")}`[x");
        Assert.Equal([$"'{shell.Get("prefix")}[x] job'"], shell.Run("""
            [DatabricksJobs.Completion.JobNameCompleter]::new().CompleteArgument('Get-DbxJob', 'Name', $word, $null, @{}) | ForEach-Object CompletionText
            """).AssertNoErrors().Output.Select(o => o.ToString()));
    }
}
