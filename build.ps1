#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and packages the DatabricksJobs module.
.DESCRIPTION
    Build compiles the solution and lays out the module folder (manifest, format file, help, the module dll and its
    dependencies) under out/DatabricksJobs, ready for Import-Module. Test is what CI runs: every xunit test (dotnet
    test), then the Pester files (tests/*.Tests.ps1) in this PowerShell, with Pester 5.7.1 from its NuGet package
    (which dotnet test restores) and the module installed from its Gallery package by PSResourceGet into a folder of
    its own; it ends with the counts of both, and fails when any test fails. Package runs dotnet pack on the module,
    which builds it and makes, from out/DatabricksJobs, the PowerShell Gallery package
    out/DatabricksJobs.<version>.nupkg and the Azure Automation zip out/DatabricksJobs.zip. Demo builds and runs
    examples/quickstart.ps1 against a local emulator. With only the .NET SDK, run it in the pinned PowerShell:
    dotnet tool restore, then dotnet pwsh ./build.ps1.
.EXAMPLE
    ./build.ps1 -Task Package
    Import-Module ./out/DatabricksJobs/DatabricksJobs.psd1
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
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

# The counts of the TRX files dotnet test wrote: a skipped test is one not executed, a failed one executed and not passed.
# The names of the failed ones, with the first line of each failure, are kept for the closing lines: CI logs keep the
# tail of the output, and dotnet test reports a failure far above it.
function Get-XunitCount([string] $Folder) {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Failures = @() }
    foreach ($file in Get-ChildItem $Folder -Filter *.trx -ErrorAction SilentlyContinue) {
        $run = ([xml](Get-Content -Raw $file.FullName)).TestRun
        $counters = $run.ResultSummary.Counters
        $counts.Passed += [int]$counters.passed
        $counts.Failed += [int]$counters.executed - [int]$counters.passed
        $counts.Skipped += [int]$counters.total - [int]$counters.executed
        # Failed, Error, Timeout, Aborted: every outcome the counters take as executed and not passed.
        foreach ($result in @($run.Results.UnitTestResult) | Where-Object { $_ -and $_.outcome -notin 'Passed', 'NotExecuted' }) {
            $counts.Failures += "$($result.testName) ($($result.outcome)): $(Get-FirstLine $result.Output.ErrorInfo.Message)"
        }
    }
    [pscustomobject]$counts
}

# What failed in a Pester run, a line each for the closing lines: a file that could not run, a block whose set-up failed
# (once, not for each test under it, which carries no error of its own), and each other failed test.
function Get-PesterFailure($Result) {
    foreach ($container in $Result.FailedContainers) {
        # A file that does not parse: its first parse error and where, not the message's first line (only the position).
        $exception = $container.ErrorRecord[0].Exception
        $why = if ($exception.Errors) { "line $($exception.Errors[0].Extent.StartLineNumber): $($exception.Errors[0].Message)" } else { Get-FirstLine $exception.Message }
        "pester failed: $($container.Item): $why"
    }
    foreach ($block in $Result.FailedBlocks) { "pester failed: $($block.ExpandedPath) (set-up): $(Get-FirstLine $block.ErrorRecord[0])" }
    foreach ($test in $Result.Failed | Where-Object { $_.ErrorRecord.Count -gt 0 }) { "pester failed: $($test.ExpandedPath): $(Get-FirstLine $test.ErrorRecord[0])" }
}

function Get-FirstLine($Text) { "$Text".Trim() -split '\r?\n' | Select-Object -First 1 }

# The module as a user installs it: PSResourceGet takes the Gallery package from out/ (a folder of packages registered
# as a repository for the while) and installs it into $Path, never into the user's modules. Returns its manifest.
function Install-PackagedModule([string] $Path) {
    if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet)) {
        throw 'PSResourceGet, which installs the module from its package, is missing: run this in PowerShell 7.4 or later (dotnet tool restore; dotnet pwsh ./build.ps1), or Install-Module Microsoft.PowerShell.PSResourceGet.'
    }
    Import-Module Microsoft.PowerShell.PSResourceGet
    $version = (Import-PowerShellDataFile (Join-Path $PSScriptRoot 'DatabricksJobs.psd1')).ModuleVersion
    $repository = 'DatabricksJobsBuild'
    Register-PSResourceRepository -Name $repository -Uri (Join-Path $PSScriptRoot 'out') -Trusted -Force
    try {
        # Install-PSResource installs only into the user's or every user's modules: Save-PSResource -IncludeXml makes
        # the same installed folder where it is told.
        New-Item -ItemType Directory -Path $Path -Force | Out-Null
        Save-PSResource -Name DatabricksJobs -Version $version -Repository $repository -Path $Path -IncludeXml -TrustRepository -Quiet
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    Join-Path $Path "DatabricksJobs/$version/DatabricksJobs.psd1"
}

# Pester from the NuGet package the test project downloads (its tools/ folder is the module), in the version it names.
function Import-Pester {
    $project = [xml](Get-Content -Raw (Join-Path $PSScriptRoot 'tests/DatabricksJobs.Tests/DatabricksJobs.Tests.csproj'))
    $version = $project.SelectSingleNode('//PackageDownload[@Include="Pester"]').Version.Trim('[]')
    $packages = (& dotnet nuget locals global-packages --list | Where-Object { $_ -like 'global-packages: *' }) -replace '^global-packages: '
    $manifest = [IO.Path]::Combine($packages, 'pester', $version, 'tools', 'Pester.psd1')
    if (-not (Test-Path $manifest)) { throw "Pester $version is not in $packages (dotnet restore $solution downloads it)." }
    Import-Module $manifest -Force
}

# The Pester files, importing the installed module (DBX_MODULE), whose folder comes first on the module path (for the
# processes they start too), with PowerShell's default preferences.
function Invoke-PesterFiles([string] $ModulePath, [string] $Manifest) {
    $ErrorActionPreference = 'Continue'
    $saved = $env:PSModulePath, $env:DBX_MODULE
    try {
        $env:PSModulePath = $ModulePath + [IO.Path]::PathSeparator + $env:PSModulePath
        $env:DBX_MODULE = $Manifest
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = Join-Path $PSScriptRoot 'tests'
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        Invoke-Pester -Configuration $configuration
    }
    finally {
        $env:PSModulePath, $env:DBX_MODULE = $saved
    }
}

switch ($Task) {
    'Build' {
        Invoke-Dotnet build $solution -c $Configuration
    }
    'Test' {
        $work = Join-Path ([IO.Path]::GetTempPath()) "dbx-test-$([guid]::NewGuid().ToString('N'))"
        try {
            # Every xunit test; the build it runs lays out out/DatabricksJobs and builds the emulator the Pester files start.
            $results = Join-Path $work 'xunit'
            & dotnet test $solution -c $Configuration --logger trx --results-directory $results
            $xunitExitCode = $LASTEXITCODE
            $xunit = Get-XunitCount $results
            if ($xunit.Passed + $xunit.Failed -eq 0) { throw "dotnet test ran no test (exit code $xunitExitCode)." }

            # Then the Pester files, in this PowerShell, against the module installed from the package dotnet pack makes.
            Invoke-Dotnet pack (Join-Path $PSScriptRoot 'src/DatabricksJobs') -c $Configuration --no-build
            $modules = Join-Path $work 'Modules'
            $manifest = Install-PackagedModule -Path $modules
            "The Pester files import $manifest, installed from the package."
            Import-Pester
            $pester = Invoke-PesterFiles -ModulePath $modules -Manifest $manifest
        }
        finally {
            Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        }

        # The closing lines: each runner's counts, then both together.
        "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
        "pester: $($pester.PassedCount) passed, $($pester.FailedCount) failed, $($pester.SkippedCount) skipped"
        foreach ($failure in $xunit.Failures) { "xunit failed: $failure" }
        Get-PesterFailure $pester
        "tests: $($xunit.Passed + $pester.PassedCount) passed, $($xunit.Failed + $pester.FailedCount) failed, $($xunit.Skipped + $pester.SkippedCount) skipped"
        if ($xunitExitCode -ne 0 -or $pester.Result -ne 'Passed' -or $pester.PassedCount -eq 0) {
            throw "The tests failed (dotnet test exit code $xunitExitCode, Pester $($pester.Result))."
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
