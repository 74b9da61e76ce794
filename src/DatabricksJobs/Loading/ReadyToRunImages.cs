using System;
using System.Runtime.InteropServices;

namespace DatabricksJobs.Loading
{
    /// <summary>
    /// Where the module ships ReadyToRun images of the engine and its Microsoft.Extensions libraries: the same IL as in
    /// dependencies/, with native code the runtime uses instead of JIT-compiling it, in a folder per .NET version and
    /// platform (dependencies/net10.0-linux-x64/, ...), as src/DatabricksJobs.Engine.ReadyToRun builds them.
    /// </summary>
    internal static class ReadyToRunImages
    {
        /// <summary>
        /// The folder's name for this process: the major version of .NET (a runtime refuses images compiled for
        /// another) and the platform's runtime identifier. No folder has it on .NET Framework or where none was built.
        /// </summary>
        public static string FolderName { get; } =
            $"net{Environment.Version.Major}.0-{OperatingSystemName()}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

        private static string OperatingSystemName() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
    }
}
