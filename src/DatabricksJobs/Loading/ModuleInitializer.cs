using System.Management.Automation;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// PowerShell runs this when it imports the module, before any cmdlet runs: from then on the module's dependencies
    /// resolve from its own dependencies/ folder (see <see cref="DependencyResolver"/>).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyResolver.Install();

        public void OnRemove(PSModuleInfo module) => DependencyResolver.Uninstall();
    }
}
