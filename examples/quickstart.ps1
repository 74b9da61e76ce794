<#
.SYNOPSIS
    A first tour of DatabricksJobs against the local Jobs API emulator: connect, create a three-task job, run it and
    wait with progress, list jobs and runs as tables, then repair a failed run and export it as HTML.
.DESCRIPTION
    For the emulator only. The job's notebooks exist only there: the emulator plays them, returning what the
    'exit' parameter says and failing when 'fail' is true, and it needs no cluster. A real workspace has neither
    those notebooks nor compute for them, so this script does not use DATABRICKS_HOST or DATABRICKS_TOKEN: it starts
    an emulator of its own (it needs the .NET SDK) and stops it at the end, or uses one that is already running
    (-EmulatorUrl). Whatever happens, it deletes the job it made and ends its session.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./examples/quickstart.ps1

    On a machine with only the .NET SDK: runs this script in the PowerShell the repository pins
    (.config/dotnet-tools.json), after dotnet build.
.EXAMPLE
    ./build.ps1 -Task Demo

    Builds the module, then runs this script (dotnet pwsh ./build.ps1 -Task Demo with only the .NET SDK).
.EXAMPLE
    ./examples/quickstart.ps1 -EmulatorUrl http://127.0.0.1:5080

    Against the emulator that `dotnet run --project src/DatabricksJobs.Emulator` started, with its default token.
#>
[CmdletBinding()]
param(
    # The module's manifest; by default the one dotnet build lays out in out/DatabricksJobs.
    [string] $ModulePath = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'DatabricksJobs', 'DatabricksJobs.psd1'),
    # An emulator that is already running, instead of one this script starts and stops.
    [string] $EmulatorUrl,
    # That emulator's token: the DATABRICKS_TOKEN line it printed.
    [string] $EmulatorToken = 'dapi-emulator-0123456789abcdef'
)

$ErrorActionPreference = 'Stop'
$emulator = $null
$session = $null
$callersDefault = $null
$job = $null
'This quickstart runs against the Jobs API emulator only: its notebooks exist only there, where the emulator plays them.' | Out-Default
try {
    if ($EmulatorUrl) {
        # Only the emulator answers its test controls: a workspace's URL given by mistake is refused before anything is made there.
        $probe = [Net.Http.HttpClient]::new()
        try {
            $probe.DefaultRequestHeaders.Authorization = [Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $EmulatorToken)
            if (-not $probe.GetAsync("$($EmulatorUrl.TrimEnd('/'))/emulator/faults").GetAwaiter().GetResult().IsSuccessStatusCode) {
                throw "$EmulatorUrl is not the Jobs API emulator (or $EmulatorToken is not its token): the quickstart runs only against the emulator."
            }
        }
        finally { $probe.Dispose() }
    }
    else {
        'Starting the local Jobs API emulator...' | Out-Default
        # Built, then run from its dll, so that stopping the process stops the emulator (dotnet run would start a child).
        $project = [IO.Path]::Combine($PSScriptRoot, '..', 'src', 'DatabricksJobs.Emulator')
        & dotnet build $project -c Release --nologo -v quiet | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "Building the emulator failed (dotnet build $project)." }
        $dll = [IO.Path]::Combine($project, 'bin', 'Release', 'net10.0', 'DatabricksJobs.Emulator.dll')
        $start = [Diagnostics.ProcessStartInfo]::new('dotnet', "`"$dll`" --urls http://127.0.0.1:0 --task-duration 1")
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $emulator = [Diagnostics.Process]::Start($start)
        # Once it listens, the emulator prints DATABRICKS_HOST=... and DATABRICKS_TOKEN=...
        $EmulatorUrl = ($emulator.StandardOutput.ReadLine() -split '=', 2)[1]
        $EmulatorToken = ($emulator.StandardOutput.ReadLine() -split '=', 2)[1]
    }

    Import-Module $ModulePath
    # The caller's default session, if any, is made the default again at the end.
    $callersDefault = Get-DbxSession
    $token = [Net.NetworkCredential]::new('', $EmulatorToken).SecurePassword
    $session = Connect-DbxWorkspace -WorkspaceUrl $EmulatorUrl -Token $token -Name quickstart
    $session | Out-Default

    # The emulator plays these notebooks: 'exit' is what a task returns.
    $job = New-DbxJob -Name 'quickstart' -Parameter @{ env = 'demo' } -Task @(
        @{ task_key = 'extract'; notebook_task = @{ notebook_path = '/Workspace/quickstart/extract'; base_parameters = @{ exit = '42 rows' } } }
        @{ task_key = 'transform'; depends_on = @(@{ task_key = 'extract' }); notebook_task = @{ notebook_path = '/Workspace/quickstart/transform' } }
        @{ task_key = 'load'; depends_on = @(@{ task_key = 'transform' }); notebook_task = @{ notebook_path = '/Workspace/quickstart/load' } }
    )
    "Created job $($job.JobId) '$($job.Name)'. Running it..." | Out-Default

    $run = $job | Invoke-DbxJobRun | Wait-DbxRun
    "Run $($run.RunId) ended $($run.ResultState) in $($run.Duration.ToString('h\:mm\:ss'))." | Out-Default

    'Jobs:' | Out-Default
    Get-DbxJob -JobId $job.JobId | Out-Default
    'Runs of the job:' | Out-Default
    $job | Get-DbxRun | Out-Default
    'Tasks of the run:' | Out-Default
    $run.Tasks | Out-Default

    # A nightly run fails. The emulator's 'fail' parameter plays the broken notebook.
    'Running it again with a fault...' | Out-Default
    $failed = $job | Invoke-DbxJobRun -NotebookParameter @{ fail = 'true' } | Wait-DbxRun -IgnoreFailure
    "Run $($failed.RunId) ended $($failed.ResultState). What its tasks said:" | Out-Default
    $failed | Get-DbxRunOutput | Out-Default

    'Repairing the tasks that did not succeed, with the fault removed...' | Out-Default
    $repaired = $failed | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait
    "Run $($repaired.RunId) ended $($repaired.ResultState) after $($repaired.RepairHistory.Count - 1) repair:" | Out-Default
    $repaired.RepairHistory | Out-Default

    $folder = [IO.Path]::Combine([IO.Path]::GetTempPath(), "dbx-quickstart-$($repaired.RunId)")
    $files = $repaired | Export-DbxRun -Path $folder
    "Exported $($files.Count) HTML pages of the run to ${folder}:" | Out-Default
    $files.Name | Out-Default
}
finally {
    # Cleaning up must not hide why the tour stopped: its errors are written, not thrown.
    if ($job) {
        $job | Remove-DbxJob -Session $session -Confirm:$false -ErrorAction Continue -ErrorVariable notDeleted
        if (-not $notDeleted) { "Deleted job $($job.JobId), which the quickstart made." | Out-Default }
    }
    if ($session) { Disconnect-DbxWorkspace -Session $session }
    if ($callersDefault.IsConnected) { Use-DbxSession $callersDefault }
    if ($emulator) { $emulator.Kill() }
}
