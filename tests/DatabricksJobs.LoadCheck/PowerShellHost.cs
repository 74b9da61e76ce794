#if NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace DatabricksJobs.LoadCheck
{
    /// <summary>What PowerShell 7.4 has set up before it imports any module.</summary>
    internal static class PowerShellHost
    {
        public static void Prepare()
        {
            // PowerShell's resolver on the default context: an assembly of $PSHOME (here, this program's folder) at
            // the version asked or newer.
            var home = AppContext.BaseDirectory;
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                var path = Path.Combine(home, name.Name + ".dll");
                return File.Exists(path) && AssemblyName.GetAssemblyName(path).Version >= name.Version ? context.LoadFromAssemblyPath(path) : null;
            };
            // PowerShell 7.4 uses .NET 8's System.Text.Json itself, so that copy is loaded before the module is.
            var json = JsonSerializer.Serialize(new { host = "PowerShell 7.4 stand-in" });
            Console.WriteLine($"host: {json} with System.Text.Json {typeof(JsonSerializer).Assembly.GetName().Version}");
        }
    }
}
#endif
