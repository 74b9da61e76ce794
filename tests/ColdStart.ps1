<#
.SYNOPSIS
    Imports DatabricksJobs in a new process, makes its first requests, and says where its engine came from.
.DESCRIPTION
    On PowerShell 7.6 (.NET 10) on a platform the module ships ReadyToRun images for, the engine and its
    Microsoft.Extensions libraries load from dependencies/net10.0-<platform>/ (the same IL with native code); elsewhere,
    or from a copy of the module without those folders, from the IL in dependencies/. This script connects to the
    workspace in DATABRICKS_HOST / DATABRICKS_TOKEN, lists jobs, and prints the files the module's libraries loaded from
    and, on .NET, how many methods the process JIT-compiled, which the images make fewer. Run by the hosted tests
    (tests/DatabricksJobs.Tests/ReadyToRunTests.cs) in a new process of the pinned pwsh, and by the Pester file in a
    new process of the PowerShell it runs in. Uses only PowerShell's core cmdlets.
.EXAMPLE
    dotnet pwsh -NoProfile -File tests/ColdStart.ps1 out/DatabricksJobs/DatabricksJobs.psd1
#>
param(
    [Parameter(Mandatory)]
    [string] $ModulePath
)
$ErrorActionPreference = 'Stop'
Import-Module ([IO.Path]::GetFullPath($ModulePath))
Connect-DbxWorkspace | Out-Null
"jobs listed: $(@(Get-DbxJob).Count)"
$libraries = 'DatabricksJobs.Engine', 'Microsoft.Extensions.Http', 'Microsoft.Extensions.DependencyInjection'
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $libraries -contains $_.GetName().Name } |
    ForEach-Object { "loaded: $($_.GetName().Name) from $($_.Location)" }
if ('System.Runtime.JitInfo' -as [type]) { "methods JIT-compiled: $([System.Runtime.JitInfo]::GetCompiledMethodCount($false))" }
