#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the DatabricksJobs module.
.DESCRIPTION
    Build compiles the solution. Test runs every test (the same command as CI), then the Pester files when
    Pester 5 is installed. Package lays out the module folder (manifest, format file, help, the module dll and its
    dependencies) under out/DatabricksJobs, ready for Import-Module or Publish-Module. Demo packages the module
    and runs examples/quickstart.ps1 against a local emulator.
.EXAMPLE
    ./build.ps1 -Task Package
    Import-Module ./out/DatabricksJobs/DatabricksJobs.psd1
.EXAMPLE
    ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
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

function Invoke-Package {
    Invoke-Dotnet build $solution -c $Configuration
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    New-Item $moduleOut -ItemType Directory | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'DatabricksJobs.psd1'), (Join-Path $PSScriptRoot 'DatabricksJobs.format.ps1xml') $moduleOut
    $binaries = Join-Path $PSScriptRoot "src/DatabricksJobs/bin/$Configuration/netstandard2.0"
    Copy-Item (Join-Path $binaries '*.dll') $moduleOut
    Copy-Item (Join-Path $binaries 'en-US') $moduleOut -Recurse
    Test-ModuleManifest (Join-Path $moduleOut 'DatabricksJobs.psd1') | Out-Null
    Write-Host "Module laid out in $moduleOut"
}

switch ($Task) {
    'Build' {
        Invoke-Dotnet build $solution -c $Configuration
    }
    'Test' {
        Invoke-Dotnet test $solution -c $Configuration
        if (Get-Module Pester -ListAvailable | Where-Object Version -ge '5.0.0') {
            Invoke-Package
            $result = Invoke-Pester -Path (Join-Path $PSScriptRoot 'tests') -Output Detailed -PassThru
            if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester tests failed." }
        }
        else {
            Write-Warning 'Pester 5 is not installed: the Pester files were not run (Install-Module Pester -MinimumVersion 5.0).'
        }
    }
    'Package' {
        Invoke-Package
    }
    'Demo' {
        Invoke-Package
        & (Join-Path $PSScriptRoot 'examples/quickstart.ps1') -ModulePath (Join-Path $moduleOut 'DatabricksJobs.psd1')
    }
}
