using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// PowerShell runs this when it imports the module, before any cmdlet runs: from then on the module's dependencies
    /// resolve from its own dependencies/ folder (see <see cref="DependencyResolver"/>), and on PowerShell 7 the
    /// engine's types are found by name (see <see cref="EngineTypeNames"/>). Both are the process's, and several
    /// runspaces may import the module, so they are undone when the last import is removed.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static int _imports;

        public void OnImport()
        {
            lock (Gate)
            {
                if (_imports++ > 0) return;
                DependencyResolver.Install();
                if (DependencyResolver.HasLoadContexts) EngineTypeNames.Register();
            }
            StartWarmUp();
        }

        /// <summary>
        /// Starts making, on a pool thread, what the first session and its first answers need (DatabricksClient.WarmUp),
        /// while PowerShell finishes the import. Its own method, not inlined: the engine must be resolved only once the
        /// resolver above is installed.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void StartWarmUp() => Client.DatabricksClient.WarmUp();

        public void OnRemove(PSModuleInfo module)
        {
            lock (Gate)
            {
                if (_imports == 0 || --_imports > 0) return;
                EngineTypeNames.Unregister();
                DependencyResolver.Uninstall();
            }
        }
    }
}
