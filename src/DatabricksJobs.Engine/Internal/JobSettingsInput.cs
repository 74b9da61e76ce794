using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Job settings as the cmdlets take them (a JSON file, a hashtable or object, task hashtables) turned into the
    /// API's JSON.
    /// </summary>
    internal static class JobSettingsInput
    {
        /// <summary>The settings in a file, as the API takes them; a clear error when the file is not a JSON object.</summary>
        public static RequestBody Read(PSCmdlet cmdlet, string path)
        {
            var fullPath = FilePaths.Resolve(cmdlet, path);
            return Parse(FilePaths.ReadText(fullPath, path), $"'{fullPath}'", path);
        }

        /// <summary>Settings as JSON text (of a file, or given as -Settings), named <paramref name="what"/> in errors.</summary>
        private static RequestBody Parse(string text, string what, object target)
        {
            JsonNode? settings;
            try
            {
                // A name given twice is an error here, not an ArgumentException of JsonObject's dictionary later on.
                settings = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            }
            catch (JsonException e)
            {
                throw new InputException($"{what} is not valid JSON{Where(e)}: {Reason(e)}", "InvalidJson", target: target, inner: e);
            }
            settings = PowerShellJson.Fits(settings, what, RequestBody.Level, target);
            return new RequestBody(settings as JsonObject ??
                throw new InputException($"{what} does not hold a JSON object.", "NotAJsonObject", target: target));
        }

        /// <summary>The settings in the one file <paramref name="path"/> names; with wildcards, it must match exactly one.</summary>
        public static RequestBody ReadOne(PSCmdlet cmdlet, string path)
        {
            var files = FilePaths.Expand(cmdlet, path).ToList();
            if (files.Count > 1)
                throw new InputException($"'{path}' matches {files.Count} files ({string.Join(", ", files.Select(f => f.Path))}); one job takes one file.", "PathMatchesSeveral", target: path);
            files[0].Check();
            return Read(cmdlet, files[0].Path);
        }

        /// <summary>Where in the file, counted from 1 as editors do (the reader counts from 0).</summary>
        private static string Where(JsonException e) =>
            e.LineNumber is long line && e.BytePositionInLine is long position ? $" at line {line + 1}, position {position + 1}" : "";

        /// <summary>What is wrong, without the reader's own Path | LineNumber | BytePositionInLine suffix, which <see cref="Where"/> says.</summary>
        private static string Reason(JsonException e)
        {
            var message = e.Message;
            foreach (var marker in new[] { " Path: ", " LineNumber: " })
            {
                var at = message.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) message = message.Substring(0, at);
            }
            return message;
        }

        /// <summary>
        /// The requests of a cmdlet that takes JSON files (-Path, with wildcards), a whole object (-Settings) or its own
        /// parameters, in that order of precedence; each with the target an error about it names. Reading is deferred, so
        /// that a bad file, or a pattern that matches none, is an error of its own item.
        /// </summary>
        public static IEnumerable<(object Target, Func<RequestBody> Request)> Requests(PSCmdlet cmdlet, string[]? paths, object? settings,
            object parametersTarget, Func<RequestBody> fromParameters)
        {
            if (paths is not null) return paths.SelectMany(path => FilePaths.Expand(cmdlet, path)).Select(file => ((object)file.Target, (Func<RequestBody>)(() =>
            {
                file.Check();
                return Read(cmdlet, file.Path);
            })));
            if (settings is not null) return new[] { (settings, (Func<RequestBody>)(() => FromSettings(settings))) };
            return new[] { (parametersTarget, fromParameters) };
        }

        /// <summary>Settings from -Settings: a hashtable or object with the API's field names.</summary>
        public static RequestBody FromSettings(object settings) =>
            (settings is PSObject ps ? ps.BaseObject : settings) is string json
                ? Parse(json, "The -Settings text", json.Length > 40 ? json.Substring(0, 40) + "…" : json)
                : new RequestBody(TextValues(PowerShellJson.ToObject(settings, "-Settings", RequestBody.Level)));

        /// <summary>Tasks or job clusters from hashtables or objects, for an array at <paramref name="level"/> of the request.</summary>
        public static JsonArray ToArray(object[] items, string what, int level)
        {
            var array = new JsonArray();
            foreach (var item in items) array.Add(TextValues(PowerShellJson.ToObject(item, what, level + 1), isTask: what == "-Task"));
            return array;
        }

        private static readonly string[] TaskStringMaps =
            { "notebook_task.base_parameters", "python_wheel_task.named_parameters", "sql_task.parameters", "run_job_task.job_parameters" };

        private static readonly string[] TaskStringLists =
            { "spark_python_task.parameters", "python_wheel_task.parameters", "spark_jar_task.parameters", "spark_submit_task.parameters" };

        /// <summary>
        /// The API takes only text in parameter maps and lists; a PowerShell user writes rows = 10 as readily as
        /// rows = '10'. Numbers and booleans there become text, the rest is left as given.
        /// </summary>
        private static JsonObject TextValues(JsonObject settings, bool isTask = false)
        {
            if (isTask)
            {
                foreach (var path in TaskStringMaps) Stringify(Navigate(settings, path) as JsonObject);
                foreach (var path in TaskStringLists) Stringify(Navigate(settings, path) as JsonArray);
                return settings;
            }
            Stringify(settings["tags"] as JsonObject);
            foreach (var parameter in (settings["parameters"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()) Stringify(parameter, "default");
            foreach (var task in (settings["tasks"] as JsonArray ?? new JsonArray()).OfType<JsonObject>()) TextValues(task, isTask: true);
            return settings;
        }

        private static JsonNode? Navigate(JsonObject root, string path)
        {
            JsonNode? node = root;
            foreach (var part in path.Split('.')) node = (node as JsonObject)?[part];
            return node;
        }

        private static void Stringify(JsonObject? map, string? onlyKey = null)
        {
            if (map is null) return;
            foreach (var key in map.Select(p => p.Key).Where(k => onlyKey is null || k == onlyKey).ToList())
                if (AsText(map[key]) is string text) map[key] = text;
        }

        private static void Stringify(JsonArray? list)
        {
            if (list is null) return;
            for (var i = 0; i < list.Count; i++)
                if (AsText(list[i]) is string text) list[i] = text;
        }

        private static string? AsText(JsonNode? node) => node is JsonValue value && value.GetValueKind() is System.Text.Json.JsonValueKind.Number or System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
            ? value.ToJsonString()
            : null;
    }
}
