using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// The module's own load context on PowerShell 7 (.NET): the engine and every assembly it ships load here from
    /// dependencies/, whatever PowerShell or other modules loaded before or load after. The exception is an assembly
    /// the running .NET (or PowerShell itself) already provides at the version asked or newer, such as System.Memory
    /// or, on .NET 10, System.Text.Json: that one comes from the platform, so that the module and the platform agree
    /// on types such as Span&lt;T&gt; and Task. Where the module ships a ReadyToRun image of a dependency for the
    /// running .NET and platform (<see cref="ReadyToRunImages"/>), the image loads instead of the IL.
    /// </summary>
    internal sealed class ModuleLoadContext : AssemblyLoadContext
    {
        private readonly string _folder;
        private readonly string _readyToRunFolder;
        private readonly Dictionary<string, string> _platform = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public ModuleLoadContext(string folder)
        {
            _folder = folder;
            _readyToRunFolder = Path.Combine(folder, ReadyToRunImages.FolderName);
            // The trusted platform assemblies: .NET's own, and those of the host (pwsh ships its own in $PSHOME).
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
            foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                _platform[Path.GetFileNameWithoutExtension(path)] = path;
        }

        protected override Assembly? Load(AssemblyName name)
        {
            var path = Path.Combine(_folder, name.Name + ".dll");
            // Not shipped (PowerShell, .NET), or the platform's copy will do: the default context answers.
            if (!File.Exists(path) || IsProvidedByPlatform(name)) return null;
            var image = Path.Combine(_readyToRunFolder, name.Name + ".dll");
            return LoadFromAssemblyPath(File.Exists(image) ? image : path);
        }

        private bool IsProvidedByPlatform(AssemblyName name) =>
            name.Name is not null && _platform.TryGetValue(name.Name, out var path) &&
            AssemblyName.GetAssemblyName(path).Version >= (name.Version ?? new Version(0, 0));

        public override string ToString() => $"DatabricksJobs load context ({_folder})";
    }
}
