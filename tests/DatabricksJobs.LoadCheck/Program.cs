using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using DatabricksJobs.Client;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Models;

namespace DatabricksJobs.LoadCheck
{
    /// <summary>
    /// Imports the module as it ships the way a PowerShell host imports a binary module, then makes real requests
    /// to a workspace (DATABRICKS_HOST and DATABRICKS_TOKEN: the emulator) with the module's own client, and says
    /// what it did and which copy of each library it ran with, a line each:
    /// <code>DatabricksJobs.LoadCheck &lt;module folder&gt; [--other-first | --other-in-memory &lt;another module's dll&gt;]</code>
    /// Importing is what both Windows PowerShell 5.1 and PowerShell 7.4 do: Assembly.LoadFrom of the module's dll
    /// (on .NET, into the default load context, with the dll's folder probed), a look through its exported types for
    /// cmdlets, then its IModuleAssemblyInitializer. As a .NET 8 program it first sets up what PowerShell 7.4 has
    /// before any module: its resolver on $PSHOME, and .NET 8's own System.Text.Json in use. This program was
    /// compiled against the engine but ships without it or any of its dependencies, so they can only come from the
    /// module's dependencies/ folder, through the module's resolver. Another module (tests/DatabricksJobs.ConflictModule,
    /// which ships Microsoft.Extensions.Http 8 and System.Text.Json 8 beside its dll) is either imported and used
    /// first, and used again at the end (--other-first), or loaded from memory at the end, so that its requests for
    /// those libraries reach the module's resolver (--other-in-memory).
    /// </summary>
    internal static class Program
    {
        private static readonly string[] Libraries =
        {
            "DatabricksJobs.Engine", "System.Text.Json", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions",
            "System.Memory", "System.Runtime.CompilerServices.Unsafe", "Microsoft.Bcl.AsyncInterfaces",
        };

        private static int Main(string[] args)
        {
            if (args.Length is not (1 or 3) || !File.Exists(Path.Combine(args[0], "DatabricksJobs.dll")) ||
                (args.Length == 3 && args[1] is not ("--other-first" or "--other-in-memory")))
            {
                Console.Error.WriteLine("usage: DatabricksJobs.LoadCheck <module folder> [--other-first | --other-in-memory <another module's dll>]   (with DATABRICKS_HOST and DATABRICKS_TOKEN set)");
                return 2;
            }
            Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}");
#if NET
            PowerShellHost.Prepare();
#endif
            var other = args.Length == 3 && args[1] == "--other-first" ? Import(Path.GetFullPath(args[2])) : null;
            try
            {
                if (other is not null) UseOther(other);
                Import(Path.Combine(Path.GetFullPath(args[0]), "DatabricksJobs.dll"));
                Requests.MakeAsync().GetAwaiter().GetResult();
                if (other is not null) UseOther(other);
                if (args.Length == 3 && args[1] == "--other-in-memory") UseFromMemory(args[2]);
            }
            catch (Exception e)
            {
                Console.WriteLine($"failed: {e}");
                return 1;
            }
            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => Libraries.Contains(a.GetName().Name)))
                Console.WriteLine($"loaded: {assembly.GetName().Name} {assembly.GetName().Version} from {assembly.Location}{LoadContextOf(assembly)}");
            return 0;
        }

        private static Assembly Import(string path)
        {
            var module = Assembly.LoadFrom(path);
            // PowerShell looks through the exported types for cmdlets before it runs the initializer, so none of
            // them may need the engine to load.
            var types = module.GetExportedTypes();
            var cmdlets = types.Count(t => !t.IsAbstract && t.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute"));
            var initializers = new List<string>();
            foreach (var type in types.Where(t => !t.IsAbstract && t.GetInterface("System.Management.Automation.IModuleAssemblyInitializer") is not null))
            {
                type.GetInterface("System.Management.Automation.IModuleAssemblyInitializer")!.GetMethod("OnImport")!.Invoke(Activator.CreateInstance(type), null);
                initializers.Add(type.FullName!);
            }
            Console.WriteLine($"imported {module.GetName().Name}: {cmdlets} cmdlets, initializer {string.Join(", ", initializers)}");
            return module;
        }

        /// <summary>Runs the other module's work (ConflictProbe.Run), which uses its own copies of the libraries.</summary>
        private static void UseOther(Assembly other) =>
            Console.WriteLine($"other module: {Probe(other)}");

        private static object? Probe(Assembly other) => other.GetType("DatabricksJobs.ConflictModule.ConflictProbe", throwOnError: true)!.GetMethod("Run")!.Invoke(null, null);

        /// <summary>
        /// The other module's dll loaded from memory (it has no location, so nothing probes beside it) asks for
        /// libraries the module ships too, at versions not loaded: the module's resolver, asked, must leave them alone
        /// (on .NET it may answer from the platform), and must not throw at someone else's request.
        /// </summary>
        private static void UseFromMemory(string otherDll)
        {
            var inMemory = Assembly.Load(File.ReadAllBytes(otherDll));
            try
            {
                Console.WriteLine($"in-memory module: {Probe(inMemory)}");
            }
            catch (TargetInvocationException e) when (e.InnerException is FileNotFoundException or FileLoadException)
            {
                Console.WriteLine($"in-memory module: {e.InnerException.GetType().Name}, its libraries left to it");
            }
        }

#if NET
        private static string LoadContextOf(Assembly assembly) => $" in {System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly)}";
#else
        private static string LoadContextOf(Assembly assembly) => "";
#endif
    }

    /// <summary>
    /// The requests, with the module's client. A class of its own, so that nothing naming an engine type is loaded
    /// before the module's initializer ran (Mono loads a class's lambdas with the class).
    /// </summary>
    internal static class Requests
    {
        public static async Task MakeAsync()
        {
            var context = new CallContext(null, CancellationToken.None);
            var resolved = CredentialResolver.Resolve(new AuthSettings("parameters"), null, _ => { });
            using var client = new DatabricksClient(resolved.Host, resolved.Credential);
            var jobs = new JobsService(client);
            Console.WriteLine($"user: {(await jobs.GetCurrentUserAsync(context)).UserName} ({resolved.Credential.AuthType} from {resolved.Source})");

            var settings = new RequestBody().Set("name", "load check").Set("max_concurrent_runs", 50).SetItems("tasks", new object[]
            {
                new Hashtable { ["task_key"] = "main", ["notebook_task"] = new Hashtable { ["notebook_path"] = "/load-check", ["base_parameters"] = new Hashtable { ["exit"] = "none" } } },
            }, "-Task", Console.WriteLine);
            var job = await jobs.GetJobAsync(await jobs.CreateJobAsync(settings, context), context);
            Console.WriteLine($"job: {job.JobId} '{job.Name}' with {job.TaskCount} task(s)");

            // More runs than runs/list gives on one page.
            var runIds = new List<long>();
            for (var i = 1; i <= 30; i++)
                runIds.Add(await jobs.RunNowAsync(new RunNowRequest { JobId = job.JobId, NotebookParams = new Dictionary<string, string> { ["exit"] = $"run {i}" } }, null, context));
            var pages = 0;
            var listed = Pager.All((token, cancellation) =>
            {
                pages++;
                return jobs.ListRunsPageAsync(new RunQuery { JobId = job.JobId }, token, new CallContext(null, cancellation));
            }, page => page.GetAwaiter().GetResult(), page => page.Runs, page => page.HasMore ? page.NextPageToken : null, CancellationToken.None).Count();
            Console.WriteLine($"runs: {listed} listed in {pages} pages");

            var last = await jobs.GetRunAsync(runIds[runIds.Count - 1], false, context);
            for (var polls = 0; !last.IsCompleted && polls < 600; polls++)
            {
                await Task.Delay(100);
                last = await jobs.GetRunAsync(last.RunId, false, context);
            }
            var output = await jobs.GetRunOutputAsync(last.LatestTasks[0].RunId, context);
            Console.WriteLine($"run: {last.RunId} {last.LifeCycleState} {last.ResultState}, output '{output.NotebookOutput?.Result}'");

            try
            {
                await jobs.GetJobAsync(job.JobId + 1_000_000, context);
            }
            catch (DatabricksApiException e)
            {
                Console.WriteLine($"error: {e.ErrorCode} HTTP {(int?)e.StatusCode}: {e.Message}");
            }
            await jobs.DeleteJobAsync(job.JobId, context);
        }
    }
}
