<#
.SYNOPSIS
    A first tour of DatabricksJobs: connect, create a three-task job, run it and wait with progress, list jobs
    and runs as tables, then repair a failed run and export it as HTML.
.DESCRIPTION
    Against the workspace that DATABRICKS_HOST and DATABRICKS_TOKEN name, or, when DATABRICKS_HOST is not set,
    against a local Jobs API emulator that this script starts and stops (it needs the .NET SDK).
.EXAMPLE
    dotnet run --project tools/DatabricksJobs.ScriptHost -- examples/quickstart.ps1

    On a machine with only the .NET SDK: runs this script in the PowerShell engine hosted by a small program.
.EXAMPLE
    ./build.ps1 -Task Demo

    On a machine with PowerShell: packages the module, then runs this script.
#>
[CmdletBinding()]
param(
    # The module's manifest; by default the one dotnet build lays out in out/DatabricksJobs.
    [string] $ModulePath = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'DatabricksJobs', 'DatabricksJobs.psd1')
)

$ErrorActionPreference = 'Stop'
$emulator = $null
try {
    if (-not $env:DATABRICKS_HOST) {
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
        foreach ($line in 1..2) {
            $name, $value = $emulator.StandardOutput.ReadLine() -split '=', 2
            [Environment]::SetEnvironmentVariable($name, $value)
        }
    }

    Import-Module $ModulePath
    Connect-DbxWorkspace | Out-Default

    $job = New-DbxJob -Name 'quickstart' -Parameter @{ env = 'demo' } -Task @(
        @{ task_key = 'extract'; notebook_task = @{ notebook_path = '/Workspace/quickstart/extract'; base_parameters = @{ exit = '42 rows' } } }
        @{ task_key = 'transform'; depends_on = @(@{ task_key = 'extract' }); notebook_task = @{ notebook_path = '/Workspace/quickstart/transform' } }
        @{ task_key = 'load'; depends_on = @(@{ task_key = 'transform' }); notebook_task = @{ notebook_path = '/Workspace/quickstart/load' } }
    )
    "Created job $($job.JobId) '$($job.Name)'. Running it..." | Out-Default

    $run = $job | Invoke-DbxJobRun | Wait-DbxRun
    "Run $($run.RunId) ended $($run.ResultState) in $($run.Duration)." | Out-Default

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
    if ($emulator) {
        $emulator.Kill()
        $env:DATABRICKS_HOST = $null
        $env:DATABRICKS_TOKEN = $null
    }
}
