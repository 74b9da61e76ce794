#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the DatabricksJobs module.
.DESCRIPTION
    Build compiles the solution and lays out the module folder (manifest, format file, help, the module dll and its
    dependencies) under out/DatabricksJobs, ready for Import-Module. Test runs every test (the same command as CI),
    then the Pester files when Pester 5 is installed. Package runs dotnet pack on the module, which builds it and makes,
    from out/DatabricksJobs, the PowerShell Gallery package out/DatabricksJobs.<version>.nupkg and the Azure Automation
    zip out/DatabricksJobs.zip. Demo builds and runs examples/quickstart.ps1 against a local emulator.
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

switch ($Task) {
    'Build' {
        Invoke-Dotnet build $solution -c $Configuration
    }
    'Test' {
        # The build dotnet test runs lays out out/DatabricksJobs, which the Pester files import.
        Invoke-Dotnet test $solution -c $Configuration
        if (Get-Module Pester -ListAvailable | Where-Object Version -ge '5.0.0') {
            $result = Invoke-Pester -Path (Join-Path $PSScriptRoot 'tests') -Output Detailed -PassThru
            if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester tests failed." }
        }
        else {
            Write-Warning 'Pester 5 is not installed: the Pester files were not run (Install-Module Pester -MinimumVersion 5.0).'
        }
    }
    'Package' {
        # The README's pack command; the packages land in out/.
        Invoke-Dotnet pack (Join-Path $PSScriptRoot 'src/DatabricksJobs') -c $Configuration
    }
    'Demo' {
        Invoke-Dotnet build $solution -c $Configuration
        & (Join-Path $PSScriptRoot 'examples/quickstart.ps1') -ModulePath (Join-Path $moduleOut 'DatabricksJobs.psd1')
    }
}
