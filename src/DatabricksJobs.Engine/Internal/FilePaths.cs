using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// The files and folders the cmdlets read and write (-Path), with every way one can fail as an error of its own
    /// pipeline item: .NET's UnauthorizedAccessException for a directory, or a drive PowerShell does not know, would
    /// otherwise stop the whole command. <c>target</c> is what the error names: the path as the user gave it.
    /// </summary>
    internal static class FilePaths
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        /// <summary>
        /// The file system path of <paramref name="path"/>: relative to PowerShell's current location ($PWD), which need
        /// not be the process's current directory, with ~ and PowerShell drives resolved.
        /// </summary>
        public static string Resolve(PSCmdlet cmdlet, string path)
        {
            string resolved;
            ProviderInfo provider;
            try
            {
                resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
            }
            catch (Exception e) when (e is RuntimeException or ArgumentException or NotSupportedException)
            {
                throw new InputException($"Cannot use the path '{path}': {e.Message}", "InvalidPath", target: path, inner: e);
            }
            if (provider.Name != "FileSystem")
                throw new InputException($"'{path}' is a path of the {provider.Name} provider, not of the file system.", "NotFileSystemPath", target: path);
            return resolved;
        }

        /// <summary>
        /// The files <paramref name="path"/> names: itself when a file of that very name exists or it has no wildcards (so
        /// a name with [ ] from Get-ChildItem is taken as it is), else every file its wildcards match, in PowerShell's
        /// order. Each comes with a check that throws, as an error of that item, when a pattern matched nothing.
        /// </summary>
        public static IEnumerable<(string Path, object Target, Action Check)> Expand(PSCmdlet cmdlet, string path)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(path) || NamesAFile(cmdlet, path))
                return new[] { (path, (object)path, (Action)(() => { })) };
            var files = Matches(cmdlet, path).Where(File.Exists).ToList();
            if (files.Count == 0)
                return new[] { (path, (object)path, (Action)(() => throw new InputException($"No file matches '{path}'.", "PathNotFound", ErrorCategory.ObjectNotFound, path))) };
            return files.Select(file => (file, (object)file, (Action)(() => { })));
        }

        /// <summary>Every file and folder the wildcards of <paramref name="path"/> match, in PowerShell's order; none when it matches nothing or cannot be used.</summary>
        public static IReadOnlyList<string> Matches(PSCmdlet cmdlet, string path)
        {
            try
            {
                return cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (Exception e) when (e is RuntimeException or ArgumentException)
            {
                return Array.Empty<string>();
            }
        }

        /// <summary>Whether a file has this very name; a path that cannot be used counts as one, for reading it to report why.</summary>
        public static bool NamesAFile(PSCmdlet cmdlet, string path)
        {
            try
            {
                return File.Exists(Resolve(cmdlet, path));
            }
            catch (InputException)
            {
                return true;
            }
        }

        /// <summary>The text of a file.</summary>
        public static string ReadText(string fullPath, object target)
        {
            if (Directory.Exists(fullPath)) throw IsDirectory(fullPath, target);
            try
            {
                return File.ReadAllText(fullPath);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                throw new InputException($"Cannot find path '{fullPath}' because it does not exist.", "PathNotFound", ErrorCategory.ObjectNotFound, target, e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new InputException($"Cannot read '{fullPath}': access is denied.", "FileNotReadable", ErrorCategory.PermissionDenied, target, e);
            }
            catch (IOException e)
            {
                throw new InputException($"Cannot read '{fullPath}': {e.Message}", "FileNotReadable", ErrorCategory.ReadError, target, e);
            }
        }

        /// <summary>Whether <paramref name="fullPath"/> may be written: not a directory, and not a file unless <paramref name="force"/>.</summary>
        public static void CheckWritable(string fullPath, bool force, object target)
        {
            if (Directory.Exists(fullPath)) throw IsDirectory(fullPath, target);
            if (File.Exists(fullPath) && !force)
                throw new InputException($"'{fullPath}' exists: give -Force to overwrite it.", "FileExists", ErrorCategory.ResourceExists, target);
        }

        /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
        public static void WriteText(string fullPath, string text, object target)
        {
            try
            {
                File.WriteAllText(fullPath, text, Utf8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw NotWritten(fullPath, target, e);
            }
        }

        /// <summary>The folder <paramref name="path"/> names, which need not exist yet; a file there is an error.</summary>
        public static string Folder(PSCmdlet cmdlet, string path)
        {
            var fullPath = Resolve(cmdlet, path);
            if (File.Exists(fullPath)) throw new InputException($"'{fullPath}' is a file, not a folder.", "PathIsFile", target: path);
            return fullPath;
        }

        /// <summary>Makes the folder, and the folders above it, when missing.</summary>
        public static void MakeFolder(string fullPath, object target)
        {
            try
            {
                Directory.CreateDirectory(fullPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw NotWritten(fullPath, target, e);
            }
        }

        private static InputException IsDirectory(string fullPath, object target) =>
            new InputException($"'{fullPath}' is a directory, not a file.", "PathIsDirectory", target: target);

        private static InputException NotWritten(string fullPath, object target, Exception e) => e is UnauthorizedAccessException
            ? new InputException($"Cannot write '{fullPath}': access is denied.", "FileNotWritable", ErrorCategory.PermissionDenied, target, e)
            : new InputException($"Cannot write '{fullPath}': {e.Message}", "FileNotWritable", ErrorCategory.WriteError, target, e);
    }
}
