#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of the module against a local emulator, for machines with PowerShell (CI on Ubuntu and Windows,
    pwsh 7 and Windows PowerShell 5.1). The same scenarios run in the hosted engine in tests/DatabricksJobs.Tests,
    which is what this repository's own CI runs. Run after ./build.ps1 -Task Package:
        Invoke-Pester ./tests
#>

BeforeAll {
    $root = Split-Path $PSScriptRoot -Parent
    $emulatorDll = Get-ChildItem (Join-Path $root 'src/DatabricksJobs.Emulator/bin') -Recurse -Filter DatabricksJobs.Emulator.dll |
        Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $emulatorDll) { throw 'Build the solution first (./build.ps1 -Task Package).' }
    $start = [Diagnostics.ProcessStartInfo]::new('dotnet', "`"$($emulatorDll.FullName)`" --urls http://127.0.0.1:0 --task-duration 0.2")
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $script:emulator = [Diagnostics.Process]::Start($start)
    $script:dbxHost = ($emulator.StandardOutput.ReadLine() -split '=', 2)[1]
    $script:dbxToken = ($emulator.StandardOutput.ReadLine() -split '=', 2)[1]
    Import-Module (Join-Path $root 'out/DatabricksJobs/DatabricksJobs.psd1') -Force
    $secure = ConvertTo-SecureString $dbxToken -AsPlainText -Force
    Connect-DbxWorkspace -Host $dbxHost -Token $secure | Out-Null

    function New-TestJob([string] $Prefix = 'pester', [hashtable] $Parameters = @{}) {
        New-DbxJob -Name "$Prefix-$([guid]::NewGuid().ToString('N'))" -MaxConcurrentRuns 10 -Task @(
            @{ task_key = 'extract'; notebook_task = @{ notebook_path = '/e'; base_parameters = $Parameters } }
            @{ task_key = 'load'; depends_on = @(@{ task_key = 'extract' }); notebook_task = @{ notebook_path = '/l' } }
        )
    }
}

AfterAll {
    Disconnect-DbxWorkspace
    if ($emulator -and -not $emulator.HasExited) { $emulator.Kill() }
}

Describe 'Sessions' {
    It 'connects, and the session is the default' {
        $session = Get-DbxSession
        $session.Host | Should -Be ([uri]"$dbxHost/")
        $session.UserName | Should -Not -BeNullOrEmpty
        "$session" | Should -Not -Match ([regex]::Escape($dbxToken))
    }

    It 'refuses a wrong token with an authentication error' {
        $bad = ConvertTo-SecureString 'dapi-wrong' -AsPlainText -Force
        { Connect-DbxWorkspace -Host $dbxHost -Token $bad -RetryTimeout 1 } | Should -Throw -ErrorId 'UNAUTHENTICATED*'
    }

    It 'refuses plain http to a host that is not loopback' {
        $secure = ConvertTo-SecureString $dbxToken -AsPlainText -Force
        { Connect-DbxWorkspace -Host 'http://example.com' -Token $secure } | Should -Throw -ExpectedMessage '*plain http*'
    }
}

Describe 'Jobs' {
    It 'creates, gets, lists by name, updates and removes a job' {
        $job = New-TestJob
        $job.Name | Should -Match '^pester-'
        $job.TaskCount | Should -Be 2
        (Get-DbxJob -JobId $job.JobId).JobId | Should -Be $job.JobId
        (Get-DbxJob -Name $job.Name).JobId | Should -Be $job.JobId
        ($job | Update-DbxJob -Name "$($job.Name)-renamed" -PassThru).Name | Should -Be "$($job.Name)-renamed"
        $job | Remove-DbxJob -Confirm:$false
        Get-DbxJob -JobId $job.JobId -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RESOURCE_DOES_NOT_EXIST,*'
    }

    It 'exports settings that New-DbxJob -Path takes back unchanged' {
        $job = New-TestJob
        $file = Join-Path $TestDrive 'job.json'
        Export-DbxJob -JobId $job.JobId -Path $file
        $copy = New-DbxJob -Path $file
        Export-DbxJob -JobId $copy.JobId | Should -Be (Export-DbxJob -JobId $job.JobId)
    }

    It 'reports a bad JSON file clearly and goes on with the next file' {
        Set-Content (Join-Path $TestDrive 'bad.json') '{ not json'
        Export-DbxJob -JobId (New-TestJob).JobId -Path (Join-Path $TestDrive 'good.json') -Force
        $jobs = New-DbxJob -Path (Join-Path $TestDrive 'bad.json'), (Join-Path $TestDrive 'good.json') -ErrorVariable err -ErrorAction SilentlyContinue
        @($jobs).Count | Should -Be 1
        $err[0].ErrorDetails.Message | Should -BeLike '*not valid JSON*'
    }
}

Describe 'Runs' {
    It 'runs a job, waits with progress and returns the finished run' {
        $run = New-TestJob | Invoke-DbxJobRun | Wait-DbxRun
        $run.ResultState | Should -Be 'SUCCESS'
        $run.Duration | Should -BeOfType [timespan]
        $run.StartTime | Should -BeOfType [datetime]
    }

    It 'lists a job''s runs from the pipeline and filters on result' {
        $job = New-TestJob
        $job | Invoke-DbxJobRun -Wait | Out-Null
        $job | Invoke-DbxJobRun -NotebookParameter @{ fail = 'true' } -Wait -IgnoreFailure | Out-Null
        @(Get-DbxJob -JobId $job.JobId | Get-DbxRun).Count | Should -Be 2
        @(Get-DbxRun -JobId $job.JobId -Completed | Where-Object ResultState -eq FAILED).Count | Should -Be 1
    }

    It 'writes an error naming the failed task, which -ErrorAction Stop turns into a failure' {
        $job = New-TestJob -Parameters @{ fail = 'true' }
        { $job | Invoke-DbxJobRun | Wait-DbxRun -ErrorAction Stop } | Should -Throw -ExpectedMessage '*extract (FAILED)*fail=true*'
    }

    It 'gives the same run for the same idempotency token' {
        $job = New-TestJob
        ($job | Invoke-DbxJobRun -IdempotencyToken 'pester-token').RunId | Should -Be ($job | Invoke-DbxJobRun -IdempotencyToken 'pester-token').RunId
    }

    It 'stops waiting at the timeout with an error' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '30' }
        $job | Invoke-DbxJobRun -Wait -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
    }

    It 'starts nothing with -WhatIf' {
        $job = New-TestJob
        $job | Invoke-DbxJobRun -WhatIf
        @(Get-DbxRun -JobId $job.JobId).Count | Should -Be 0
    }

    It 'shows jobs and runs as tables' {
        $job = New-TestJob
        ($job | Out-String) | Should -Match 'JobId\s+Name\s+Tasks\s+Schedule\s+Creator'
        ($job | Invoke-DbxJobRun -Wait | Out-String) | Should -Match 'RunId\s+JobId\s+Name\s+State\s+Result\s+Start\s+Duration'
    }

    It 'keeps the token out of verbose output' {
        $verbose = New-TestJob | Invoke-DbxJobRun -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose | Should -Not -BeNullOrEmpty
        ($verbose | Out-String) | Should -Not -Match ([regex]::Escape($dbxToken))
    }
}
