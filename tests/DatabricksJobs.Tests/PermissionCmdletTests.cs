using DatabricksJobs.Emulator.Hosting;

namespace DatabricksJobs.Tests;

/// <summary>The module and an emulator that also knows a user who is not an admin.</summary>
public sealed class PermissionFixture : ModuleFixture
{
    public const string PlainToken = "dapi-plain-user-0123456789";
    public const string PlainUser = "plain-user@example.com";

    protected override void Configure(EmulatorOptions options) => options.Tokens.Add(new TokenIdentity(PlainToken, PlainUser, IsAdmin: false));
}

public class PermissionCmdletTests(PermissionFixture module) : IClassFixture<PermissionFixture>
{
    private const string PermissionType = "DatabricksJobs.Models.JobPermission";

    private Shell NewShellWithJob()
    {
        var shell = module.NewShell();
        shell.Set("name", $"acl-{Guid.NewGuid():N}");
        shell.Set("plainToken", ModuleFixture.SecureToken(PermissionFixture.PlainToken));
        shell.Set("plainUser", PermissionFixture.PlainUser);
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $plain = Connect-DbxWorkspace -Host $dbxUrl -Token $plainToken
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken | Out-Null
            """).AssertNoErrors();
        return shell;
    }

    [Fact]
    public void Get_lists_the_owner_and_the_inherited_admin_grant_flat()
    {
        using var shell = NewShellWithJob();
        var permissions = shell.Run("$job | Get-DbxJobPermission").AssertNoErrors().Objects(PermissionType);

        var owner = Assert.Single(permissions, p => p.S("PermissionLevel") == "IS_OWNER");
        Assert.Equal(ModuleFixture.UserName, owner.S("Principal"));
        Assert.Equal("User", owner.S("PrincipalType"));
        Assert.Equal(false, owner.P("Inherited"));
        var admins = Assert.Single(permissions, p => p.S("Principal") == "admins");
        Assert.Equal("Group", admins.S("PrincipalType"));
        Assert.Equal(true, admins.P("Inherited"));
        Assert.Equal("/jobs/", admins.S("InheritedFrom"));
        Assert.All(permissions, p => Assert.Equal(shell.Run("$job.JobId").Output[0].BaseObject, p.P("JobId")));
    }

    [Fact]
    public void Add_grants_a_user_who_can_then_run_the_job()
    {
        using var shell = NewShellWithJob();
        var denied = shell.Run("$job | Invoke-DbxJobRun -Session $plain").FirstError();
        Assert.StartsWith("PERMISSION_DENIED,", denied.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.PermissionDenied, denied.CategoryInfo.Category);

        Assert.Empty(shell.Run("$job | Add-DbxJobPermission -UserName $plainUser -PermissionLevel CAN_MANAGE_RUN -WhatIf").AssertNoErrors().Output);
        Assert.StartsWith("PERMISSION_DENIED,", shell.Run("$job | Invoke-DbxJobRun -Session $plain").FirstError().FullyQualifiedErrorId);

        var after = shell.Run("$job | Add-DbxJobPermission -UserName $plainUser -PermissionLevel CAN_MANAGE_RUN -PassThru").AssertNoErrors().Objects(PermissionType);
        Assert.Contains(after, p => p.S("Principal") == PermissionFixture.PlainUser && p.S("PermissionLevel") == "CAN_MANAGE_RUN");
        Assert.Contains(after, p => p.S("PermissionLevel") == "IS_OWNER");
        var run = shell.Run("$job | Invoke-DbxJobRun -Session $plain -Wait").Single("DatabricksJobs.Models.Run");
        Assert.Equal(PermissionFixture.PlainUser, run.S("CreatorUserName"));
    }

    [Fact]
    public void Add_grants_groups_and_service_principals()
    {
        using var shell = NewShellWithJob();
        var result = shell.Run("""
            $job | Add-DbxJobPermission -GroupName data-eng -PermissionLevel CAN_VIEW
            $job | Add-DbxJobPermission -ServicePrincipalName 00000000-0000-0000-0000-000000000001 -PermissionLevel CAN_MANAGE -PassThru
            """).AssertNoErrors().Objects(PermissionType);

        Assert.Contains(result, p => p.S("Principal") == "data-eng" && p.S("PrincipalType") == "Group" && p.S("PermissionLevel") == "CAN_VIEW");
        Assert.Contains(result, p => p.S("PrincipalType") == "ServicePrincipal" && p.S("PermissionLevel") == "CAN_MANAGE");
    }

    [Fact]
    public void Set_replaces_the_direct_grants_and_takes_back_what_Get_gave()
    {
        using var shell = NewShellWithJob();
        shell.Run("$job | Add-DbxJobPermission -GroupName data-eng -PermissionLevel CAN_VIEW; $job | Add-DbxJobPermission -UserName $plainUser -PermissionLevel CAN_VIEW").AssertNoErrors();

        // Round trip: drop one grant from what Get returned (inherited ones included) and set the rest.
        var result = shell.Run("""
            $keep = $job | Get-DbxJobPermission | Where-Object Principal -ne 'data-eng'
            $job | Set-DbxJobPermission -AccessControl $keep -PassThru -Confirm:$false
            """).AssertNoErrors().Objects(PermissionType);
        Assert.DoesNotContain(result, p => p.S("Principal") == "data-eng");
        Assert.Contains(result, p => p.S("Principal") == PermissionFixture.PlainUser);

        var replaced = shell.Run("$job | Set-DbxJobPermission -AccessControl @{ group_name = 'ops'; permission_level = 'CAN_MANAGE_RUN' } -PassThru -Confirm:$false")
            .AssertNoErrors().Objects(PermissionType);
        Assert.Contains(replaced, p => p.S("Principal") == "ops");
        Assert.DoesNotContain(replaced, p => p.S("Principal") == PermissionFixture.PlainUser);
        Assert.Contains(replaced, p => p.S("PermissionLevel") == "IS_OWNER");

        shell.Run("$job | Set-DbxJobPermission -AccessControl @{ group_name = 'other'; permission_level = 'CAN_VIEW' } -WhatIf").AssertNoErrors();
        Assert.Contains(shell.Run("$job | Get-DbxJobPermission").AssertNoErrors().Objects(PermissionType), p => p.S("Principal") == "ops");
    }

    [Fact]
    public void A_malformed_grant_is_refused_before_anything_is_sent()
    {
        using var shell = NewShellWithJob();
        var twoPrincipals = shell.Run("$job | Set-DbxJobPermission -AccessControl @{ user_name = 'a@b.c'; group_name = 'g'; permission_level = 'CAN_VIEW' }").FirstError();
        Assert.Equal("InvalidGrant,DatabricksJobs.Commands.SetDbxJobPermissionCommand", twoPrincipals.FullyQualifiedErrorId);
        Assert.Contains("exactly one of user_name, group_name and service_principal_name", twoPrincipals.ErrorDetails.Message);

        var badLevel = shell.Run("$job | Set-DbxJobPermission -AccessControl @{ user_name = 'a@b.c'; permission_level = 'CAN_EVERYTHING' }").FirstError();
        Assert.Contains("CAN_VIEW, CAN_MANAGE_RUN, IS_OWNER, CAN_MANAGE", badLevel.ErrorDetails.Message);

        var badAdd = shell.Run("$job | Add-DbxJobPermission -UserName a@b.c -PermissionLevel CAN_EVERYTHING").FirstError();
        Assert.StartsWith("ParameterArgumentValidationError,", badAdd.FullyQualifiedErrorId);
    }

    [Fact]
    public void The_service_refuses_a_group_as_owner_with_its_own_error()
    {
        using var shell = NewShellWithJob();
        var error = shell.Run("$job | Add-DbxJobPermission -GroupName data-eng -PermissionLevel IS_OWNER").FirstError();
        Assert.StartsWith("INVALID_PARAMETER_VALUE,", error.FullyQualifiedErrorId);
        Assert.Contains("group cannot be the owner", error.ErrorDetails.Message);
    }

    [Fact]
    public void Levels_are_listed_with_what_they_allow_and_tables_show_permissions()
    {
        using var shell = NewShellWithJob();
        var levels = shell.Run("$job | Get-DbxJobPermissionLevel").AssertNoErrors().Objects("DatabricksJobs.Models.JobPermissionLevel");
        Assert.Equal(["CAN_MANAGE", "CAN_MANAGE_RUN", "CAN_VIEW", "IS_OWNER"], levels.Select(l => l.S("PermissionLevel")).OrderBy(l => l, StringComparer.Ordinal));
        Assert.All(levels, l => Assert.False(string.IsNullOrEmpty(l.S("Description"))));

        shell.Host.Clear();
        shell.Run("$job | Get-DbxJobPermission | Out-Default").AssertNoErrors();
        var table = shell.Host.Output;
        Assert.Contains("Principal", table);
        Assert.Contains("PermissionLevel", table);
        Assert.Contains(ModuleFixture.UserName, table);
        Assert.Contains("IS_OWNER", table);
    }
}
