using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text.Json.Nodes;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>
    /// The definitions of a deployment: every .json and .psd1 file that -Path names (files, folders searched recursively,
    /// wildcards), each read, checked against jobs/reset's fields and its variables filled in. A file that cannot be
    /// used is an error of its own, naming the file (DefinitionInvalidJson, DefinitionUnknownVariable, ...); the others
    /// are read on.
    /// </summary>
    internal sealed class DefinitionReader
    {
        private static readonly string[] Extensions = { ".json", ".psd1" };

        private readonly PSCmdlet _cmdlet;
        private readonly Variables _variables;

        private DefinitionReader(PSCmdlet cmdlet, IDictionary? variables)
        {
            _cmdlet = cmdlet;
            _variables = new Variables(variables);
        }

        /// <summary>The definitions in <paramref name="paths"/>, and the errors of those that cannot be used.</summary>
        public static DefinitionSet Read(PSCmdlet cmdlet, IEnumerable<string> paths, IDictionary? variables) => new DefinitionReader(cmdlet, variables).Read(paths);

        private DefinitionSet Read(IEnumerable<string> paths)
        {
            var set = new DefinitionSet();
            var files = new List<string>();
            foreach (var path in paths)
            {
                try
                {
                    files.AddRange(Files(path).Where(file => !files.Contains(file, StringComparer.Ordinal)));
                }
                catch (InputException e)
                {
                    set.Errors.Add(Named(e));
                }
            }
            var duplicates = files.GroupBy(KeyOf, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var key = KeyOf(file);
                set.Keys.Add(key);
                try
                {
                    if (duplicates.TryGetValue(key, out var same))
                        throw new InputException($"'{file}' has the key '{key}' of {string.Join(" and ", same.Where(f => f != file).Select(f => $"'{f}'"))}: " +
                            "a deployment's job is known by its file name without the extension, so each must be unique (whatever its case).", "DuplicateKey", target: file);
                    set.Definitions.Add(ReadFile(file, key));
                }
                catch (InputException e)
                {
                    set.Errors.Add(Named(e));
                }
            }
            set.UnusedVariables.AddRange(_variables.Unused);
            return set;
        }

        /// <summary>The file's key: its name without the extension.</summary>
        private static string KeyOf(string file) => Path.GetFileNameWithoutExtension(file);

        /// <summary>An error about a definition, with its id said as one: DefinitionInvalidJson, DefinitionUnknownVariable, ...</summary>
        private static InputException Named(InputException e) =>
            e.ErrorId.StartsWith("Definition", StringComparison.Ordinal) ? e : new InputException(e.Message, "Definition" + e.ErrorId, e.Category, e.Target, e.InnerException ?? e);

        /// <summary>
        /// The definition files <paramref name="path"/> names, in ordinal path order: the file, or every .json and .psd1
        /// under a folder; with wildcards, those of every file and folder they match (other files they match are passed
        /// over). None at all is an error, so that a mistyped path never deploys (or prunes) nothing without a word.
        /// </summary>
        private IEnumerable<string> Files(string path)
        {
            IEnumerable<string> matches;
            if (WildcardPattern.ContainsWildcardCharacters(path) && !FilePaths.NamesAFile(_cmdlet, path))
                matches = FilePaths.Matches(_cmdlet, path);
            else
            {
                var fullPath = FilePaths.Resolve(_cmdlet, path);
                if (File.Exists(fullPath) && !IsDefinition(fullPath))
                    throw new InputException($"'{fullPath}' is not a definition: a deployment's definitions are .json and .psd1 files.", "NotADefinition", target: path);
                matches = new[] { fullPath };
            }
            var files = matches.SelectMany(match => Directory.Exists(match)
                    ? Directory.EnumerateFiles(match, "*", SearchOption.AllDirectories).Where(IsDefinition)
                    : File.Exists(match) && IsDefinition(match) ? new[] { match } : Array.Empty<string>())
                .OrderBy(file => file, StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
                throw new InputException($"'{path}' names no definition: no .json or .psd1 file is there.", "NotFound", ErrorCategory.ObjectNotFound, path);
            return files;
        }

        private static bool IsDefinition(string file) => Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase);

        private Definition ReadFile(string file, string key)
        {
            var what = $"'{file}'";
            var given = string.Equals(Path.GetExtension(file), ".psd1", StringComparison.OrdinalIgnoreCase)
                ? JobSettingsInput.TextValues(PowerShellJson.ToObject(DataFile(file), what, RequestBody.Level))
                : JobSettingsInput.ParseObject(FilePaths.ReadText(file, file), what, file);
            // jobs/reset's fields, those a deploy keeps in step; jobs/create's access_control_list is not one of them.
            var settings = ApiShape.JobSettings.CheckStrictly(given, what, file);
            if (settings["name"] is not JsonValue name || !name.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
                throw new InputException($"{what} has no name: a deployment's job needs one (\"name\": \"...\").", "MissingName", ErrorCategory.InvalidData, file);
            if (settings["tags"] is JsonObject tags && tags.Any(t => t.Key == DeploymentIdentity.Tag))
                throw new InputException($"{what} sets the tag '{DeploymentIdentity.Tag}', which the deployment sets itself: remove it from the file.", "IdentityTag",
                    ErrorCategory.InvalidData, file);
            _variables.Fill(settings, file);
            return new Definition(key, file, settings);
        }

        /// <summary>
        /// The one hashtable of a .psd1 file, read without running anything in it, as Import-PowerShellDataFile reads one:
        /// a file with a command, a variable or any other code in it is an error, and nothing of it is run.
        /// </summary>
        private static Hashtable DataFile(string file)
        {
            var ast = Parser.ParseInput(FilePaths.ReadText(file, file), file, out _, out var errors);
            if (errors.Length > 0)
                throw new InputException($"'{file}' is not a valid PowerShell data file: {errors[0].Message} (line {errors[0].Extent.StartLineNumber}).", "InvalidPsd1",
                    ErrorCategory.ParserError, file);
            if (ast.ParamBlock is not null || ast.BeginBlock is not null || ast.ProcessBlock is not null || ast.EndBlock?.Statements.Count != 1
                || ast.EndBlock.Statements[0] is not PipelineAst { PipelineElements: { Count: 1 } elements }
                || elements[0] is not CommandExpressionAst { Expression: HashtableAst hashtable, Redirections: { Count: 0 } })
                throw new InputException($"'{file}' must hold one hashtable (@{{ name = ...; tasks = @(...) }}) and nothing else.", "InvalidPsd1", ErrorCategory.InvalidData, file);
            try
            {
                return (Hashtable)hashtable.SafeGetValue();
            }
            catch (InvalidOperationException e)
            {
                throw new InputException($"'{file}' holds code, which a definition may not: {e.Message} It was not run.", "Psd1NotData", ErrorCategory.InvalidData, file, e);
            }
        }
    }

    /// <summary>The definitions read, the errors of the files that could not be, and every key a file has (read or not).</summary>
    internal sealed class DefinitionSet
    {
        public List<Definition> Definitions { get; } = new List<Definition>();

        public List<InputException> Errors { get; } = new List<InputException>();

        /// <summary>The key of every definition file found, whether it could be read or not: a job of one of them is never pruned.</summary>
        public HashSet<string> Keys { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>-Variable names no definition used.</summary>
        public List<string> UnusedVariables { get; } = new List<string>();
    }
}
