#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of the module against a local emulator, in real PowerShell: this repository's CI runs them in the
    pinned pwsh 7.6.10 (build.ps1 -Task Test, after the xunit tests of tests/DatabricksJobs.Tests, which run the same
    scenarios in the hosted engine), and the GitHub workflow on Windows PowerShell 5.1, PowerShell 7.4 and the newest
    PowerShell, each with the module installed from its Gallery package. Run after `dotnet build` (which builds the
    emulator and lays out the module):
        Invoke-Pester ./tests
    The module imported is out/DatabricksJobs, or the one $env:DBX_MODULE names (a name or a manifest's path), such
    as an installed DatabricksJobs.
#>

BeforeDiscovery {
    # Test cases are made before BeforeAll imports the module, so they come from the manifest.
    $cmdlets = (Import-PowerShellDataFile (Join-Path (Split-Path $PSScriptRoot -Parent) 'DatabricksJobs.psd1')).CmdletsToExport
}

BeforeAll {
    $root = Split-Path $PSScriptRoot -Parent
    $emulatorDll = Get-ChildItem (Join-Path $root 'src/DatabricksJobs.Emulator/bin') -Recurse -Filter DatabricksJobs.Emulator.dll |
        Where-Object { $_.Directory.Name -eq 'net10.0' } | Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $emulatorDll) { throw 'Build the solution first (dotnet build).' }

    # An emulator on a free port, with the options of $Arguments: its process, and the host and token it prints first
    # (the lines after them, such as --managed-identity's, are left on the process's output).
    function Start-TestEmulator([string] $Arguments) {
        $start = [Diagnostics.ProcessStartInfo]::new('dotnet', "`"$($emulatorDll.FullName)`" --urls http://127.0.0.1:0 $Arguments")
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $process = [Diagnostics.Process]::Start($start)
        [pscustomobject]@{
            Process = $process
            Host    = ($process.StandardOutput.ReadLine() -split '=', 2)[1]
            Token   = ($process.StandardOutput.ReadLine() -split '=', 2)[1]
        }
    }
    function Stop-TestEmulator($Emulator) {
        if ($Emulator -and -not $Emulator.Process.HasExited) { $Emulator.Process.Kill() }
    }
    # The emulator's count of the requests it has served, by route and by status (EMULATOR.md, test controls).
    function Get-EmulatorStats($Emulator) {
        Invoke-RestMethod -Uri "$($Emulator.Host)/emulator/stats" -Headers @{ Authorization = "Bearer $($Emulator.Token)" }
    }
    # A script of tests/ in a new process of this same PowerShell, where nothing of the module is loaded yet, signed in
    # to the emulator by the environment; it must end with exit code 0. What it wrote, errors included.
    function Invoke-TestScript([string] $Name, [string[]] $Arguments) {
        $powershell = (Get-Process -Id $PID).Path
        # PowerShell installed as a .NET tool (dotnet pwsh, or the workflow's 7.4) is the dotnet host running pwsh.dll,
        # so the process is dotnet: give it that dll. pwsh and powershell.exe of an ordinary install start as they are.
        $entryPoint = @(if ([IO.Path]::GetFileNameWithoutExtension($powershell) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $saved = $env:DATABRICKS_HOST, $env:DATABRICKS_TOKEN
        try {
            $env:DATABRICKS_HOST = $dbxHost
            $env:DATABRICKS_TOKEN = $dbxToken
            $output = & $powershell @entryPoint -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot $Name) @Arguments 2>&1
        }
        finally {
            $env:DATABRICKS_HOST, $env:DATABRICKS_TOKEN = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output
    }

    $script:emulator = Start-TestEmulator '--task-duration 0.2 --oauth-client pester-client=pester-oauth-secret --token-lifetime 4'
    $script:dbxHost = $emulator.Host
    $script:dbxToken = $emulator.Token
    $script:modulePath = if ($env:DBX_MODULE) { $env:DBX_MODULE } else { Join-Path $root 'out/DatabricksJobs/DatabricksJobs.psd1' }
    Import-Module $modulePath -Force
    $secure = ConvertTo-SecureString $dbxToken -AsPlainText -Force
    Connect-DbxWorkspace -Host $dbxHost -Token $secure | Out-Null

    function New-TestJob([string] $Prefix = 'pester', [hashtable] $Parameters = @{}) {
        New-DbxJob -Name "$Prefix-$([guid]::NewGuid().ToString('N'))" -MaxConcurrentRuns 10 -Task @(
            @{ task_key = 'extract'; notebook_task = @{ notebook_path = '/e'; base_parameters = $Parameters } }
            @{ task_key = 'load'; depends_on = @(@{ task_key = 'extract' }); notebook_task = @{ notebook_path = '/l' } }
        )
    }
    # Faults the emulator answers the next matching requests with (see EMULATOR.md, test controls).
    function Set-Fault([hashtable] $Fault) {
        $body = $Fault | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$dbxHost/emulator/faults" -Headers @{ Authorization = "Bearer $dbxToken" } -Body $body -ContentType 'application/json' | Out-Null
    }
    function Clear-Fault { Invoke-RestMethod -Method Delete -Uri "$dbxHost/emulator/faults" -Headers @{ Authorization = "Bearer $dbxToken" } | Out-Null }
}

AfterAll {
    Disconnect-DbxWorkspace
    Stop-TestEmulator $emulator
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

Describe 'Sessions and sign-in' {
    BeforeAll {
        $script:secure = ConvertTo-SecureString $dbxToken -AsPlainText -Force
        $script:hostName = ([uri]$dbxHost).Authority
    }

    AfterAll {
        # The other blocks use the default session BeforeAll made: make a new one the default again.
        Disconnect-DbxWorkspace -All
        Connect-DbxWorkspace -Host $dbxHost -Token $secure | Out-Null
    }

    It 'signs in with a credential asset: a token alone, its user name ignored' {
        $asset = [pscredential]::new('anything', $secure)
        $session = Connect-DbxWorkspace -WorkspaceUrl $dbxHost -Credential $asset
        $session.AuthType | Should -Be 'PersonalAccessToken'
        $session.CredentialSource | Should -Be 'parameters'
    }

    It 'signs in with a service principal''s credential asset: client id and OAuth secret' {
        $asset = [pscredential]::new('pester-client', (ConvertTo-SecureString 'pester-oauth-secret' -AsPlainText -Force))
        $session = Connect-DbxWorkspace -WorkspaceUrl $dbxHost -Credential $asset -ServicePrincipal
        $session.AuthType | Should -Be 'OAuthM2M'
        $session.UserName | Should -Be 'pester-client'
    }

    It 'refuses a service principal''s credential asset without a user name, and an empty password' {
        $blank = [pscredential]::new(' ', (ConvertTo-SecureString 'pester-oauth-secret' -AsPlainText -Force))
        { Connect-DbxWorkspace -WorkspaceUrl $dbxHost -Credential $blank -ServicePrincipal -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCredential*'
        $empty = [pscredential]::new('token', [securestring]::new())
        { Connect-DbxWorkspace -WorkspaceUrl $dbxHost -Credential $empty -ErrorAction Stop } | Should -Throw -ExpectedMessage '*password of -Credential is empty*'
    }

    It 'signs in with an -AccessToken script block, asked again when the workspace refuses a token' {
        $asked = [ref]0
        $tokenUri = [uri]::new([uri]$dbxHost, '/oidc/v1/token')
        $mint = {
            $asked.Value++
            $body = @{ grant_type = 'client_credentials'; scope = 'all-apis'; client_id = 'pester-client'; client_secret = 'pester-oauth-secret' }
            (Invoke-RestMethod -Method Post -Uri $tokenUri -Body $body).access_token
        }.GetNewClosure()
        $session = Connect-DbxWorkspace -WorkspaceUrl $dbxHost -AccessToken $mint
        $session.AuthType | Should -Be 'AccessToken'
        $session.UserName | Should -Be 'pester-client'
        # The emulator's tokens live 4 s here: the next call is refused once, and the script block gives a new token.
        Start-Sleep -Seconds 5
        Get-DbxJob -Session $session | Out-Null
        $asked.Value | Should -BeGreaterOrEqual 2
        { Connect-DbxWorkspace -WorkspaceUrl $dbxHost -AccessToken { throw 'not signed in' } -ErrorAction Stop } | Should -Throw -ErrorId 'AccessTokenSourceFailed*'
    }

    It 'uses the method DATABRICKS_AUTH_TYPE names, and says what is wrong with an unknown or incomplete one' {
        $names = 'DATABRICKS_HOST', 'DATABRICKS_AUTH_TYPE', 'DATABRICKS_TOKEN', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_CLIENT_SECRET', 'DATABRICKS_CONFIG_FILE', 'DATABRICKS_CONFIG_PROFILE'
        $saved = @{}
        foreach ($name in $names) { $saved[$name] = [Environment]::GetEnvironmentVariable($name) }
        try {
            $env:DATABRICKS_CONFIG_FILE = Join-Path ([IO.Path]::GetTempPath()) "no-databrickscfg-$([guid]::NewGuid())"
            $env:DATABRICKS_CONFIG_PROFILE = $null
            $env:DATABRICKS_HOST = $dbxHost
            $env:DATABRICKS_TOKEN = $dbxToken
            $env:DATABRICKS_CLIENT_ID = 'pester-client'
            $env:DATABRICKS_CLIENT_SECRET = 'pester-oauth-secret'
            $env:DATABRICKS_AUTH_TYPE = 'oauth-m2m'
            (Connect-DbxWorkspace).AuthType | Should -Be 'OAuthM2M'
            $env:DATABRICKS_AUTH_TYPE = 'magic'
            { Connect-DbxWorkspace -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownAuthType*'
            $env:DATABRICKS_AUTH_TYPE = 'azure-client-secret'
            { Connect-DbxWorkspace -ErrorAction Stop } | Should -Throw -ErrorId 'IncompleteAuthType*'
        }
        finally {
            foreach ($name in $names) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }

    It 'names sessions after their host, or as told, and lists them with the default marked' {
        Disconnect-DbxWorkspace -All
        $first = Connect-DbxWorkspace -Host $dbxHost -Token $secure
        $second = Connect-DbxWorkspace -Host $dbxHost -Token $secure
        $prod = Connect-DbxWorkspace -Host $dbxHost -Token $secure -Name prod
        $first.Name | Should -Be $hostName
        $second.Name | Should -Be "$hostName-2"
        (Get-DbxSession -All).Name | Should -Be @($hostName, "$hostName-2", 'prod')
        (Get-DbxSession -All | Where-Object IsDefault).Name | Should -Be 'prod'
        (Get-DbxSession -Name 'PR*').Name | Should -Be 'prod'
        { Get-DbxSession -Name nope -ErrorAction Stop } | Should -Throw -ErrorId 'SessionNotFound*'
    }

    It 'takes a session name for -Session, and refuses an unknown one clearly' {
        $job = New-DbxJob -Name "pester-named-$([guid]::NewGuid().ToString('N'))" -Session prod -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        (Get-DbxJob -JobId $job.JobId -Session prod).JobId | Should -Be $job.JobId
        { Get-DbxJob -Session nope } | Should -Throw -ExpectedMessage "*There is no session named 'nope'*"
    }

    It 'replaces and disconnects the session of a name given again' {
        $old = Get-DbxSession -Name prod
        $new = Connect-DbxWorkspace -Host $dbxHost -Token $secure -Name prod
        $old.IsConnected | Should -BeFalse
        $new.IsConnected | Should -BeTrue
        @(Get-DbxSession -All | Where-Object Name -eq prod).Count | Should -Be 1
    }

    It 'makes a session the default with Use-DbxSession, and refuses a disconnected one' {
        Use-DbxSession $hostName
        (Get-DbxSession).Name | Should -Be $hostName
        (Get-DbxSession -Name prod | Use-DbxSession -PassThru).IsDefault | Should -BeTrue
        $gone = Get-DbxSession -Name "$hostName-2"
        Disconnect-DbxWorkspace -Session "$hostName-2"
        { Use-DbxSession $gone -ErrorAction Stop } | Should -Throw -ErrorId 'SessionDisconnected*'
    }

    It 'completes session names' {
        $line = 'Get-DbxJob -Session pr'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'prod'
    }

    It 'disconnects the default, leaving no default, and then all' {
        Disconnect-DbxWorkspace
        Get-DbxSession | Should -BeNullOrEmpty
        (Get-DbxSession -All).Name | Should -Be $hostName
        Disconnect-DbxWorkspace -All
        Get-DbxSession -All | Should -BeNullOrEmpty
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
        $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidJson,*'
    }
}

Describe 'Safe by default' {
    BeforeAll {
        # The error a command stops with, or $null when it ran.
        function Get-StopError([string] $Command, [hashtable] $Arguments) {
            try { & $Command @Arguments -ErrorAction Stop | Out-Null; $null } catch { $_ }
        }
    }

    It 'refuses $null and an empty list for every id and name of <_>, as a binding error' -ForEach $cmdlets {
        $command = $_
        $parameters = @((Get-Command $command).Parameters.Values | Where-Object Name -Match '(Id|Name)$')
        if ($parameters.Count -eq 0) { Set-ItResult -Skipped -Because 'it has no id or name parameter' }
        foreach ($parameter in $parameters) {
            $empty = Get-StopError $command @{ $parameter.Name = @() }
            $empty.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException]) -Because "$command -$($parameter.Name) @()"
            if ("$command -$($parameter.Name)" -eq 'Wait-DbxRun -JobId') {
                # A hint a one-time run binds as $null, choosing nothing; 0 is still no id.
                (Get-StopError $command @{ RunId = 1; JobId = 0 }).FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*'
                continue
            }
            $nullError = Get-StopError $command @{ $parameter.Name = $null }
            $nullError.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError*' -Because "$command -$($parameter.Name) `$null"
            $nullError.Exception | Should -BeOfType ([System.Management.Automation.ParameterBindingException])
        }
    }

    It 'refuses the destructive pipelines of an empty id, and they delete nothing' {
        $jobs = 1..2 | ForEach-Object { New-TestJob -Prefix 'pester-safe' }
        $runs = $jobs | ForEach-Object { $_ | Invoke-DbxJobRun -Wait; $_ | Invoke-DbxJobRun -Wait }
        $before = @(Get-DbxJob).Count, @(Get-DbxRun).Count
        $id = $null
        $found = Get-DbxJob -Name 'pester-safe-no-such-job-*'
        { Get-DbxJob -JobId $id | Remove-DbxJob -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-DbxJob -JobId $found.JobId | Remove-DbxJob -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-DbxRun -RunId $id | Remove-DbxRun -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-DbxRun -JobId $id | Remove-DbxRun -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { [pscustomobject]@{ JobId = $null } | Get-DbxRun -ErrorAction Stop | Remove-DbxRun -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { $null | Get-DbxJob -ErrorAction Stop | Remove-DbxJob -Confirm:$false } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-DbxJob -JobId 0 } | Should -Throw -ExpectedMessage '*0 is no id*'
        @(Get-DbxJob).Count, @(Get-DbxRun).Count | Should -Be $before
        # Left out, the id lists everything; an id that is there reaches only its run.
        @(Get-DbxJob).JobId | Should -Contain $jobs[1].JobId
        Get-DbxRun -RunId $runs[0].RunId | Remove-DbxRun -Confirm:$false
        @(Get-DbxRun).Count | Should -Be ($before[1] - 1)
    }

    It 'sends a value of a set in the API''s spelling, whatever the case typed' {
        $job = New-TestJob -Prefix 'pester-safe'
        $job | Add-DbxJobPermission -UserName lower@example.com -PermissionLevel can_view
        ($job | Get-DbxJobPermission | Where-Object Principal -eq 'lower@example.com').PermissionLevel | Should -Be 'CAN_VIEW'
        $run = $job | Invoke-DbxJobRun -PerformanceTarget standard -Wait
        $run.EffectivePerformanceTarget | Should -Be 'STANDARD'
        (Get-DbxRun -JobId $job.JobId -RunType job_run).RunId | Should -Be $run.RunId
    }

    It 'marks deleting runs and replacing grants as high impact, and names the grants a replace would remove' {
        foreach ($command in 'Remove-DbxRun', 'Set-DbxJobPermission') {
            (Get-Command $command).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be 'High'
        }
        $job = New-TestJob -Prefix 'pester-safe'
        $job | Add-DbxJobPermission -UserName alice@example.com -PermissionLevel CAN_MANAGE
        $log = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -Path $log | Out-Null
        try { $job | Set-DbxJobPermission -AccessControl @{ group_name = 'ops'; permission_level = 'CAN_VIEW' } -WhatIf } finally { Stop-Transcript | Out-Null }
        Get-Content $log -Raw | Should -BeLike "*Replace the direct grants: remove alice@example.com (CAN_MANAGE); grant group ops CAN_VIEW*Job $($job.JobId)*"
        ($job | Get-DbxJobPermission).Principal | Should -Contain 'alice@example.com'
        { $job | Set-DbxJobPermission -AccessControl ($job | Get-DbxJobPermission | Where-Object Inherited) -Confirm:$false } | Should -Throw -ErrorId 'NoDirectGrant*'
    }

    It 'waits once for a run given twice, with a warning naming it' {
        $run = New-TestJob -Prefix 'pester-safe' | Invoke-DbxJobRun -Wait
        $waited = Wait-DbxRun -RunId $run.RunId, $run.RunId -WarningVariable warned -WarningAction SilentlyContinue
        @($waited).Count | Should -Be 1
        $warned[0].Message | Should -Be "Runs given more than once are waited for and written once: $($run.RunId) (2 times)."
    }

    It 'says -From after -To is no window' {
        { Get-DbxRun -From 2030-01-01 -To 2020-01-01 -ErrorAction Stop } | Should -Throw -ErrorId 'FromAfterTo*' -ExpectedMessage '-From (2030-01-01 00:00:00) is after -To (2020-01-01 00:00:00)*'
    }
}

Describe 'Input checks' {
    It 'refuses a value that contains itself, or nests too deeply, and goes on with the next item' {
        $self = @{ name = 'pester-self' }
        $self.self = $self
        $deep = @{ name = 'pester-deep' }
        $at = $deep
        foreach ($i in 1..70) { $at.x = @{}; $at = $at.x }
        $good = @{ name = "pester-$([guid]::NewGuid().ToString('N'))"; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }
        $jobs = $self, $deep, $good | New-DbxJob -ErrorVariable err -ErrorAction SilentlyContinue
        @($jobs).Name | Should -Be $good.name
        $err.FullyQualifiedErrorId | Should -Be 'ValueContainsItself,DatabricksJobs.Commands.NewDbxJobCommand', 'ValueNestedTooDeeply,DatabricksJobs.Commands.NewDbxJobCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].TargetObject | Should -Be $self
        $err[0].ErrorDetails.Message | Should -BeLike '-Settings contains itself (at -Settings.self)*'
        $err[1].ErrorDetails.Message | Should -BeLike '*may nest at most 61 levels*'
    }

    It 'refuses a hashtable where the API takes text, instead of sending its type name' {
        $job = New-TestJob
        $run = $job | Invoke-DbxJobRun -NotebookParameter @{ n = @{ x = 1 } } -ErrorVariable err -ErrorAction SilentlyContinue
        $run | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'ParameterValueNotText,DatabricksJobs.Commands.InvokeDbxJobRunCommand'
        $err[0].ErrorDetails.Message | Should -BeLike "-NotebookParameter 'n' is a hashtable, but the Jobs API takes only text there*"
        $run = $job | Invoke-DbxJobRun -NotebookParameter @{ n = (@{ x = 1 } | ConvertTo-Json -Compress); flag = $true }
        (Get-DbxRun -RunId $run.RunId).OverridingParameters.NotebookParams['n'] | Should -Be '{"x":1}'
        (Get-DbxRun -RunId $run.RunId).OverridingParameters.NotebookParams['flag'] | Should -Be 'true'
    }

    It 'refuses a hashtable given to a list of text when binding, instead of sending its type name' {
        $job = New-TestJob
        { $job | Invoke-DbxJobRun -PythonParameter 'a', @{ b = 1 } -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentTransformationError*' -ExpectedMessage '*Item 2 is a hashtable*'
        @(Get-DbxRun -JobId $job.JobId).Count | Should -Be 0
    }

    It 'sends nested hashtables, objects and lists in settings as JSON' {
        $job = New-DbxJob -Settings @{
            name = "pester-$([guid]::NewGuid().ToString('N'))"
            tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } })
            future = @{ list = @(1, @{ b = [pscustomobject]@{ c = 3 } }) }
        }
        (Export-DbxJob -JobId $job.JobId | ConvertFrom-Json).future.list[1].b.c | Should -Be 3
    }

    It 'refuses a directory, a missing file or bad JSON as -Path, relative to the current location, and goes on with the next file' {
        $folder = Join-Path $TestDrive 'paths'
        New-Item -ItemType Directory (Join-Path $folder 'sub.json') | Out-Null
        Set-Content (Join-Path $folder 'bad.json') "{`n  oops`n}"
        Export-DbxJob -JobId (New-TestJob).JobId -Path (Join-Path $folder 'good.json')
        Push-Location $folder
        try {
            $jobs = New-DbxJob -Path sub.json, missing.json, bad.json, good.json -ErrorVariable err -ErrorAction SilentlyContinue
            $null = New-TestJob | Export-DbxJob -Path sub.json -ErrorVariable exportErr -ErrorAction SilentlyContinue
        }
        finally {
            Pop-Location
        }
        @($jobs).Count | Should -Be 1
        $err.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Be 'PathIsDirectory', 'PathNotFound', 'InvalidJson'
        $err[0].TargetObject | Should -Be 'sub.json'
        $err[0].ErrorDetails.Message | Should -Be "'$(Join-Path $folder 'sub.json')' is a directory, not a file."
        $err[2].ErrorDetails.Message | Should -BeLike '*is not valid JSON at line 2, position 3: *'
        $exportErr[0].FullyQualifiedErrorId | Should -Be 'PathIsDirectory,DatabricksJobs.Commands.ExportDbxJobCommand'
    }

    It 'says a name is no wildcard pattern, and takes escaped brackets as themselves' {
        $job = New-DbxJob -Name "pester-$([guid]::NewGuid().ToString('N'))-[x]"
        Get-DbxJob -Name 'pester-[x' -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidWildcardPattern,DatabricksJobs.Commands.GetDbxJobCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        (Get-DbxJob -Name ([WildcardPattern]::Escape($job.Name))).JobId | Should -Be $job.JobId
    }

    It 'completes nothing, and throws nothing, for a word that is no pattern' {
        foreach ($line in 'Get-DbxJob -Name a[b', 'Invoke-DbxJobRun -JobId [', 'Connect-DbxWorkspace -Profile a[b') {
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Should -BeNullOrEmpty
        }
        [DatabricksJobs.Completion.ProfileCompleter]::new().CompleteArgument('Connect-DbxWorkspace', 'Profile', 'a[b', $null, @{}) | Should -BeNullOrEmpty
    }
}

Describe 'Settings input' {
    It 'makes the same job from ConvertTo-Json of a job, given back as text or as ConvertFrom-Json''s object' {
        $job = New-TestJob
        $job = Update-DbxJob -JobId $job.JobId -Settings @{ tags = @{ team = 'data' }; schedule = @{ quartz_cron_expression = '0 0 2 * * ?'; timezone_id = 'UTC'; pause_status = 'PAUSED' } } -PassThru
        $json = Get-DbxJob -JobId $job.JobId | ConvertTo-Json -Depth 20
        $json | Should -BeLike '*"TaskKey":*'
        $fromText = New-DbxJob -Settings $json -WarningVariable warnings
        $fromObject = New-DbxJob -Json ($json | ConvertFrom-Json) -WarningVariable +warnings
        $warnings | Should -BeNullOrEmpty
        Export-DbxJob -JobId $fromText.JobId | Should -Be (Export-DbxJob -JobId $job.JobId)
        Export-DbxJob -JobId $fromObject.JobId | Should -Be (Export-DbxJob -JobId $job.JobId)
    }

    It 'takes keys in PascalCase, and sends them as the API spells them' {
        $name = "pester-pascal-$([guid]::NewGuid().ToString('N'))"
        $job = New-DbxJob -Settings @{ Name = $name; MaxConcurrentRuns = 2; Tasks = @(@{ TaskKey = 'a'; NotebookTask = @{ NotebookPath = '/a'; BaseParameters = @{ KeepMyCase = 'x' } } }) }
        $settings = Export-DbxJob -JobId $job.JobId | ConvertFrom-Json
        $settings.name | Should -BeExactly $name
        $settings.max_concurrent_runs | Should -Be 2
        $settings.tasks[0].notebook_task.notebook_path | Should -Be '/a'
        $settings.tasks[0].notebook_task.base_parameters.psobject.Properties.Name | Should -BeExactly 'KeepMyCase'
    }

    It 'makes a job from a job piped in, with -Name and -Tag winning over its settings' {
        $job = New-TestJob
        $copy = $job | New-DbxJob -Name "$($job.Name)-copy" -Tag @{ copied = 'yes' }
        $copy.Name | Should -Be "$($job.Name)-copy"
        $copy.Settings.Tags['copied'] | Should -Be 'yes'
        $copy.TaskCount | Should -Be 2
        $copy.Settings.MaxConcurrentRuns | Should -Be 10
    }

    It 'refuses a misspelt field, saying which was meant, and makes nothing' {
        $name = "pester-typo-$([guid]::NewGuid().ToString('N'))"
        New-DbxJob -Settings @{ name = $name; taks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'MisspelledField,DatabricksJobs.Commands.NewDbxJobCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].ErrorDetails.Message | Should -BeLike "-Settings has no field 'taks': did you mean 'tasks'*"
        Get-DbxJob -Name "$name*" | Should -BeNullOrEmpty
    }

    It 'sends a field it does not know as it is, with a warning naming it' {
        $name = "pester-unknown-$([guid]::NewGuid().ToString('N'))"
        $job = New-DbxJob -Settings @{ name = $name; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; future_in_task = 1 } }) } -WarningVariable warnings -WarningAction SilentlyContinue
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -Be "-Settings has a field the module does not know, 'tasks[0].notebook_task.future_in_task': it is sent as it is."
        (Export-DbxJob -JobId $job.JobId | ConvertFrom-Json).tasks[0].notebook_task.future_in_task | Should -Be 1
    }

    It 'creates a job from each file Get-ChildItem pipes in, as New-DbxJob''s help shows' {
        $name = "pester-files-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory (Join-Path $TestDrive 'jobs') | Out-Null
        foreach ($file in 'a', 'b') {
            @{ name = "$name-$file"; tasks = @(@{ task_key = 't'; notebook_task = @{ notebook_path = '/t' } }) } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $TestDrive "jobs/$file.json")
        }
        Push-Location $TestDrive
        try {
            $jobs = Get-ChildItem ./jobs/*.json | New-DbxJob
        }
        finally {
            Pop-Location
        }
        @($jobs).Name | Sort-Object | Should -Be "$name-a", "$name-b"
    }

    It 'submits the run of a file Get-Item pipes in, and sets a job from one' {
        $name = "pester-run-file-$([guid]::NewGuid().ToString('N'))"
        $file = Join-Path $TestDrive 'run.json'
        @{ run_name = $name; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) } | ConvertTo-Json -Depth 5 | Set-Content $file
        $run = Get-Item $file | Submit-DbxRun -Wait
        $run.RunName | Should -Be $name
        $run.ResultState | Should -Be 'SUCCESS'
        $job = New-TestJob
        Export-DbxJob -JobId $job.JobId -Path (Join-Path $TestDrive 'job.json')
        Update-DbxJob -JobId $job.JobId -Name "$($job.Name)-changed"
        (Get-Item (Join-Path $TestDrive 'job.json') | Set-DbxJob -JobId $job.JobId -PassThru -Confirm:$false).Name | Should -Be $job.Name
    }

    It 'merges named parameters over -Settings and -Json, the named ones winning' {
        $name = "pester-named-$([guid]::NewGuid().ToString('N'))"
        $settings = @{ name = 'from-settings'; max_concurrent_runs = 1; tags = @{ a = '1' }; tasks = @(@{ task_key = 's'; notebook_task = @{ notebook_path = '/s' } }) }
        $job = New-DbxJob -Settings $settings -Name $name -Tag @{ b = '2' } -MaxConcurrentRuns 3
        $job.Name | Should -Be $name
        $job.Settings.MaxConcurrentRuns | Should -Be 3
        $job.Settings.Tags.Keys | Sort-Object | Should -Be 'a', 'b'
        $job.TaskCount | Should -Be 1
        (New-DbxJob -Json '{"name": "from-json", "tasks": [{"task_key": "j", "notebook_task": {"notebook_path": "/j"}}]}' -Name "$name-json").Name | Should -Be "$name-json"
        $run = Submit-DbxRun -Json '{"run_name": "from-json", "tasks": [{"task_key": "j", "notebook_task": {"notebook_path": "/j"}}]}' -RunName "$name-run" -Wait
        $run.RunName | Should -Be "$name-run"
    }

    It 'refuses a job name that is only white space' {
        { New-DbxJob -Name '   ' -ErrorAction Stop } | Should -Throw -ErrorId 'BlankJobName,*'
    }

    It 'makes no job of empty settings, and replaces no job''s settings with them' {
        $job = New-TestJob
        $before = @(Get-DbxJob).Count
        $found = @{}
        { New-DbxJob -Settings $found -ErrorAction Stop } | Should -Throw -ErrorId 'EmptySettings,*'
        { Set-DbxJob -JobId $job.JobId -Json '{}' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'EmptySettings,*'
        @(Get-DbxJob).Count | Should -Be $before
        (Get-DbxJob -JobId $job.JobId).TaskCount | Should -Be 2
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

    It 'stops waiting at the timeout with an error, and writes the run as it is' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '30' }
        $run = $job | Invoke-DbxJobRun -Wait -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        # Not ended; on a loaded machine maybe not yet past PENDING.
        $run.LifeCycleState | Should -BeIn 'PENDING', 'RUNNING'
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $run | Stop-DbxRun
    }

    It 'starts nothing with -WhatIf' {
        $job = New-TestJob
        $job | Invoke-DbxJobRun -WhatIf
        @(Get-DbxRun -JobId $job.JobId).Count | Should -Be 0
    }

    It 'shows jobs and runs as tables' {
        $job = New-TestJob
        ($job | Out-String -Width 80) | Should -Match '(?m)^\s*JobId\s+TaskCount\s+Schedule\s+Paused\s+Name\s*$'
        ($job | Invoke-DbxJobRun -Wait | Out-String -Width 80) | Should -Match '(?m)^\s*RunId\s+LifeCycleState\s+ResultState\s+StartTime\s+Duration\s+RunName\s*$'
    }

    It 'keeps the token out of verbose output' {
        $verbose = New-TestJob | Invoke-DbxJobRun -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose | Should -Not -BeNullOrEmpty
        ($verbose | Out-String) | Should -Not -Match ([regex]::Escape($dbxToken))
    }
}

Describe 'Views' {
    BeforeAll {
        $longName = 'pester-views-' + ('x' * 77)
        $longKey = 'extract_' + ('k' * 92)
        $job = New-DbxJob -Name $longName -Schedule '0 0 2 * * ?' -TimeZone UTC -Task @(
            @{ task_key = $longKey; notebook_task = @{ notebook_path = '/a' } }
            @{ task_key = 'bad'; notebook_task = @{ notebook_path = '/b'; base_parameters = @{ fail = 'true' } } })
        $paused = New-DbxJob -Name $longName -Schedule '0 30 6 ? * MON-FRI' -TimeZone UTC -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        Update-DbxJob -JobId $paused.JobId -Pause
        $run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure
        function Get-Line([string] $Text) { $Text -split '\r?\n' | Where-Object { $_.Trim() } }
        # What a cut name ends with: an ellipsis, or three dots in Windows PowerShell.
        $cut = '(\u2026|\.\.\.)'
    }

    It 'shows what matters of a job and a run that follow a session in one output, not every field' {
        $text = & { Get-DbxSession; $job; $run } | Out-String -Width 120
        $text | Should -Match '(?m)^Paused\s+: False'
        $text | Should -Match '(?m)^RunPageUrl\s+: http'
        $text | Should -Not -Match 'EffectiveBudgetPolicyId|OriginalAttemptRunId|CleanupDurationMs'
    }

    It 'keeps a job''s schedule and paused flag, and the states of a run and its tasks, on one line at <_> columns with 90-character names' -ForEach 80, 120 {
        $width = $_
        $jobs = Get-DbxJob -JobId $job.JobId, $paused.JobId | Out-String -Width $width
        $runs = $run | Out-String -Width $width
        $tasks = $run.Tasks | Out-String -Width $width
        $jobs | Should -Match '(?m)^\s*JobId\s+TaskCount\s+Schedule\s+Paused\s+Name\s*$'
        $jobs | Should -Match "(?m)^\s*$($job.JobId)\s+2 0 0 2 \* \* \?\s+False\s+pester-views-x+$cut\s*$"
        $jobs | Should -Match "(?m)^\s*$($paused.JobId)\s+1 0 30 6 \? \* MON-FRI\s+True\s+pester-views-x+$cut\s*$"
        $runs | Should -Match '(?m)^\s*RunId\s+LifeCycleState\s+ResultState\s+StartTime\s+Duration\s+RunName\s*$'
        $runs | Should -Match "(?m)^\s*$($run.RunId) TERMINATED\s+FAILED\s+\d\d-\d\d \d\d:\d\d\s+0:00:0\d pester-\S*$cut\s*$"
        $tasks | Should -Match "(?m)^\s*\d+ TERMINATED\s+SUCCESS\s+0:00:0\d extract_k+$cut\s*$"
        $tasks | Should -Match '(?m)^\s*\d+ TERMINATED\s+FAILED\s+0:00:0\d bad\s*$'
        @(Get-Line $jobs).Count | Should -Be 4
        @(Get-Line $runs).Count | Should -Be 3
        @(Get-Line $tasks).Count | Should -Be 4
        Get-Line ($jobs + $runs + $tasks) | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width }
    }

    It 'shows what matters of a run in Format-List, with its URL, and why a task failed' {
        $list = $run | Format-List | Out-String -Width 400
        @(Get-Line $list).Count | Should -BeLessThan 20
        $list | Should -Match "(?m)^RunPageUrl\s+: $([regex]::Escape($run.RunPageUrl))\s*$"
        $list | Should -Match '(?m)^ResultState\s+: FAILED\s*$'
        $list | Should -Match '(?m)^Duration\s+: 0:00:0\d\s*$'
        $list | Should -Match '(?m)^\s+bad \(\d+\): FAILED\s*$'
        $task = $run.Tasks | Where-Object TaskKey -eq bad | Format-List | Out-String -Width 400
        $task | Should -Match "(?m)^StateMessage\s+: $([regex]::Escape(($run.Tasks | Where-Object TaskKey -eq bad).State.StateMessage))\s*$"
        $task | Should -Match '(?m)^RunPageUrl\s+: http\S+/run/\d+\s*$'
        ($paused | Get-DbxJob | Format-List | Out-String) | Should -Match '(?m)^Paused\s+: True\s*$'
    }

    It 'shows the compliance of jobs as a table of their violations, and a repair''s changes' {
        $policy = "policy-$([guid]::NewGuid().ToString('N'))"
        $body = @{ policy_id = $policy; definition = @{ spark_version = @{ type = 'fixed'; value = '15.4.x-scala2.12' } } } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Post -Uri "$dbxHost/emulator/policies" -Headers @{ Authorization = "Bearer $dbxToken" } -Body $body -ContentType 'application/json' | Out-Null
        $violating = New-DbxJob -Settings @{ name = $longName; tasks = @(@{ task_key = 'a'; job_cluster_key = 'main'; notebook_task = @{ notebook_path = '/a' } })
            job_clusters = @(@{ job_cluster_key = 'main'; new_cluster = @{ policy_id = $policy; spark_version = '14.3.x-scala2.12'; node_type_id = 'i3.xlarge'; num_workers = 1 } }) }
        $table = $violating | Get-DbxJobCompliance | Out-String -Width 80
        $table | Should -Match '(?m)^\s*JobId\s+IsCompliant\s+Violations\s*$'
        $table | Should -Match "(?m)^\s*$($violating.JobId) False\s+job_clusters\[main\]\.new_cluster\.spark_version\s*$"
        ($violating | Get-DbxJobCompliance | Format-List | Out-String -Width 400) | Should -Match '(?m)^Violations\s+: job_clusters\[main\]\.new_cluster\.spark_version: \S'
        $repair = $violating | Repair-DbxJobCompliance -ValidateOnly
        ($repair | Out-String -Width 80) | Should -Match "(?m)^\s*$($violating.JobId) True\s+job_clusters\[main\]\.new_cluster\.spark_version\s*$"
        ($repair.JobClusterChanges | Out-String -Width 80) | Should -Match '(?m)^14\.3\.x-scala2\.12\s+15\.4\.x-scala2\.12\s+job_clusters\[main\]\.new_cluster\.spark_version\s*$'
    }

    It 'shows the files Export-DbxRun writes as Get-ChildItem shows them, with their run and task' {
        $folder = Join-Path $TestDrive 'views'
        $files = $run | Export-DbxRun -Path $folder -Views All
        ($files | Sort-Object Name | Out-String -Width 120) | Should -Be (Get-ChildItem $folder | Sort-Object Name | Out-String -Width 120)
        $files | Should -BeOfType [System.IO.FileInfo]
        $files | ForEach-Object { $_.ParentRunId | Should -Be $run.RunId }
        $files | ForEach-Object { $_.RunId | Should -Be ($run.Tasks | Where-Object TaskKey -eq $_.TaskKey).RunId }
        @($files | Where-Object ViewType -eq DASHBOARD).Count | Should -Be 2
    }
}

Describe 'Repair, output and export' {
    It 'repairs a failed run twice without being told the latest repair id, and it ends successful' {
        $run = New-TestJob -Parameters @{ fail = 'true' } | Invoke-DbxJobRun -Wait -IgnoreFailure
        ($run | Repair-DbxRun -AllFailed -Wait -IgnoreFailure).ResultState | Should -Be 'FAILED'
        $repaired = $run | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait
        $repaired.ResultState | Should -Be 'SUCCESS'
        $repaired.RepairHistory.Type | Should -Be @('ORIGINAL', 'REPAIR', 'REPAIR')
        (Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory.Count | Should -Be 3
    }

    It 'repairs the failed runs of a job in one pipeline' {
        $job = New-TestJob -Parameters @{ fail = 'true' }
        1..2 | ForEach-Object { $job | Invoke-DbxJobRun } | Wait-DbxRun -IgnoreFailure | Out-Null
        $repaired = Get-DbxRun -JobId $job.JobId -Completed | Where-Object ResultState -eq FAILED |
            Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait
        @($repaired).Count | Should -Be 2
        $repaired.ResultState | Should -Be @('SUCCESS', 'SUCCESS')
    }

    It 'reruns a task and its dependents' {
        $run = New-TestJob -Parameters @{ fail = 'true' } | Invoke-DbxJobRun -Wait -IgnoreFailure
        $repaired = Repair-DbxRun -RunId $run.RunId -Task extract -IncludeDependents -NotebookParameter @{ fail = 'false' } -Wait
        $repaired.RepairHistory[1].TaskRunIds.Count | Should -Be 2
    }

    It 'gets each task''s result or error' {
        $run = New-TestJob -Parameters @{ exit = 'done' } | Invoke-DbxJobRun -Wait
        $outputs = $run | Get-DbxRunOutput
        ($outputs | Where-Object TaskKey -eq extract).Result | Should -Be 'done'
        $failed = New-TestJob -Parameters @{ fail = 'true' } | Invoke-DbxJobRun -Wait -IgnoreFailure | Get-DbxRunOutput
        ($failed | Where-Object TaskKey -eq extract).Error | Should -Not -BeNullOrEmpty
    }

    It 'exports readable HTML files named after run, task and view' {
        $run = New-TestJob | Invoke-DbxJobRun -Wait
        $files = $run | Export-DbxRun -Path (Join-Path $TestDrive 'export') -Views All
        @($files).Count | Should -Be 4
        $files | ForEach-Object { $_.Name | Should -BeLike "run-$($run.RunId)-*.html" }
        $files | ForEach-Object { Get-Content $_.FullName -Raw | Should -Match '</html>' }
        { $run | Export-DbxRun -Path (Join-Path $TestDrive 'export') -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-Force*'
        (Export-DbxRun -RunId $run.RunId -PassThru).Content | Should -Match '<html'
    }
}

Describe 'Cancel, delete and one-time runs' {
    It 'cancels a run and waits until it has ended, without an error' {
        $run = New-TestJob -Parameters @{ sleep_seconds = '60' } | Invoke-DbxJobRun
        $stopped = $run | Stop-DbxRun -Wait -ErrorAction Stop
        $stopped.ResultState | Should -Be 'CANCELED'
    }

    It 'cancels every active run of a job' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '60' }
        1..3 | ForEach-Object { $job | Invoke-DbxJobRun } | Out-Null
        @($job | Stop-DbxRun -All -Wait -Confirm:$false).Count | Should -Be 3
        Get-DbxRun -JobId $job.JobId -Active | Should -BeNullOrEmpty
    }

    It 'deletes a finished run and refuses an active one' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '60' }
        $done = $job | Invoke-DbxJobRun | Stop-DbxRun -Wait
        $done | Remove-DbxRun -Confirm:$false
        { Get-DbxRun -RunId $done.RunId -ErrorAction Stop } | Should -Throw -ErrorId 'RESOURCE_DOES_NOT_EXIST*'
        $active = $job | Invoke-DbxJobRun
        { $active | Remove-DbxRun -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'INVALID_PARAMETER_VALUE*'
        $active | Stop-DbxRun
    }

    It 'submits a one-time run once even when the answer is lost' {
        $headers = @{ Authorization = "Bearer $dbxToken" }
        $fault = @{ method = 'POST'; path = '/api/2.2/jobs/runs/submit'; drop_connection = $true; count = 1 } | ConvertTo-Json
        Invoke-RestMethod -Method Post -Uri "$dbxHost/emulator/faults" -Headers $headers -Body $fault -ContentType 'application/json' | Out-Null
        $name = "pester-submit-$([guid]::NewGuid().ToString('N'))"
        $run = Submit-DbxRun -RunName $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } -Wait
        $run.RunType | Should -Be 'SUBMIT_RUN'
        $run.ResultState | Should -Be 'SUCCESS'
        @(Get-DbxRun -RunType SUBMIT_RUN | Where-Object RunName -eq $name).Count | Should -Be 1
    }
}

Describe 'Names, prompts and timeouts' {
    It 'fails on a job name that no job has, and stops a runbook' {
        $name = "pester-missing-$([guid]::NewGuid().ToString('N'))"
        { Get-DbxJob -Name $name -ErrorAction Stop } | Should -Throw -ErrorId 'JobNotFound*'
        { Invoke-DbxJobRun -JobName $name -Wait -ErrorAction Stop } | Should -Throw -ExpectedMessage "There is no job named '$name'."
        @(Get-DbxJob -Name "$name*").Count | Should -Be 0
    }

    It 'takes a bare number as a job id' {
        $job = New-TestJob
        (Get-DbxJob $job.JobId).Name | Should -Be $job.Name
        (Get-DbxJob -Name $job.Name).TaskCount | Should -Be 2
    }

    It 'refuses a name several jobs share unless -All' {
        $job = New-TestJob
        $twin = New-DbxJob -Name $job.Name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        { Invoke-DbxJobRun -JobName $job.Name -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousJobName*'
        @(Invoke-DbxJobRun -JobName $job.Name -All -Wait).Count | Should -Be 2
        Remove-DbxJob -Name $job.Name -All -Confirm:$false
        @(Get-DbxJob -Name "$($job.Name)*").Count | Should -Be 0
    }

    It 'marks deleting and replacing as high impact, so they ask' {
        foreach ($command in 'Remove-DbxJob', 'Set-DbxJob') {
            (Get-Command $command).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0].ConfirmImpact | Should -Be 'High'
        }
    }

    It 'waits when given -Timeout, and cancels with -CancelOnTimeout' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '30' }
        $run = $job | Invoke-DbxJobRun -Timeout 1 -CancelOnTimeout -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].ErrorDetails.Message | Should -BeLike '*it was canceled (-CancelOnTimeout).'
        ($run | Wait-DbxRun -Timeout 30 -IgnoreFailure).ResultState | Should -Be 'CANCELED'
    }

    It 'reads every matching file of a -Path with wildcards' {
        $folder = Join-Path ([IO.Path]::GetTempPath()) "pester-wild-$([guid]::NewGuid().ToString('N'))"
        New-Item -ItemType Directory $folder | Out-Null
        try {
            $name = "pester-wild-$([guid]::NewGuid().ToString('N'))"
            'a', 'b' | ForEach-Object { @{ name = "$name-$_"; tasks = @(@{ task_key = 't'; notebook_task = @{ notebook_path = '/t' } }) } | ConvertTo-Json -Depth 5 | Set-Content (Join-Path $folder "$_.job.json") }
            @(New-DbxJob -Path (Join-Path $folder '*.job.json')).Count | Should -Be 2
            { New-DbxJob -Path (Join-Path $folder 'none*.json') -ErrorAction Stop } | Should -Throw -ErrorId 'PathNotFound*'
        } finally { Remove-Item $folder -Recurse -Force }
    }

    It 'types every task and hides the paging plumbing' {
        $job = New-DbxJob -Name "pester-typed-$([guid]::NewGuid().ToString('N'))" -Task @{ task_key = 'p'; spark_python_task = @{ python_file = 'main.py' } }
        $job.Settings.Tasks[0].SparkPythonTask.PythonFile | Should -Be 'main.py'
        $job.psobject.Properties.Name | Should -Not -Contain 'NextPageToken'
        $job.psobject.Properties.Name | Should -Not -Contain 'ExtensionData'
    }

    It 'names every table column after a property' {
        $format = [xml](Get-Content (Join-Path (Split-Path (Get-Module DatabricksJobs).Path) 'DatabricksJobs.format.ps1xml') -Raw)
        foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
            $properties = ([type]$view.ViewSelectedBy.TypeName).GetProperties().Name
            foreach ($label in $view.TableControl.TableHeaders.TableColumnHeader.Label) { $properties | Should -Contain $label }
        }
    }
}

Describe 'Parameters that fit' {
    It 'changes a job with New-DbxJob''s named settings, as jobs/update merges or replaces each' {
        $job = New-DbxJob -Name "pester-fit-$([guid]::NewGuid().ToString('N'))" -Tag @{ team = 'data' } -Parameter @{ p1 = 1 } -Schedule '0 0 2 * * ?' -TimeZone Europe/Amsterdam `
            -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        $job | Update-DbxJob -Pause
        $updated = $job.JobId | Update-DbxJob -Description fits -TimeoutSeconds 60 -Queue -Tag @{ env = 'prod' } -Parameter @{ p2 = 'x' } -Schedule '0 30 4 * * ?' `
            -Task @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' } } -PassThru
        $updated.Settings.Description | Should -Be 'fits'
        $updated.Settings.TimeoutSeconds | Should -Be 60
        $updated.Settings.Queue.Enabled | Should -BeTrue
        $updated.Settings.Tags.Keys | Should -Be @('env')
        $updated.Settings.Parameters.Name | Sort-Object | Should -Be @('p1', 'p2')
        $updated.Settings.Tasks.TaskKey | Sort-Object | Should -Be @('a', 'b')
        $updated.Settings.Schedule.QuartzCronExpression | Should -Be '0 30 4 * * ?'
        $updated.Settings.Schedule.TimezoneId | Should -Be 'Europe/Amsterdam'
        $updated.Settings.Schedule.PauseStatus | Should -Be 'PAUSED'
        (Update-DbxJob $job.JobId -TimeZone UTC -PassThru).Settings.Schedule.QuartzCronExpression | Should -Be '0 30 4 * * ?'
    }

    It 'keeps a job''s tags when they are given as -Settings, as Update-DbxJob''s example shows' {
        $job = New-DbxJob -Name "pester-fit-$([guid]::NewGuid().ToString('N'))" -Tag @{ team = 'data'; env = 'dev' } -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        Get-DbxJob $job.JobId | ForEach-Object { Update-DbxJob $_.JobId -Settings @{ tags = $_.Settings.Tags } -Tag @{ owner = 'data-eng'; env = 'prod' } }
        $tags = (Get-DbxJob $job.JobId).Settings.Tags
        $tags.Keys | Sort-Object | Should -Be @('env', 'owner', 'team')
        $tags['env'] | Should -Be 'prod'
    }

    It 'refuses a time zone with no schedule to go with it' {
        $job = New-DbxJob -Name "pester-fit-$([guid]::NewGuid().ToString('N'))" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        { $job | Update-DbxJob -TimeZone UTC -ErrorAction Stop } | Should -Throw -ErrorId 'NoSchedule*'
        { New-DbxJob -Name "$($job.Name)-tz" -TimeZone UTC -ErrorAction Stop } | Should -Throw -ErrorId 'NoSchedule*'
        (Get-DbxJob $job.JobId).Settings.Schedule | Should -BeNullOrEmpty
    }

    It 'lists the jobs of several names, each once, and says which exact name no job has' {
        $prefix = "pester-fit-names-$([guid]::NewGuid().ToString('N'))"
        'a', 'b' | ForEach-Object { New-DbxJob -Name "$prefix-$_" -Task @{ task_key = 't'; notebook_task = @{ notebook_path = '/t' } } } | Out-Null
        $jobs = Get-DbxJob -Name "$prefix-a", "$prefix-*", "$prefix-missing" -ErrorVariable err -ErrorAction SilentlyContinue
        $jobs.Name | Sort-Object | Should -Be @("$prefix-a", "$prefix-b")
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be "$prefix-missing"
        { Get-DbxJob -Name @() } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        (TabExpansion2 -inputScript "Get-DbxJob -Name $prefix-a, $prefix-" -cursorColumn "Get-DbxJob -Name $prefix-a, $prefix-".Length).CompletionMatches.CompletionText |
            Should -Be @("$prefix-a", "$prefix-b")
    }

    It 'takes ids bare from the pipeline: run ids to Get-DbxRun, job ids to Invoke-DbxJobRun and Update-DbxJob' {
        $jobs = 1..2 | ForEach-Object { New-DbxJob -Name "pester-fit-bare-$([guid]::NewGuid().ToString('N'))" -MaxConcurrentRuns 5 -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } }
        $runs = $jobs.JobId | Invoke-DbxJobRun -Wait
        $runs.JobId | Should -Be $jobs.JobId
        ($runs[0].RunId | Get-DbxRun).RunId | Should -Be $runs[0].RunId
        ($runs.RunId | Get-DbxRun).RunId | Sort-Object | Should -Be ($runs.RunId | Sort-Object)
        ($jobs[0] | Get-DbxRun).JobId | Should -Be $jobs[0].JobId
        ($runs[1] | Get-DbxRun).RunId | Should -Be $runs[1].RunId
        ($jobs.JobId | Update-DbxJob -Description bare -PassThru).Settings.Description | Should -Be @('bare', 'bare')
        { $null | Get-DbxRun -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { $null | Invoke-DbxJobRun -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { $null | Update-DbxJob -Pause -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Parity with the API and the orchestrators' {
    It 'sends queue, performance target and pipeline refresh selections' {
        $job = New-TestJob -Parameters @{ sleep_seconds = '3' }
        Update-DbxJob -JobId $job.JobId -MaxConcurrentRuns 1
        $first = $job | Invoke-DbxJobRun
        # Read back: without -Wait a start is written as run-now answers it, its ids.
        $queued = $job | Invoke-DbxJobRun -Queue -PerformanceTarget STANDARD -PipelineRefreshSelection t1 | Get-DbxRun
        $queued.LifeCycleState | Should -Be 'QUEUED'
        $queued.EffectivePerformanceTarget | Should -Be 'STANDARD'
        $queued.OverridingParameters.PipelineParams.RefreshSelection | Should -Be 't1'
        $first, $queued | Stop-DbxRun
    }

    It 'takes the whole run-now body as JSON text, with named parameters winning' {
        $job = New-TestJob
        $run = $job | Invoke-DbxJobRun -Json '{"notebook_params": {"exit": "from json", "fail": "true"}}' -NotebookParameter @{ fail = 'false' } -Wait
        $run.OverridingParameters.NotebookParams['exit'] | Should -Be 'from json'
        $run.ResultState | Should -Be 'SUCCESS'
    }

    It 'pauses and resumes a schedule, leaving the rest of it' {
        $job = New-DbxJob -Name "pester-pause-$([guid]::NewGuid().ToString('N'))" -Schedule '0 0 2 * * ?' -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        (Update-DbxJob -JobId $job.JobId -Pause -PassThru).Settings.Schedule.PauseStatus | Should -Be 'PAUSED'
        $resumed = Update-DbxJob -JobId $job.JobId -Resume -PassThru
        $resumed.Settings.Schedule.PauseStatus | Should -Be 'UNPAUSED'
        $resumed.Settings.Schedule.QuartzCronExpression | Should -Be '0 0 2 * * ?'
    }

    It 'reports each state change with the run''s URL on the information stream' {
        $run = New-TestJob | Invoke-DbxJobRun -Wait -InformationVariable info
        @($info).Count | Should -BeGreaterThan 0
        $info[-1].MessageData | Should -Be "Run $($run.RunId) ($($run.RunName)) is TERMINATED SUCCESS: $($run.RunPageUrl)"
    }

    It 'reads a job''s trigger state' {
        $job = New-DbxJob -Settings @{ name = "pester-trigger-$([guid]::NewGuid().ToString('N'))"; trigger = @{ pause_status = 'PAUSED'; file_arrival = @{ url = 's3://b/landing/' } }
            tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }) }
        (Get-DbxJob $job.JobId -IncludeTriggerState).TriggerState.PauseStatus | Should -Be 'PAUSED'
    }

    It 'reads the parameters each task ran with' {
        $run = New-TestJob | Invoke-DbxJobRun -NotebookParameter @{ env = 'prod' } -Wait
        (Get-DbxRun -RunId $run.RunId -IncludeResolvedValues).Tasks[0].ResolvedValues.NotebookTask.BaseParameters['env'] | Should -Be 'prod'
    }

    It 'counts SUCCESS_WITH_FAILURES as a failure with -FailOn' {
        $job = New-DbxJob -Name "pester-partial-$([guid]::NewGuid().ToString('N'))" -Task @(
            @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ fail = 'true' } } }
            @{ task_key = 'b'; depends_on = @(@{ task_key = 'a' }); run_if = 'ALL_DONE'; notebook_task = @{ notebook_path = '/b' } })
        ($job | Invoke-DbxJobRun -Wait).ResultState | Should -Be 'SUCCESS_WITH_FAILURES'
        { $job | Invoke-DbxJobRun -Wait -FailOn SuccessWithFailures -PollInterval 1 -ErrorAction Stop } | Should -Throw -ErrorId 'RunNotSuccessful*'
    }
}

Describe 'Faults' {
    It 'ends the wait for a run deleted meanwhile with one error, and writes it' {
        $job = New-TestJob
        $gone = $job | Invoke-DbxJobRun -Wait
        $gone | Remove-DbxRun -Confirm:$false
        $runs = $gone | Wait-DbxRun -Timeout 60 -ErrorVariable err -ErrorAction SilentlyContinue
        @($runs).Count | Should -Be 1
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'RESOURCE_DOES_NOT_EXIST,*'
    }

    It 'writes a run it started with a token even when reading it (to check the token) fails, and starts no second one' {
        $session = Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString $dbxToken -AsPlainText -Force) -RetryTimeout 1
        $job = New-TestJob
        Set-Fault @{ method = 'GET'; path = '/api/2.2/jobs/runs/get'; status = 500; count = 1000 }
        try { $run = $job | Invoke-DbxJobRun -IdempotencyToken ([guid]::NewGuid()) -ErrorVariable err -ErrorAction SilentlyContinue } finally { Clear-Fault }
        $run.RunId | Should -BeGreaterThan 0
        $err[0].ErrorDetails.Message | Should -BeLike "Run $($run.RunId) was started, but reading it failed*"
        @(Get-DbxRun -JobId $job.JobId).Count | Should -Be 1
        Disconnect-DbxWorkspace -Session $session
        Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString $dbxToken -AsPlainText -Force) | Out-Null
    }

    It 'fails at once, naming the cause, when nothing listens at the URL' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        { Connect-DbxWorkspace -Host 'http://127.0.0.1:1' -Token (ConvertTo-SecureString 'x' -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*refused the connection*'
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 20
    }

    It 'refuses a token with a line break inside, and trims a trailing newline' {
        { Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString "$dbxToken`r`nX-Injected: 1" -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidCredential*'
        $session = Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString "$dbxToken`n" -AsPlainText -Force)
        $session.UserName | Should -Not -BeNullOrEmpty
    }

    It 'refuses user:password in the workspace URL without showing it' {
        { Connect-DbxWorkspace -Host 'https://me:hunter2@adb-1.2.azuredatabricks.net' -Token (ConvertTo-SecureString 'x' -AsPlainText -Force) -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*https://`*`*`*@adb-1.2.azuredatabricks.net*'
    }
}

Describe 'Faults and deadlines' {
    It 'refuses one idempotency token for several jobs of a name, starting none' {
        $name = "pester-shared-$([guid]::NewGuid().ToString('N'))"
        $jobs = 1..2 | ForEach-Object { New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } }
        { Invoke-DbxJobRun -JobName $name -All -IdempotencyToken $name -ErrorAction Stop } | Should -Throw -ErrorId 'IdempotencyTokenReused*'
        $jobs | ForEach-Object { @(Get-DbxRun -JobId $_.JobId).Count | Should -Be 0 }
    }

    It 'starts the first of piped jobs with a token and refuses each other one' {
        $token = "pester-piped-$([guid]::NewGuid().ToString('N'))"
        $first, $second = 1..2 | ForEach-Object { New-TestJob }
        $runs = $first, $second | Invoke-DbxJobRun -IdempotencyToken $token -ErrorVariable err -ErrorAction SilentlyContinue
        @($runs).Count | Should -Be 1
        $runs.JobId | Should -Be $first.JobId
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'IdempotencyTokenReused,*'
        @(Get-DbxRun -JobId $second.JobId).Count | Should -Be 0
        # A token used before for another job's run: an error, and that run is not written as this job's.
        $again = $second | Invoke-DbxJobRun -IdempotencyToken $token -ErrorVariable reused -ErrorAction SilentlyContinue
        $again | Should -BeNullOrEmpty
        $reused[0].ErrorDetails.Message | Should -BeLike "Job $($second.JobId) was not started: the workspace answered with run $($runs.RunId), a run of job $($first.JobId)*"
    }

    It 'advises, after a lost create, a command that finds that job whatever its name: <Stem>' -ForEach @(
        @{ Stem = "O'Brien" }, @{ Stem = 'etl[1]' }, @{ Stem = 'nightly*' }, @{ Stem = 'what?' }, @{ Stem = 'back`tick' }
    ) {
        $name = "$Stem-$([guid]::NewGuid().ToString('N'))"
        # A job the name, taken as a wildcard pattern, would find as well.
        $decoy = $name -replace '\*', 'x' -replace '\?', 'x' -replace '\[1\]', '1'
        if ($decoy -ne $name) { New-DbxJob -Name $decoy -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } | Out-Null }
        Set-Fault @{ method = 'POST'; path = '/api/2.2/jobs/create'; drop_connection = $true; count = 1 }
        New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OutcomeUnknown,*'
        $advice = ($err[0].ErrorDetails.Message -split 'look for it: ')[1]
        $found = @(Invoke-Expression $advice)
        $found.Count | Should -Be 1
        $found[0].Name | Should -BeExactly $name
    }

    It 'ends -Timeout -CancelOnTimeout within the deadline and a short grace when the cancel does not get through' {
        $job = New-DbxJob -Name "pester-deadline-$([guid]::NewGuid().ToString('N'))" -Task @{
            task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '60' } } }
        Set-Fault @{ method = 'POST'; path = '/api/2.2/jobs/runs/cancel'; status = 503; count = 1000 }
        $clock = [Diagnostics.Stopwatch]::StartNew()
        try { $run = $job | Invoke-DbxJobRun -Timeout 2 -CancelOnTimeout -ErrorVariable err -ErrorAction SilentlyContinue } finally { Clear-Fault }
        # 2 s and at most 5 s more for the cancel; retrying it for -RetryTimeout would take 300 s.
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 40
        $err[0].FullyQualifiedErrorId | Should -BeLike 'WaitTimeout,*'
        $err[0].ErrorDetails.Message | Should -BeLike "*canceling it failed (*Stop-DbxRun -RunId $($run.RunId) cancels it."
        Stop-DbxRun -RunId $run.RunId
    }
}

Describe 'Permissions' {
    It 'adds, lists and replaces grants' {
        $job = New-TestJob
        $job | Add-DbxJobPermission -GroupName data-eng -PermissionLevel CAN_MANAGE_RUN
        ($job | Get-DbxJobPermission | Where-Object Principal -eq data-eng).PermissionLevel | Should -Be 'CAN_MANAGE_RUN'
        $after = $job | Set-DbxJobPermission -AccessControl @{ group_name = 'ops'; permission_level = 'CAN_VIEW' } -PassThru -Confirm:$false
        $after.Principal | Should -Contain 'ops'
        $after.Principal | Should -Not -Contain 'data-eng'
        $after.PermissionLevel | Should -Contain 'IS_OWNER'
        (Get-DbxJobPermissionLevel -JobId $job.JobId).PermissionLevel | Should -Contain 'CAN_MANAGE_RUN'
    }
}

Describe 'Policy compliance' {
    BeforeAll {
        $policy = "policy-$([guid]::NewGuid().ToString('N'))"
        $definition = @{
            spark_version = @{ type = 'fixed'; value = '15.4.x-scala2.12' }
            node_type_id = @{ type = 'allowlist'; values = @('i3.xlarge'); defaultValue = 'i3.xlarge' }
        }
        $body = @{ policy_id = $policy; definition = $definition } | ConvertTo-Json -Depth 5
        Invoke-RestMethod -Method Post -Uri "$dbxHost/emulator/policies" -Headers @{ Authorization = "Bearer $dbxToken" } -Body $body -ContentType 'application/json' | Out-Null
        function New-PolicyJob([hashtable] $Cluster) {
            $Cluster.policy_id = $policy
            New-DbxJob -Settings @{
                name = "pester-compliance-$([guid]::NewGuid().ToString('N'))"
                job_clusters = @(@{ job_cluster_key = 'main'; new_cluster = $Cluster })
                tasks = @(@{ task_key = 'a'; job_cluster_key = 'main'; notebook_task = @{ notebook_path = '/a' } })
            }
        }
        $good = New-PolicyJob @{ spark_version = '15.4.x-scala2.12'; node_type_id = 'i3.xlarge'; num_workers = 1 }
        $bad = New-PolicyJob @{ spark_version = '14.3.x-scala2.12'; node_type_id = 'm5.large'; num_workers = 1 }
    }

    It 'tells a compliant job from one with violations, by job and by policy' {
        ($good | Get-DbxJobCompliance).IsCompliant | Should -BeTrue
        $result = $bad | Get-DbxJobCompliance
        $result.IsCompliant | Should -BeFalse
        $result.Violations.Keys | Should -Contain 'job_clusters[main].new_cluster.spark_version'
        (Get-DbxJobCompliance -PolicyId $policy).JobId | Should -Be @($good.JobId, $bad.JobId)
    }

    It 'previews with -ValidateOnly and -WhatIf, then enforces' {
        $bad | Repair-DbxJobCompliance -WhatIf | Should -BeNullOrEmpty
        ($bad | Repair-DbxJobCompliance -ValidateOnly).JobClusterChanges.Field | Should -Contain 'job_clusters[main].new_cluster.node_type_id'
        ($bad | Get-DbxJobCompliance).IsCompliant | Should -BeFalse
        ($bad | Repair-DbxJobCompliance -Confirm:$false).HasChanges | Should -BeTrue
        ($bad | Get-DbxJobCompliance).IsCompliant | Should -BeTrue
        (Get-DbxJob -JobId $bad.JobId).Settings.JobClusters[0].NewCluster.SparkVersion | Should -Be '15.4.x-scala2.12'
    }

    It 'writes an ObjectNotFound error for an unknown job' {
        Get-DbxJobCompliance -JobId 424242424242 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Help and completion' {
    It 'has help with at least two examples for <_>' -ForEach $cmdlets {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "$_*"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 2
    }

    It 'completes job ids from a job''s name' {
        $job = New-TestJob -Prefix 'pestercomplete'
        $line = "Invoke-DbxJobRun -JobId $($job.Name)"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain "$($job.JobId)"
    }
}

Describe 'Help and the emulator' {
    It 'links <_> to the cmdlets to go to next, the about topic, and online to the Databricks reference' -ForEach $cmdlets {
        $links = @((Get-Help $_).relatedLinks.navigationLink)
        $online = @($links | Where-Object uri)[0].uri
        $online | Should -Match '^https://docs\.databricks\.com/'
        (Get-Command $_).HelpUri | Should -Be $online
        $others = @($links | Where-Object { -not $_.uri -and $_.linkText -like '*-Dbx*' }).linkText
        $others | Should -Not -BeNullOrEmpty
        $others | Should -Not -Contain $_
        $exported = (Get-Command -Module DatabricksJobs).Name
        $others | ForEach-Object { $exported | Should -Contain $_ }
        $links[-1].linkText | Should -Be 'about_DatabricksJobs'
    }

    It 'opens the online help in the browser' -Skip:(-not $IsLinux) {
        # The browser .NET starts on Linux is xdg-open: a stand-in notes the address.
        $bin = New-Item -ItemType Directory (Join-Path $TestDrive 'browser')
        $opened = Join-Path $TestDrive 'opened.txt'
        Set-Content (Join-Path $bin 'xdg-open') "#!/bin/sh`necho `"`$1`" >> '$opened'" -NoNewline
        chmod +x (Join-Path $bin 'xdg-open')
        $path = $env:PATH
        try {
            $env:PATH = "$bin$([IO.Path]::PathSeparator)$path"
            Get-Help Get-DbxRun -Online
        }
        finally { $env:PATH = $path }
        $deadline = (Get-Date).AddSeconds(10)
        while (-not (Test-Path $opened) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Get-Content $opened | Should -Be 'https://docs.databricks.com/api/workspace/jobs/getrun'
    }

    It 'shows about_DatabricksJobs, in lines of 80 columns at most' {
        $about = Get-Help about_DatabricksJobs | Out-String
        $about | Should -Match '^TOPIC\s+about_DatabricksJobs\s+SHORT DESCRIPTION'
        foreach ($heading in 'SESSIONS', 'WAITING', 'RETRIES', 'IDEMPOTENCY', 'SAFETY', 'THE EMULATOR') { $about | Should -Match "(?m)^  $heading\r?$" }
        $about -split '\r?\n' | Where-Object Length -gt 80 | Should -BeNullOrEmpty
    }

    It 'runs the README''s managed-identity runbook, as written, against an emulator started with --managed-identity' {
        $identity = '5a5a5a5a-0000-4000-8000-0000000000fe'
        $azure = Start-TestEmulator "--task-duration 0.2 --managed-identity $identity"
        $saved = @{ IDENTITY_ENDPOINT = $env:IDENTITY_ENDPOINT; IDENTITY_HEADER = $env:IDENTITY_HEADER; PSModulePath = $env:PSModulePath }
        $runspace = [powershell]::Create()
        try {
            # The identity's endpoint and header, and the workspace's resource id: what --managed-identity prints next.
            $printed = @{}
            1..3 | ForEach-Object { $name, $value = $azure.Process.StandardOutput.ReadLine() -split '=', 2; $printed[$name] = $value }
            $printed.IDENTITY_ENDPOINT | Should -Be "$($azure.Host)/emulator/azure/msi/token"
            $env:IDENTITY_ENDPOINT = $printed.IDENTITY_ENDPOINT
            $env:IDENTITY_HEADER = $printed.IDENTITY_HEADER
            # Where Import-Module DatabricksJobs, as the runbook says, finds the module under test.
            $base = (Get-Module DatabricksJobs).ModuleBase
            $modules = if ((Split-Path $base -Leaf) -as [version]) { Split-Path (Split-Path $base) } else { Split-Path $base }
            $env:PSModulePath = "$modules$([IO.Path]::PathSeparator)$($saved.PSModulePath)"

            $readme = Get-Content -Raw (Join-Path $root 'README.md')
            $runbook = [regex]::Match($readme, '```powershell\r?\n(# Runbook: .*?)```', 'Singleline').Groups[1].Value
            $runbook | Should -Match 'Connect-DbxWorkspace .* -ManagedIdentity'
            $runbook = $runbook.Replace('https://adb-1234567890123456.7.azuredatabricks.net', $azure.Host).
                Replace('/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Databricks/workspaces/<name>', $printed.DATABRICKS_AZURE_RESOURCE_ID)
            # A new runspace: the runbook's session becomes the default there, not in this one.
            $prepare = @"
Import-Module DatabricksJobs
Connect-DbxWorkspace -Host $($azure.Host) -Token (ConvertTo-SecureString $($azure.Token) -AsPlainText -Force) | Out-Null
New-DbxJob -Name 'nightly load' -Task @{ task_key = 'load'; notebook_task = @{ notebook_path = '/load' } } | Out-Null
"@
            $said = $runspace.AddScript("$prepare`n$runbook`nGet-DbxSession").Invoke()
            $runspace.Streams.Error | Should -BeNullOrEmpty
            $said[0] | Should -Match '^Run \d+ ended SUCCESS after \d\d:\d\d:\d\d'
            $said[1].AuthType | Should -Be 'AzureManagedIdentity'
            $said[1].UserName | Should -Be $identity
        }
        finally {
            $runspace.Dispose()
            foreach ($name in $saved.Keys) { Set-Item "env:$name" $saved[$name] }
            Stop-TestEmulator $azure
        }
    }
}

Describe 'Authentication' {
    BeforeEach {
        $saved = @{}
        foreach ($name in 'DATABRICKS_HOST', 'DATABRICKS_TOKEN', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_CLIENT_SECRET', 'DATABRICKS_CONFIG_FILE', 'DATABRICKS_CONFIG_PROFILE') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        $env:DATABRICKS_CONFIG_FILE = Join-Path $TestDrive 'databrickscfg'
    }

    AfterEach {
        foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString $dbxToken -AsPlainText -Force) | Out-Null
    }

    It 'connects with Databricks OAuth and keeps working past the token''s life' {
        $secret = ConvertTo-SecureString 'pester-oauth-secret' -AsPlainText -Force
        $session = Connect-DbxWorkspace -WorkspaceUrl $dbxHost -ClientId pester-client -ClientSecret $secret
        $session.AuthType | Should -Be 'OAuthM2M'
        $run = New-TestJob -Parameters @{ sleep_seconds = '6' } | Invoke-DbxJobRun -Wait
        $run.ResultState | Should -Be 'SUCCESS'
    }

    It 'says clearly when the OAuth secret is wrong, without showing it' {
        $secret = ConvertTo-SecureString 'pester-wrong-secret' -AsPlainText -Force
        { Connect-DbxWorkspace -WorkspaceUrl $dbxHost -ClientId pester-client -ClientSecret $secret -ErrorAction Stop } |
            Should -Throw -ErrorId 'invalid_client*'
    }

    It 'reads the environment, then a profile of the configuration file' {
        $env:DATABRICKS_HOST = $dbxHost
        $env:DATABRICKS_TOKEN = $dbxToken
        (Connect-DbxWorkspace).CredentialSource | Should -Be 'environment variables'
        $env:DATABRICKS_TOKEN = $null
        $env:DATABRICKS_HOST = $null
        Set-Content $env:DATABRICKS_CONFIG_FILE "[DEFAULT]`nhost = $dbxHost`ntoken = $dbxToken`n`n[sp]`nhost = $dbxHost`nclient_id = pester-client`nclient_secret = pester-oauth-secret"
        (Connect-DbxWorkspace).CredentialSource | Should -BeLike "profile 'DEFAULT' in *"
        (Connect-DbxWorkspace -Profile sp).AuthType | Should -Be 'OAuthM2M'
        { Connect-DbxWorkspace -Profile nope -ErrorAction Stop } | Should -Throw -ErrorId 'ProfileNotFound*'
    }
}

Describe 'Pause and CLI cache' {
    It 'pauses and resumes every trigger of a triggers list, and the job table shows it' {
        $job = New-DbxJob -Settings @{ name = "pester-triggers-$([guid]::NewGuid().ToString('N'))"; tasks = @(@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } })
            triggers = @(
                @{ schedule = @{ quartz_cron_expression = '0 0 2 * * ?'; timezone_id = 'UTC' } }
                @{ file_arrival = @{ url = 's3://b/landing/'; min_time_between_triggers_seconds = 60 } }) }
        $paused = Update-DbxJob -JobId $job.JobId -Pause -PassThru
        $paused.Settings.Triggers.PauseStatus | Should -Be 'PAUSED', 'PAUSED'
        $paused.Settings.Triggers[1].FileArrival.MinTimeBetweenTriggersSeconds | Should -Be 60
        (Get-DbxJob $job.JobId -IncludeTriggerState).TriggerDetails.State.PauseStatus | Should -Be 'PAUSED', 'PAUSED'
        ($paused | Format-Table | Out-String -Width 250) | Should -Match "0 0 2 \* \* \?\s+True\s"
        $resumed = Update-DbxJob -JobId $job.JobId -Resume -PassThru
        $resumed.Settings.Triggers.PauseStatus | Should -Be 'UNPAUSED', 'UNPAUSED'
        $resumed.Paused | Should -BeFalse
    }

    It 'says so when nothing starts the job''s runs' {
        $job = New-TestJob
        { Update-DbxJob -JobId $job.JobId -Pause -ErrorAction Stop } |
            Should -Throw -ErrorId 'NothingToPause*' -ExpectedMessage "Job $($job.JobId) has no schedule, trigger, triggers or continuous setting to pause."
        $job.Paused | Should -BeNullOrEmpty
    }

    # The cache lives in the home folder, which only Linux and macOS let a test move (HOME).
    It 'refreshes the Databricks CLI''s token under every key the CLI reads, keeping the rest of its cache' -Skip:(-not ($IsLinux -or $IsMacOS)) {
        # An emulator of its own, which knows the refresh token of a user signed in with the CLI.
        $cliEmulator = Start-TestEmulator '--refresh-token pester-refresh=cli-user@example.com'
        $saved = @{}
        foreach ($name in 'HOME', 'DATABRICKS_HOST', 'DATABRICKS_TOKEN', 'DATABRICKS_AUTH_TYPE', 'DATABRICKS_CONFIG_FILE', 'DATABRICKS_CONFIG_PROFILE') {
            $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            [Environment]::SetEnvironmentVariable($name, $null)
        }
        try {
            $cliHost = $cliEmulator.Host
            $env:HOME = Join-Path $TestDrive 'home'
            $env:DATABRICKS_CONFIG_FILE = Join-Path $TestDrive 'databrickscfg'
            Set-Content $env:DATABRICKS_CONFIG_FILE "[pester-cli]`nhost = $cliHost`nauth_type = databricks-cli"
            $cache = Join-Path $env:HOME '.databricks/token-cache.json'
            $null = New-Item -ItemType Directory (Split-Path $cache)
            $expired = @{ access_token = 'expired'; token_type = 'Bearer'; refresh_token = 'pester-refresh'; expiry = '2020-01-01T00:00:00Z' }
            $other = @{ access_token = 'other'; token_type = 'Bearer'; refresh_token = 'other-refresh'; expiry = '2020-01-01T00:00:00Z' }
            # As databricks auth login --profile writes it: one token under the profile and the host.
            @{ version = 1; tokens = @{ 'pester-cli' = $expired; $cliHost = $expired; 'https://other.example.com' = $other } } | ConvertTo-Json -Depth 5 | Set-Content $cache
            chmod 600 $cache

            $session = Connect-DbxWorkspace -Profile pester-cli
            $session.AuthType | Should -Be 'DatabricksCli'
            $session.UserName | Should -Be 'cli-user@example.com'
            $written = Get-Content $cache -Raw | ConvertFrom-Json
            $written.version | Should -Be 1
            $written.tokens.'pester-cli'.refresh_token | Should -Not -Be 'pester-refresh'
            $written.tokens.$cliHost.refresh_token | Should -Be $written.tokens.'pester-cli'.refresh_token
            $written.tokens.$cliHost.access_token | Should -Be $written.tokens.'pester-cli'.access_token
            $written.tokens.'https://other.example.com'.refresh_token | Should -Be 'other-refresh'
            (Get-Item $cache).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
            @(Get-ChildItem -Force (Split-Path $cache)).Name | Should -Be 'token-cache.json'
        }
        finally {
            foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString $dbxToken -AsPlainText -Force) | Out-Null
            Stop-TestEmulator $cliEmulator
        }
    }
}

Describe 'Loading' {
    It 'loads its engine and dependencies from its own dependencies folder' {
        $moduleBase = (Get-Module DatabricksJobs).ModuleBase
        $engine = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'DatabricksJobs.Engine' }
        # The IL in dependencies/, or on PowerShell 7.6 its ReadyToRun image in a folder of it ('ReadyToRun images').
        $engine.Location | Should -BeLike (Join-Path (Join-Path $moduleBase 'dependencies') '*DatabricksJobs.Engine.dll')
    }

    It 'lets scripts name its types' {
        function Get-SessionHost([DatabricksJobs.Client.DatabricksSession] $Session) { "$($Session.Host)" }
        Get-SessionHost (Get-DbxSession) | Should -Be "$dbxHost/"
        [DatabricksJobs.Models.Run].FullName | Should -Be 'DatabricksJobs.Models.Run'
        New-TestJob -Prefix 'pestertyped' | Should -BeOfType ([DatabricksJobs.Models.Job])
    }

    It 'runs beside a module that ships other versions of its dependencies, imported <Order>' -ForEach @(
        @{ Order = 'ConflictFirst' }
        @{ Order = 'DatabricksJobsFirst' }
    ) {
        # In a new process, where neither module is loaded yet.
        $conflictModule = Get-ChildItem (Join-Path $root 'tests/DatabricksJobs.ConflictModule/bin') -Recurse -Filter DatabricksJobs.ConflictModule.dll |
            Where-Object { $_.Directory.Name -eq 'netstandard2.0' } | Sort-Object LastWriteTime -Descending | Select-Object -First 1
        $manifest = Join-Path (Get-Module DatabricksJobs).ModuleBase 'DatabricksJobs.psd1'
        $output = Invoke-TestScript 'SideBySide.ps1' '-ConflictModule', $conflictModule.FullName, '-Order', $Order, '-ModulePath', $manifest
        @($output -match '^conflict module: Microsoft\.Extensions\.Http 8\.').Count | Should -BeGreaterThan 0 -Because ($output -join "`n")
        @($output -match '^DatabricksJobs: .* ended SUCCESS').Count | Should -BeGreaterThan 0 -Because ($output -join "`n")
    }
}

Describe 'Waiting at scale' {
    It 'waits on runs of several jobs, writes each run once and says in -Verbose how each round polls' {
        $runs = 1..4 | ForEach-Object { New-TestJob -Prefix 'pesterscale' } | Invoke-DbxJobRun
        $written = $runs | Wait-DbxRun -Verbose 4>&1
        $done = @($written | Where-Object { $_ -is [DatabricksJobs.Models.Run] })
        $done.Count | Should -Be 4
        @($done.RunId | Select-Object -Unique).Count | Should -Be 4
        $done | ForEach-Object { $_.ResultState | Should -Be 'SUCCESS' }
        $rounds = @($written | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Round \d+: ' })
        $rounds.Count | Should -BeGreaterThan 0
        $rounds[0].Message | Should -Match '^Round 1: 4 runs of 4 jobs: (one listing of the workspace|listing the active runs|reading each run)'
    }

    It 'does not read a run right after starting it with -Wait: the wait reads it' {
        $written = New-TestJob -Prefix 'pesterscale' | Invoke-DbxJobRun -Wait -Verbose 4>&1
        $run = $written | Where-Object { $_ -is [DatabricksJobs.Models.Run] }
        $lines = @($written | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message | Where-Object { $_ -notlike 'Performing the operation*' })
        $started = [array]::IndexOf($lines, "Started run $($run.RunId) of job $($run.JobId).")
        $started | Should -BeGreaterThan 0
        $lines[$started - 1] | Should -BeLike 'POST /api/2.2/jobs/run-now*'
        $lines[$started + 1] | Should -BeLike 'Round 1: *'
        $lines | Should -Contain "Run $($run.RunId) ($($run.RunName)) is TERMINATED SUCCESS: $($run.RunPageUrl)"
    }

    It 'reads the outputs of a piped run or task runs without reading the run again' {
        $run = New-TestJob -Prefix 'pesterscale' -Parameters @{ exit = 'done' } | Invoke-DbxJobRun -Wait
        $written = Get-DbxRun -RunId $run.RunId | Get-DbxRunOutput -Verbose 4>&1
        @($written | Where-Object { $_ -is [DatabricksJobs.Models.RunOutput] }).TaskKey | Sort-Object | Should -Be @('extract', 'load')
        $requests = @($written | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET ' }).Message
        $requests.Count | Should -Be 2
        $requests | ForEach-Object { $_ | Should -Match '^GET /api/2\.2/jobs/runs/get-output\?' }
        $outputs = $run.Tasks | Get-DbxRunOutput -Verbose 4>&1
        @($outputs | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^GET /api/2\.2/jobs/runs/get\?' }).Count | Should -Be 0
        ($outputs | Where-Object { $_.TaskKey -eq 'extract' }).Result | Should -Be 'done'
        ([pscustomobject]@{ RunId = $run.RunId } | Get-DbxRunOutput).ParentRunId | Should -Be @($run.RunId, $run.RunId)
    }
}

Describe 'Request path' {
    BeforeAll {
        # More jobs than a page of jobs/list holds (100), so that a listing reads several pages.
        $script:pagedIds = 1..120 | ForEach-Object {
            (New-DbxJob -Name "pesterpaged-$([guid]::NewGuid().ToString('N'))" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }).JobId
        }
        function Get-ListRequests {
            [long](Get-EmulatorStats $emulator).by_route.'GET /api/2.2/jobs/list'
        }
    }

    It 'lists every job once over several pages, one request a page' {
        $before = Get-ListRequests
        $ids = @((Get-DbxJob).JobId)
        $requests = (Get-ListRequests) - $before
        $ids.Count | Should -Be @($ids | Sort-Object -Unique).Count
        $pagedIds | Where-Object { $_ -notin $ids } | Should -BeNullOrEmpty
        $requests | Should -Be ([Math]::Ceiling($ids.Count / 100))
    }

    It 'writes a verbose line for each page with -Verbose, and none without' {
        $lines = @(Get-DbxJob -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        @($lines -like 'GET /api/2.2/jobs/list*').Count | Should -BeGreaterThan 1
        $lines[0] | Should -Not -BeLike '*page_token*'
        @(Get-DbxJob 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Count | Should -Be 0
    }

    It 'stops after the first job of a paged list, with no error and no request beyond the page read ahead' {
        $before = Get-ListRequests
        $first = Get-DbxJob -ErrorVariable failed | Select-Object -First 1
        Start-Sleep -Milliseconds 300
        @($first).Count | Should -Be 1
        $failed | Should -BeNullOrEmpty
        (Get-ListRequests) - $before | Should -BeIn 1, 2
    }

    It 'ends a listing whose page is not what the Jobs API answers with UnexpectedResponse, writing none of it' {
        Set-Fault @{ method = 'GET'; path = '/api/2.2/jobs/list'; body = '{"jobs":[{"job_id":{"not":"a number"}}],"has_more":true,"next_page_token":"x"}' }
        $jobs = Get-DbxJob -ErrorVariable failed -ErrorAction SilentlyContinue
        $jobs | Should -BeNullOrEmpty
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'UnexpectedResponse,*'
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failed[0].ErrorDetails.Message | Should -BeLike '*GET /api/2.2/jobs/list*not what the Jobs API answers*'
    }

    It 'says the URL may be wrong when a page of the listing is a sign-in page' {
        Set-Fault @{ method = 'GET'; path = '/api/2.2/jobs/list'; body = '<html><title>Sign in</title></html>'; content_type = 'text/html' }
        $jobs = Get-DbxJob -ErrorVariable failed -ErrorAction SilentlyContinue
        $jobs | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NotTheJobsApi,*'
        $failed[0].ErrorDetails.Message | Should -BeLike '*is http*the workspace''s URL?*'
    }
}

Describe 'Pacing' {
    BeforeAll {
        # A workspace of its own that answers 429 past 20 requests a second, as a real one does under load.
        $script:limited = Start-TestEmulator '--rate-limit 20'
        $script:limitedHost = $limited.Host
        $script:limitedToken = ConvertTo-SecureString $limited.Token -AsPlainText -Force
        $script:secure = ConvertTo-SecureString $dbxToken -AsPlainText -Force
    }

    AfterAll {
        Stop-TestEmulator $limited
        # The other blocks use the default session BeforeAll made: make a new one the default again.
        Disconnect-DbxWorkspace -All
        Connect-DbxWorkspace -Host $dbxHost -Token $secure | Out-Null
    }

    It 'keeps a session working when another session to the same workspace is disconnected' {
        $first = Connect-DbxWorkspace -Host $dbxHost -Token $secure -Name pacing-first
        $second = Connect-DbxWorkspace -Host $dbxHost -Token $secure -Name pacing-second
        $job = New-TestJob -Prefix 'pesterpacing'
        Disconnect-DbxWorkspace -Session $first
        (Get-DbxJob -Session $second -JobId $job.JobId).JobId | Should -Be $job.JobId
        { Get-DbxJob -Session $first -JobId $job.JobId -ErrorAction Stop } | Should -Throw -ErrorId 'SessionDisconnected*'
    }

    It 'finishes a burst from two runspaces against a rate-limited workspace without errors' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        Connect-DbxWorkspace -Host $limitedHost -Token $limitedToken -Name limited | Out-Null
        $job = New-DbxJob -Name "pesterburst-$([guid]::NewGuid().ToString('N'))" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        $read = 1..2 | ForEach-Object -ThrottleLimit 2 -Parallel {
            Import-Module $using:modulePath
            Connect-DbxWorkspace -Host $using:limitedHost -Token $using:limitedToken | Out-Null
            1..50 | ForEach-Object { Get-DbxJob -JobId ($using:job).JobId -ErrorAction Stop }
        }
        @($read).Count | Should -Be 100
        (Get-EmulatorStats $limited).by_status.'429' | Should -BeGreaterThan 0 -Because 'the burst met the limit, and still ended without an error'
    }
}

Describe 'Sign in with OIDC' {
    BeforeAll {
        # A workspace of its own whose service principal trusts a pipeline's ID tokens; its tokens live four seconds.
        $script:oidcClient = '7c0e3c1d-0000-4000-8000-0000000000f1'
        $script:oidcIssuer = 'https://token.actions.githubusercontent.com'
        $script:oidcSubject = 'repo:acme/jobs:ref:refs/heads/main'
        $script:federated = Start-TestEmulator "--token-lifetime 4 --federation-policy `"$oidcIssuer|$oidcSubject=$oidcClient`""
        $script:federatedHost = $federated.Host
        $script:oidcVariables = 'DATABRICKS_HOST', 'DATABRICKS_TOKEN', 'DATABRICKS_AUTH_TYPE', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_OIDC_TOKEN', 'DATABRICKS_OIDC_TOKEN_FILEPATH', 'DATABRICKS_CONFIG_PROFILE'
        $script:savedOidcVariables = @{}
        foreach ($name in $oidcVariables) { $savedOidcVariables[$name] = [Environment]::GetEnvironmentVariable($name) }

        # An unsigned test JWT: the emulator checks its claims and expiry, not a signature.
        function script:New-PipelineJwt([string]$Subject = $oidcSubject, [int]$Seconds = 300) {
            $part = { param($json) [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($json)).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
            $claims = @{ iss = $oidcIssuer; sub = $Subject; aud = "$federatedHost/oidc/v1/token"; exp = [DateTimeOffset]::UtcNow.AddSeconds($Seconds).ToUnixTimeSeconds() }
            (& $part '{"alg":"none"}') + '.' + (& $part ($claims | ConvertTo-Json -Compress)) + '.'
        }
    }

    BeforeEach {
        foreach ($name in $oidcVariables) { [Environment]::SetEnvironmentVariable($name, $null) }
        $env:DATABRICKS_HOST = $federatedHost
        $env:DATABRICKS_CLIENT_ID = $oidcClient
    }

    AfterAll {
        foreach ($name in $oidcVariables) { [Environment]::SetEnvironmentVariable($name, $savedOidcVariables[$name]) }
        Stop-TestEmulator $federated
        # The other blocks use the default session BeforeAll made: make a new one the default again.
        Disconnect-DbxWorkspace -All
        Connect-DbxWorkspace -Host $dbxHost -Token (ConvertTo-SecureString $dbxToken -AsPlainText -Force) | Out-Null
    }

    It 'signs in with env-oidc as the service principal and lists jobs, without writing the ID token anywhere' {
        $jwt = New-PipelineJwt
        $env:DATABRICKS_OIDC_TOKEN = $jwt
        $env:DATABRICKS_AUTH_TYPE = 'env-oidc'
        $all = @(Connect-DbxWorkspace -Verbose 4>&1)
        $session = $all | Where-Object { $_ -is [DatabricksJobs.Client.DatabricksSession] }
        $session.AuthType | Should -Be 'EnvOidc'
        $session.UserName | Should -Be $oidcClient
        { Get-DbxJob -ErrorAction Stop } | Should -Not -Throw
        ($all | Out-String) | Should -Not -BeLike "*$jwt*"
    }

    It 'signs in with file-oidc and -AuthType, and exchanges the file''s new token when the access token is refreshed' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "pester-oidc-$([guid]::NewGuid().ToString('N')).jwt"
        try {
            Set-Content -Path $path -Value (New-PipelineJwt -Seconds 2)
            $env:DATABRICKS_OIDC_TOKEN_FILEPATH = $path
            (Connect-DbxWorkspace -AuthType file-oidc).AuthType | Should -Be 'FileOidc'
            Set-Content -Path $path -Value (New-PipelineJwt)
            Start-Sleep -Seconds 3
            $lines = @(Get-DbxJob -Verbose -ErrorAction Stop 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            @($lines -like 'POST */oidc/v1/token -> 200*').Count | Should -Be 1 -Because 'the first ID token had expired, so the refresh used the new one'
        }
        finally {
            Remove-Item $path -ErrorAction SilentlyContinue
        }
    }

    It 'says what is missing, and refuses a token no policy trusts' {
        { Connect-DbxWorkspace -AuthType github-oidc -ErrorAction Stop } | Should -Throw -ErrorId 'OidcNotAvailable*' -ExpectedMessage '*id-token: write*'
        { Connect-DbxWorkspace -AuthType env-oidc -ErrorAction Stop } | Should -Throw -ErrorId 'OidcNotAvailable*' -ExpectedMessage '*DATABRICKS_OIDC_TOKEN*'
        $env:DATABRICKS_OIDC_TOKEN = New-PipelineJwt -Subject 'repo:mallory/fork:ref:refs/heads/main'
        { Connect-DbxWorkspace -AuthType env-oidc -ErrorAction Stop } | Should -Throw -ErrorId 'invalid_grant*' -ExpectedMessage "*subject 'repo:mallory/fork*"
    }
}

Describe 'Deploy jobs from source control' {
    # One deployment, followed as a pipeline would deploy it run after run: the It blocks build on each other, in order.
    BeforeAll {
        $script:u = [guid]::NewGuid().ToString('N')
        $script:deployment = "pester-$u"
        $script:jobsDir = Join-Path $TestDrive 'jobs'
        New-Item -ItemType Directory (Join-Path $jobsDir 'more') | Out-Null

        # A job made by hand, exported as the first definition: its own job stays outside the deployment.
        $script:handMade = New-DbxJob -Name "pester-deploy-exported-$u" -Task @{ task_key = 'main'; notebook_task = @{ notebook_path = '/exported' } }
        Export-DbxJob -JobId $handMade.JobId -Path (Join-Path $jobsDir 'exported.json')
        Set-Content -Path (Join-Path $jobsDir 'second.json') -Value (@"
{ "name": "pester-deploy-second-$u", "max_concurrent_runs": 2,
  "tasks": [ { "task_key": "main", "notebook_task": { "notebook_path": "/second/v1" } } ] }
"@)
        # Single quotes: ${var.env} is the deploy's to fill, not PowerShell's.
        Set-Content -Path (Join-Path $jobsDir 'more/nightly.psd1') -Value (@'
@{
    name  = 'pester-deploy-nightly-${var.env}-U'
    tags  = @{ team = 'data' }
    tasks = @(
        @{ task_key = 'load'; notebook_task = @{ notebook_path = '/nightly'; base_parameters = @{ env = '${var.env}'; out = 'dbfs:/${var.env}/out' } } }
    )
}
'@ -replace '-U''', "-$u'")

        $script:deploy = @{ Path = $jobsDir; Deployment = $deployment; Variable = @{ env = 'test' } }
        # The writes the emulator has served: every POST of the Jobs API.
        function Get-WriteCount {
            [long]((Get-EmulatorStats $emulator).by_route.psobject.Properties | Where-Object Name -like 'POST /api/*' | Measure-Object -Property Value -Sum).Sum
        }
        function Get-DeployedJob([string] $Key) {
            Get-DbxJob -Name "pester-deploy-*-$u" | Where-Object { $_.Settings.Tags -and $_.Settings.Tags['dbx-deployment'] -eq "$deployment/$Key" }
        }
    }

    It 'compares a folder of definitions: each is a Create, and a job of the same name outside the deployment is pointed out' {
        $plan = @(Compare-DbxJob @deploy -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction Stop)
        $plan.Key | Should -Be 'exported', 'nightly', 'second' -Because 'definitions are read in ordinal path order'
        $plan.Action | Select-Object -Unique | Should -Be 'Create'
        $plan | Where-Object JobId | Should -BeNullOrEmpty
        ($plan | Where-Object Key -eq nightly).Name | Should -BeExactly "pester-deploy-nightly-test-$u"
        ($plan | Where-Object Key -eq nightly).File | Should -Be (Join-Path $jobsDir 'more/nightly.psd1')
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "*job $($handMade.JobId) is named 'pester-deploy-exported-$u'*-Adopt*"
    }

    It 'sends no write with -WhatIf, and -PassThru says each change was skipped' {
        $before = Get-WriteCount
        $shown = @(Deploy-DbxJob @deploy -WhatIf -PassThru -WarningAction SilentlyContinue -ErrorAction Stop)
        (Get-WriteCount) - $before | Should -Be 0
        $shown.Result | Select-Object -Unique | Should -Be 'Skipped'
        Get-DeployedJob nightly | Should -BeNullOrEmpty
    }

    It 'creates each job with its dbx-deployment tag and its variables filled, and -PassThru says what it made' {
        $done = @(Deploy-DbxJob @deploy -PassThru -WarningAction SilentlyContinue -ErrorAction Stop)
        $done.Result | Select-Object -Unique | Should -Be 'Created'
        $done.JobId | Should -Not -BeNullOrEmpty
        $nightly = Get-DbxJob -JobId ($done | Where-Object Key -eq nightly).JobId
        $nightly.Name | Should -BeExactly "pester-deploy-nightly-test-$u"
        $nightly.Settings.Tags['dbx-deployment'] | Should -BeExactly "$deployment/nightly"
        $nightly.Settings.Tags['team'] | Should -Be 'data'
        $nightly.Settings.Tasks[0].NotebookTask.BaseParameters['out'] | Should -Be 'dbfs:/test/out'
        (Get-DbxJob -JobId ($done | Where-Object Key -eq exported).JobId).Name | Should -BeExactly $handMade.Name
        (Get-DbxJob -JobId $handMade.JobId).Settings.Tags | Should -BeNullOrEmpty -Because 'the job it was exported from is left alone'
    }

    It 'compares Equal right after, and a second deploy sends no write, with the variable from DBX_VAR_env' {
        @(Compare-DbxJob @deploy -WarningAction SilentlyContinue -ErrorAction Stop).Action | Select-Object -Unique | Should -Be 'Equal'
        $env:DBX_VAR_env = 'test'
        try {
            $before = Get-WriteCount
            $again = @(Deploy-DbxJob -Path $jobsDir -Deployment $deployment -PassThru -WarningAction SilentlyContinue -ErrorAction Stop)
            (Get-WriteCount) - $before | Should -Be 0
        }
        finally { Remove-Item Env:DBX_VAR_env }
        $again.Result | Select-Object -Unique | Should -Be 'Unchanged'
        $again.Differences | Should -BeNullOrEmpty
    }

    It 'shows an edited file as an Update with the path of what changed, and resets the job to it' {
        $file = Join-Path $jobsDir 'second.json'
        (Get-Content $file -Raw).Replace('/second/v1', '/second/v2') | Set-Content $file
        $plan = Compare-DbxJob @deploy -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Action -ne 'Equal'
        $plan.Key | Should -Be 'second'
        $plan.Action | Should -Be 'Update'
        $plan.Differences.Path | Should -Be 'tasks[main].notebook_task.notebook_path'
        $plan.Differences.WorkspaceValue | Should -Be '/second/v1'
        $plan.Differences.DefinitionValue | Should -Be '/second/v2'

        $done = Deploy-DbxJob @deploy -PassThru -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Result -ne 'Unchanged'
        $done.Result | Should -Be 'Updated'
        $done.JobId | Should -Be $plan.JobId
        (Get-DbxJob -JobId $plan.JobId).Settings.Tasks[0].NotebookTask.NotebookPath | Should -Be '/second/v2'
        @(Compare-DbxJob @deploy -WarningAction SilentlyContinue -ErrorAction Stop).Action | Select-Object -Unique | Should -Be 'Equal'
    }

    It 'makes a variable with no value an error naming the file, and deploys the other definitions' {
        $bad = Join-Path $jobsDir 'bad.json'
        Set-Content -Path $bad -Value "{ `"name`": `"pester-deploy-bad-$u`", `"tasks`": [ { `"task_key`": `"a`", `"notebook_task`": { `"notebook_path`": `"/`${var.nowhere}/a`" } } ] }"
        $file = Join-Path $jobsDir 'more/nightly.psd1'
        (Get-Content $file -Raw).Replace("tags  = @{ team = 'data' }", "tags  = @{ team = 'data'; tier = 'gold' }") | Set-Content $file
        try {
            $done = @(Deploy-DbxJob @deploy -PassThru -WarningAction SilentlyContinue -ErrorVariable failed -ErrorAction SilentlyContinue)
        }
        finally { Remove-Item $bad }
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'DefinitionUnknownVariable,*'
        $failed[0].TargetObject | Should -Be $bad
        "$($failed[0])" | Should -BeLike "*bad.json*nowhere*tasks*"
        $done.Key | Should -Not -Contain 'bad'
        ($done | Where-Object Key -eq nightly).Result | Should -Be 'Updated'
        (Get-DeployedJob nightly).Settings.Tags['tier'] | Should -Be 'gold'
        Get-DbxJob -Name "pester-deploy-bad-$u" -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'deletes with -Prune only the job whose file is gone, not a job of the same name made by hand, nor another deployment''s' {
        $other = Deploy-DbxJob -Path (Join-Path $jobsDir 'second.json') -Deployment "$deployment-other" -PassThru -WarningAction SilentlyContinue -ErrorAction Stop
        $other.Result | Should -Be 'Created'
        $exported = Get-DeployedJob exported
        $exported | Should -Not -BeNullOrEmpty
        Remove-Item (Join-Path $jobsDir 'exported.json')

        $plan = Compare-DbxJob @deploy -Prune -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Action -ne 'Equal'
        $plan.Action | Should -Be 'Delete'
        $plan.JobId | Should -Be $exported.JobId
        $done = Deploy-DbxJob @deploy -Prune -PassThru -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Result -ne 'Unchanged'
        $done.Result | Should -Be 'Deleted'
        $done.Key | Should -Be 'exported'

        Get-DbxJob -JobId $exported.JobId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-DbxJob -JobId $handMade.JobId).Name | Should -BeExactly $handMade.Name
        (Get-DbxJob -JobId $other.JobId).Settings.Tags['dbx-deployment'] | Should -BeExactly "$deployment-other/second"
        (Get-DeployedJob second), (Get-DeployedJob nightly) | Should -HaveCount 2
    }

    It 'takes over with -Adopt the one job of a definition''s name that belongs to no deployment' {
        $made = New-DbxJob -Name "pester-deploy-adopted-$u" -Task @{ task_key = 'main'; notebook_task = @{ notebook_path = '/by-hand' } }
        Set-Content -Path (Join-Path $jobsDir 'adopted.json') -Value "{ `"name`": `"pester-deploy-adopted-$u`", `"tasks`": [ { `"task_key`": `"main`", `"notebook_task`": { `"notebook_path`": `"/from-git`" } } ] }"

        $plan = Compare-DbxJob @deploy -Adopt -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Key -eq adopted
        $plan.Action | Should -Be 'Adopt'
        $plan.JobId | Should -Be $made.JobId
        $plan.Differences.Path | Should -Contain 'tasks[main].notebook_task.notebook_path'

        $done = Deploy-DbxJob @deploy -Adopt -PassThru -WarningAction SilentlyContinue -ErrorAction Stop | Where-Object Key -eq adopted
        $done.Result | Should -Be 'Updated'
        $done.JobId | Should -Be $made.JobId
        $adopted = Get-DbxJob -JobId $made.JobId
        $adopted.Settings.Tags['dbx-deployment'] | Should -BeExactly "$deployment/adopted"
        $adopted.Settings.Tasks[0].NotebookTask.NotebookPath | Should -Be '/from-git'
        @(Compare-DbxJob @deploy -WarningAction SilentlyContinue -ErrorAction Stop).Action | Select-Object -Unique | Should -Be 'Equal'
    }
}

Describe 'Starting many runs' {
    It 'writes a started run as run-now answers it, which the run cmdlets take from the pipeline' {
        $job = New-TestJob -Parameters @{ exit = 'done' }
        $lines = @($job | Invoke-DbxJobRun -Verbose 4>&1)
        $run = $lines | Where-Object { $_ -is [DatabricksJobs.Models.Run] }
        $run.RunId | Should -BeGreaterThan 0
        $run.JobId | Should -Be $job.JobId
        $run.LifeCycleState | Should -BeNullOrEmpty
        @($lines | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) |
            Should -Contain "Started run $($run.RunId) of job $($job.JobId) (not read: Get-DbxRun -RunId $($run.RunId) reads it)."
        ($run | Get-DbxRun).RunPageUrl | Should -Not -BeNullOrEmpty
        $outputs = @($run | Wait-DbxRun | Get-DbxRunOutput)
        $outputs.Count | Should -Be 2
        ($outputs | Where-Object TaskKey -eq extract).Result | Should -Be 'done'
    }

    It 'reads a run started with an idempotency token, to check it is this job''s, and writes it whole' {
        $run = New-TestJob | Invoke-DbxJobRun -IdempotencyToken ([guid]::NewGuid())
        $run.LifeCycleState | Should -Not -BeNullOrEmpty
        $run.RunPageUrl | Should -Not -BeNullOrEmpty
        $run | Wait-DbxRun | Out-Null
    }

    It 'writes a submitted run as the submit answers it' {
        $run = Submit-DbxRun -RunName "pester-$([guid]::NewGuid().ToString('N'))" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
        $run.RunId | Should -BeGreaterThan 0
        $run.RunName | Should -BeNullOrEmpty
        ($run | Wait-DbxRun).ResultState | Should -Be 'SUCCESS'
    }

    It 'polls again soon after a round in which runs ended, as runs started together end together' {
        # The override holds for both tasks of the second run: it ends about 6 s after the first.
        $job = New-TestJob -Parameters @{ sleep_seconds = '2' }
        $runs = ($job | Invoke-DbxJobRun), ($job | Invoke-DbxJobRun -NotebookParameter @{ sleep_seconds = '3' })
        $written = $runs | Wait-DbxRun -Verbose 4>&1
        @($written | Where-Object { $_ -is [DatabricksJobs.Models.Run] }).Count | Should -Be 2
        $lines = @($written | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $soon = @($lines | Where-Object { $_ -like '1 run ended this round: the next round is in 0.5 s, not *' })
        $soon.Count | Should -BeGreaterThan 0
        $lines[([array]::IndexOf($lines, $soon[0]) + 1)..($lines.Count - 1)] -match '^Round \d+: ' | Should -Not -BeNullOrEmpty
    }
}

Describe 'ReadyToRun images' {
    BeforeAll {
        $script:dependencies = Join-Path (Get-Module DatabricksJobs).ModuleBase 'dependencies'
        $system = if ($PSVersionTable.PSEdition -eq 'Desktop' -or $IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $architecture = [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        # Compiled for .NET 10 (PowerShell 7.6), per platform; no such folder matches Windows PowerShell's .NET Framework 4.
        $script:images = Join-Path $dependencies "net$([Environment]::Version.Major).0-$system-$architecture"
    }

    It 'loads the engine and its extensions from the images for this PowerShell and platform, and from the IL where there are none' {
        $expected = if (Test-Path $images) { $images } else { $dependencies }
        foreach ($name in 'DatabricksJobs.Engine', 'Microsoft.Extensions.Http') {
            $ours = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name -and $_.Location -like "$dependencies*" }
            @($ours).Count | Should -Be 1
            $ours.Location | Should -Be (Join-Path $expected "$name.dll")
        }
    }

    It 'works from the IL alone, in a copy of the module without the images' {
        $copy = Join-Path ([IO.Path]::GetTempPath()) "pester-il-$([guid]::NewGuid().ToString('N'))"
        try {
            New-Item -ItemType Directory -Path $copy | Out-Null
            Copy-Item (Get-Module DatabricksJobs).ModuleBase -Destination (Join-Path $copy 'DatabricksJobs') -Recurse
            Get-ChildItem (Join-Path $copy 'DatabricksJobs/dependencies') -Directory | Remove-Item -Recurse -Force
            $manifest = Join-Path $copy 'DatabricksJobs/DatabricksJobs.psd1'
            $output = Invoke-TestScript 'ColdStart.ps1' '-ModulePath', $manifest
            @($output -match '^jobs listed: \d+$').Count | Should -Be 1 -Because ($output -join "`n")
            $output | Should -Contain "loaded: DatabricksJobs.Engine from $(Join-Path $copy 'DatabricksJobs/dependencies/DatabricksJobs.Engine.dll')"
        }
        finally {
            Remove-Item $copy -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

Describe 'Deploy: cluster defaults and keys in any case' {
    BeforeAll {
        $script:u = [guid]::NewGuid().ToString('N')
        function Set-ClusterDefinition([string] $Folder, [string] $File, [string] $Extra = '') {
            Set-Content -Path (Join-Path $Folder $File) -Value (@"
{ "name": "pester-$(Split-Path $Folder -Leaf)-$u",
  "job_clusters": [ { "job_cluster_key": "c", "new_cluster": { "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1$Extra } } ],
  "tasks": [ { "task_key": "main", "job_cluster_key": "c", "notebook_task": { "notebook_path": "/clusters" } } ] }
"@)
        }
        # Each It deploys a folder of its own as a deployment of its own, so that it passes run alone.
        function New-ClusterDeployment([string] $Name) {
            $folder = Join-Path $TestDrive $Name
            New-Item -ItemType Directory $folder | Out-Null
            Set-ClusterDefinition $folder 'etl.json'
            @{ Path = $folder; Deployment = "pester-$Name-$u" }
        }
    }

    It 'compares a job just deployed as Equal though the workspace filled in its cluster''s cloud attributes, and a value the file gives as an Update' {
        $clusterDeploy = New-ClusterDeployment 'clusters'
        $created = Deploy-DbxJob @clusterDeploy -PassThru -Confirm:$false -ErrorAction Stop
        $created.Result | Should -Be 'Created'
        $cluster = (Get-DbxJob -JobId $created.JobId).Settings.JobClusters[0].NewCluster
        $cluster.AzureAttributes.Availability | Should -Be 'ON_DEMAND_AZURE'
        $cluster.DataSecurityMode | Should -Be 'SINGLE_USER'
        (Compare-DbxJob @clusterDeploy -ErrorAction Stop).Action | Should -Be 'Equal'

        Set-ClusterDefinition $clusterDeploy.Path 'etl.json' ', "azure_attributes": { "availability": "SPOT_WITH_FALLBACK_AZURE" }'
        $compared = Compare-DbxJob @clusterDeploy -ErrorAction Stop
        $compared.Action | Should -Be 'Update'
        $compared.Differences.Path | Should -Be 'job_clusters[c].new_cluster.azure_attributes.availability'
        (Deploy-DbxJob @clusterDeploy -PassThru -Confirm:$false -ErrorAction Stop).Result | Should -Be 'Updated'
        (Compare-DbxJob @clusterDeploy -ErrorAction Stop).Action | Should -Be 'Equal'
    }

    It 'keeps the job and its tag when the file is renamed only in case' {
        $caseDeploy = New-ClusterDeployment 'case'
        $created = Deploy-DbxJob @caseDeploy -PassThru -Confirm:$false -ErrorAction Stop
        $created.Result | Should -Be 'Created'
        Rename-Item -Path (Join-Path $caseDeploy.Path 'etl.json') -NewName 'ETL.json'
        $compared = Compare-DbxJob @caseDeploy -Prune -ErrorAction Stop
        $compared.Key | Should -BeExactly 'ETL'
        $compared.Action | Should -Be 'Equal'
        $compared.JobId | Should -Be $created.JobId
        (Deploy-DbxJob @caseDeploy -Prune -PassThru -Confirm:$false -ErrorAction Stop).Result | Should -Be 'Unchanged'
        (Get-DbxJob -JobId $compared.JobId).Settings.Tags['dbx-deployment'] | Should -BeExactly "pester-case-$u/etl"
    }
}
