using DatabricksJobs.Emulator.Api;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DatabricksJobs.Emulator.Hosting;

/// <summary>A running emulator: started by the command line, or in-process by a test on a free port.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Workspace workspace, TokenIssuer tokens, string baseUrl)
    {
        _app = app;
        Workspace = workspace;
        Tokens = tokens;
        BaseUrl = baseUrl;
    }

    /// <summary>The URL it listens on (the first, when several were asked for), without a trailing slash.</summary>
    public string BaseUrl { get; }

    public Workspace Workspace { get; }

    /// <summary>The access tokens it has issued (OAuth and Azure).</summary>
    public TokenIssuer Tokens { get; }

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmulatorServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var workspace = new Workspace(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(workspace);
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RequestCounter>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IdentityEndpoints>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddHostedService<RunTicker>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var dispatcher = app.Services.GetRequiredService<Dispatcher>();
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // Not started (the port is taken, say): let go of the state file.
            workspace.Locked(workspace.Close);
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var baseUrl = addresses.First().TrimEnd('/');
        return new EmulatorServer(app, workspace, app.Services.GetRequiredService<TokenIssuer>(), baseUrl);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        // No request comes in any more: fold the state file's journal into its snapshot. If that fails, the journal
        // still holds every change, and the next start replays it.
        try
        {
            Workspace.Locked(Workspace.Close);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Advances active runs a little at a time, and writes what they changed one last time on the way out.</summary>
internal sealed class RunTicker(Workspace workspace, EmulatorOptions options, ILogger<RunTicker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    workspace.Locked(workspace.Tick);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogError(e, "Could not write the state file");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        workspace.Locked(() => workspace.PersistIfNeeded(force: true));
    }
}
