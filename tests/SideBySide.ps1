<#
.SYNOPSIS
    Uses DatabricksJobs beside a module that ships and uses other versions of its dependencies, in either order.
.DESCRIPTION
    A runbook that imports Az.Accounts or Microsoft.Graph before DatabricksJobs is the common case: both ship
    Microsoft.Extensions.* and System.Text.Json. This script imports the test module DatabricksJobs.ConflictModule
    (Microsoft.Extensions.Http 8, System.Text.Json 8, beside its dll) and DatabricksJobs in the order given, uses
    both, uses the first again, and lists the copies of the shared libraries that ended up loaded. It needs a new
    process each time (nothing of either module loaded yet) and DATABRICKS_HOST / DATABRICKS_TOKEN (an emulator).
    Run by the hosted tests (tests/DatabricksJobs.Tests/SideBySideTests.cs) in a new process of the pinned pwsh
    (dotnet pwsh), and by the Pester file in a new process of the PowerShell it runs in (pwsh or powershell.exe).
    Uses only PowerShell's core cmdlets.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/SideBySide.ps1 tests/DatabricksJobs.ConflictModule/bin/Debug/netstandard2.0/DatabricksJobs.ConflictModule.dll ConflictFirst
#>
param(
    [Parameter(Mandatory)]
    [string] $ConflictModule,

    [Parameter(Mandatory)]
    [ValidateSet('ConflictFirst', 'DatabricksJobsFirst')]
    [string] $Order,

    [string] $ModulePath = [IO.Path]::Combine($PSScriptRoot, '..', 'out', 'DatabricksJobs', 'DatabricksJobs.psd1')
)
$ErrorActionPreference = 'Stop'
# Import-Module takes a bare relative path for a module name.
$ConflictModule = [IO.Path]::GetFullPath($ConflictModule)

function Use-ConflictModule {
    Import-Module $ConflictModule
    $probe = Test-ConflictProbe
    "conflict module: Microsoft.Extensions.Http $($probe.ExtensionsHttp), System.Text.Json $($probe.TextJson), $($probe.Json)"
}

function Use-DatabricksJobs {
    Import-Module $ModulePath
    $session = Connect-DbxWorkspace
    $job = New-DbxJob -Name "side-by-side $Order" -Task @{ task_key = 'main'; notebook_task = @{ notebook_path = '/side-by-side'; base_parameters = @{ exit = 'both loaded' } } }
    $run = $job | Invoke-DbxJobRun -Wait -Timeout 120
    $output = $run | Get-DbxRunOutput
    "DatabricksJobs: $($session.UserName) ran job $($job.JobId): run $($run.RunId) ended $($run.ResultState) with '$($output.NotebookOutput.Result)'"
    $job | Remove-DbxJob -Confirm:$false
}

if ($Order -eq 'ConflictFirst') {
    Use-ConflictModule
    Use-DatabricksJobs
    Use-ConflictModule
}
else {
    Use-DatabricksJobs
    Use-ConflictModule
    Use-DatabricksJobs
}

$shared = 'Microsoft.Extensions.Http', 'Microsoft.Extensions.DependencyInjection.Abstractions', 'System.Text.Json', 'DatabricksJobs.Engine'
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $shared -contains $_.GetName().Name } |
    ForEach-Object { "loaded: $($_.GetName().Name) $($_.GetName().Version) from $($_.Location)" }
