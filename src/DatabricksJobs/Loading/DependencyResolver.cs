using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// Where the module's dependencies come from. DatabricksJobs.dll holds the cmdlets and names no type of any
    /// dependency; DatabricksJobs.Engine.dll (the client and models) and what it uses (System.Text.Json,
    /// Microsoft.Extensions.*, ...) ship in the module's dependencies/ folder, which PowerShell does not probe, so
    /// PowerShell never loads them for anyone else, and another module's copies never answer for ours.
    /// <list type="bullet">
    /// <item>PowerShell 7 (.NET): the engine loads into <see cref="ModuleLoadContext"/>, the module's own load
    /// context, and its dependencies with it, beside whatever versions PowerShell or other modules loaded.</item>
    /// <item>Windows PowerShell 5.1 (.NET Framework, which has no load contexts): a request of the module for an
    /// assembly it ships is answered from dependencies/ by name, whatever version is asked, as a binding redirect
    /// would.</item>
    /// </list>
    /// </summary>
    internal static class DependencyResolver
    {
        /// <summary>The assembly the cmdlets call; its name is the module's alone, so any request for it is ours.</summary>
        public const string EngineName = "DatabricksJobs.Engine";

        private static readonly Assembly Self = typeof(DependencyResolver).Assembly;
        private static Func<AssemblyName, Assembly?>? _load;

        /// <summary>The folder of the dependencies, beside the module's dll.</summary>
        public static string Folder { get; } = Path.Combine(Path.GetDirectoryName(Self.Location)!, "dependencies");

        /// <summary>The simple names of the assemblies in <see cref="Folder"/>.</summary>
        private static readonly HashSet<string> Shipped = new HashSet<string>(
            Directory.Exists(Folder) ? Directory.EnumerateFiles(Folder, "*.dll").Select(Path.GetFileNameWithoutExtension) : Enumerable.Empty<string>(),
            StringComparer.OrdinalIgnoreCase);

        /// <summary>True where the runtime has load contexts (.NET); false on .NET Framework (and Mono).</summary>
        public static bool HasLoadContexts { get; } = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext") is not null;

        /// <summary>Answers the module's requests from now on; ModuleInitializer calls it once for all imports.</summary>
        public static void Install()
        {
            // One load context for the life of the process: a module imported again must find the types it made before.
            _load ??= HasLoadContexts ? CreateLoadContext() : LoadByName;
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
        }

        public static void Uninstall() => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            // Every failed load of the process comes here: a request not for one of ours is passed on, never thrown at.
            if (!Shipped.Contains(SimpleName(args.Name))) return null;
            var name = new AssemblyName(args.Name);
            // Another module's request for a library we happen to ship is not ours to answer.
            if (!string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase) && !IsOurs(args.RequestingAssembly)) return null;
            return _load?.Invoke(name);
        }

        /// <summary>The simple name of an assembly's display name ("System.Text.Json, Version=...").</summary>
        private static string SimpleName(string displayName)
        {
            var comma = displayName.IndexOf(',');
            return (comma < 0 ? displayName : displayName.Substring(0, comma)).Trim();
        }

        /// <summary>
        /// The module itself, or one of its dependencies. .NET Framework does not always say who asks; then the name
        /// alone decides. (An assembly made in memory has no location; on .NET Framework, asking for its folder throws,
        /// and this handler sees every failed load of the process.)
        /// </summary>
        private static bool IsOurs(Assembly? requesting) =>
            requesting is null || requesting == Self ||
            (!requesting.IsDynamic && !string.IsNullOrEmpty(requesting.Location) &&
             string.Equals(Path.GetDirectoryName(requesting.Location), Folder, StringComparison.OrdinalIgnoreCase));

        private static Assembly? LoadByName(AssemblyName name)
        {
            var path = Path.Combine(Folder, name.Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }

        // Kept out of line: on .NET Framework, compiling a method that names ModuleLoadContext would fail, because its
        // base type (System.Runtime.Loader's AssemblyLoadContext) does not exist there. This one is never called there.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Func<AssemblyName, Assembly?> CreateLoadContext() => new ModuleLoadContext(Folder).LoadFromAssemblyName;
    }
}
