#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the DatabricksJobs module.
.DESCRIPTION
    Build compiles the solution. Test runs every test (the same command as CI). Package lays out the
    module folder (manifest, format file, the module dll and its dependencies) under out/DatabricksJobs,
    ready for Import-Module or Publish-Module.
.EXAMPLE
    ./build.ps1 -Task Package
    Import-Module ./out/DatabricksJobs/DatabricksJobs.psd1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$solution = Join-Path $PSScriptRoot 'DatabricksJobs.sln'
$moduleOut = Join-Path $PSScriptRoot 'out/DatabricksJobs'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args[0]) failed with exit code $LASTEXITCODE." }
}

switch ($Task) {
    'Build' {
        Invoke-Dotnet build $solution -c $Configuration
    }
    'Test' {
        Invoke-Dotnet test $solution -c $Configuration
    }
    'Package' {
        Invoke-Dotnet build $solution -c $Configuration
        if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
        New-Item $moduleOut -ItemType Directory | Out-Null
        Copy-Item (Join-Path $PSScriptRoot 'DatabricksJobs.psd1'), (Join-Path $PSScriptRoot 'DatabricksJobs.format.ps1xml') $moduleOut
        $binaries = Join-Path $PSScriptRoot "src/DatabricksJobs/bin/$Configuration/netstandard2.0"
        Copy-Item (Join-Path $binaries '*.dll') $moduleOut
        Test-ModuleManifest (Join-Path $moduleOut 'DatabricksJobs.psd1') | Out-Null
        Write-Host "Module laid out in $moduleOut"
    }
}
