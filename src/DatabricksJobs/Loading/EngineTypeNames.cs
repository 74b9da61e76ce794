using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using DatabricksJobs.Client;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// PowerShell 7 finds a type by name ([DatabricksJobs.Models.Run], the type of a parameter of a user's function)
    /// only among the assemblies of the default load context, and the engine's types live in the module's own. So
    /// the engine's public types are registered as type accelerators under their full names, as about_Classes shows
    /// for the classes a script module exports. Windows PowerShell finds them without this.
    /// </summary>
    internal static class EngineTypeNames
    {
        private static readonly Type? Accelerators = typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");
        private static readonly List<string> Registered = new List<string>();

        public static void Register()
        {
            if (Accelerators is null || Registered.Count > 0) return;
            var existing = (IDictionary<string, Type>)Accelerators.GetProperty("Get", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            var add = Accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) })!;
            foreach (var type in typeof(DatabricksSession).Assembly.GetExportedTypes().Where(t => !t.IsGenericTypeDefinition && !existing.ContainsKey(t.FullName!)))
            {
                add.Invoke(null, new object[] { type.FullName!, type });
                Registered.Add(type.FullName!);
            }
        }

        public static void Unregister()
        {
            var remove = Accelerators?.GetMethod("Remove", new[] { typeof(string) });
            foreach (var name in Registered) remove?.Invoke(null, new object[] { name });
            Registered.Clear();
        }
    }
}
