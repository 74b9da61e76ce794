using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace DatabricksJobs.ConflictModule
{
    /// <summary>
    /// On .NET Framework, a library beside the module's dll that another one of them asks for at another version
    /// (System.Memory wants Unsafe 4.0.4.1, the folder has 6.0.0.0) is not found without a binding redirect; modules
    /// that work on Windows PowerShell 5.1 answer such requests by name, as this one does for its own assemblies.
    /// (On .NET it seldom has anything to do: .NET takes the version found beside the dll if it is at least the one asked.)
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string Folder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            if (args.RequestingAssembly is not { IsDynamic: false } requesting || string.IsNullOrEmpty(requesting.Location) ||
                !string.Equals(Path.GetDirectoryName(requesting.Location), Folder, StringComparison.OrdinalIgnoreCase)) return null;
            var path = Path.Combine(Folder, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
