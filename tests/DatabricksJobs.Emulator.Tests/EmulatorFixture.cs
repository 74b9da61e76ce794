using DatabricksJobs.Emulator.Hosting;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>An emulator on a free loopback port, with an admin and a plain user, for one test class.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const string AdminToken = "dapi-test-admin";
    public const string UserToken = "dapi-test-user";
    public const string AdminUser = "admin@example.com";
    public const string PlainUser = "someone@example.com";

    public EmulatorServer Server { get; private set; } = null!;
    public ApiClient Admin { get; private set; } = null!;
    public ApiClient User { get; private set; } = null!;

    protected virtual void Configure(EmulatorOptions options)
    {
    }

    public static EmulatorOptions TestOptions()
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromMilliseconds(150), TickInterval = TimeSpan.FromMilliseconds(10) };
        options.Tokens.Add(new TokenIdentity(AdminToken, AdminUser, IsAdmin: true));
        options.Tokens.Add(new TokenIdentity(UserToken, PlainUser, IsAdmin: false));
        return options;
    }

    public async Task InitializeAsync()
    {
        var options = TestOptions();
        Configure(options);
        Server = await EmulatorServer.StartAsync(options);
        Admin = new ApiClient(Server.BaseUrl, AdminToken);
        User = new ApiClient(Server.BaseUrl, UserToken);
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        User.Dispose();
        await Server.DisposeAsync();
    }
}
