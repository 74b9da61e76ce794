@{
    RootModule             = 'DatabricksJobs.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5233eef4-6793-44ed-8102-b325c2d0752b'
    Author                 = 'DatabricksJobs contributors'
    CompanyName            = 'DatabricksJobs contributors'
    Copyright              = '(c) 2026 DatabricksJobs contributors. MIT License.'
    Description            = 'Drive the Databricks Jobs API from PowerShell: create and change jobs, run them, wait for runs, repair failed runs, export run results, and list, cancel and delete.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('DatabricksJobs.format.ps1xml')
    TypesToProcess         = @('DatabricksJobs.types.ps1xml')
    CmdletsToExport        = @(
        'Connect-DbxWorkspace', 'Disconnect-DbxWorkspace', 'Get-DbxSession', 'Use-DbxSession',
        'New-DbxJob', 'Get-DbxJob', 'Update-DbxJob', 'Set-DbxJob', 'Remove-DbxJob', 'Export-DbxJob',
        'Invoke-DbxJobRun', 'Submit-DbxRun', 'Get-DbxRun', 'Wait-DbxRun', 'Stop-DbxRun', 'Remove-DbxRun',
        'Repair-DbxRun', 'Get-DbxRunOutput', 'Export-DbxRun',
        'Get-DbxJobPermission', 'Set-DbxJobPermission', 'Add-DbxJobPermission', 'Get-DbxJobPermissionLevel',
        'Get-DbxJobCompliance', 'Repair-DbxJobCompliance',
        'Compare-DbxJob', 'Deploy-DbxJob'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('Databricks', 'Jobs', 'Workflows', 'Azure', 'AzureDatabricks', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri = 'https://opensource.org/licenses/MIT'
            ProjectUri = 'https://github.com/databricksjobs/DatabricksJobs'
            # What changed in each version, newest first: the one place it is written (the packages' nuspec takes it).
            ReleaseNotes = @'
0.1.0: the first release.
- 25 cmdlets for the Databricks Jobs API: sessions, jobs, runs, waiting, repair,
  output, export, cancel, one-time runs, permissions and policy compliance, for
  Windows PowerShell 5.1 and PowerShell 7.2 and later, and Azure Automation.
- Sign-in as the Databricks CLI and SDKs do: tokens, Databricks OAuth, Azure
  service principals and managed identities, the Azure CLI and the Databricks CLI.
- Safe by default: an empty id is a binding error, settings are checked against
  the API's fields, and what deletes or replaces asks first.
- Retries of what can succeed later, one run per idempotency token, -Timeout as
  a deadline for the whole command.
- Help with examples and related links, Get-Help -Online to the API reference,
  and about_DatabricksJobs.
'@
        }
    }
}
