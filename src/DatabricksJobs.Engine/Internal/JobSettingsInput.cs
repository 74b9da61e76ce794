using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
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
        /// <summary>The body in a file, checked against <paramref name="shape"/>; a clear error when the file is not a JSON object.</summary>
        public static RequestBody Read(PSCmdlet cmdlet, string path, ApiShape shape)
        {
            var fullPath = FilePaths.Resolve(cmdlet, path);
            return Parse(cmdlet, FilePaths.ReadText(fullPath, path), $"'{fullPath}'", path, shape);
        }

        /// <summary>A body as JSON text (of a file, or given as -Settings), named <paramref name="what"/> in errors.</summary>
        private static RequestBody Parse(PSCmdlet cmdlet, string text, string what, object target, ApiShape shape) =>
            new RequestBody(shape.Check(ParseObject(text, what, target), what, target, cmdlet.WriteWarning));

        /// <summary>JSON text that must hold one object, as deep as a request body may nest; <paramref name="what"/> names it in errors.</summary>
        public static JsonObject ParseObject(string text, string what, object target)
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
            return settings as JsonObject ?? throw new InputException($"{what} does not hold a JSON object.", "NotAJsonObject", target: target);
        }

        /// <summary>The body in the one file <paramref name="path"/> names; with wildcards, it must match exactly one.</summary>
        public static RequestBody ReadOne(PSCmdlet cmdlet, string path, ApiShape shape)
        {
            var files = FilePaths.Expand(cmdlet, path).ToList();
            if (files.Count > 1)
                throw new InputException($"'{path}' matches {files.Count} files ({string.Join(", ", files.Select(f => f.Path))}); one job takes one file.", "PathMatchesSeveral", target: path);
            files[0].Check();
            return Read(cmdlet, files[0].Path, shape);
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
        /// The bodies a cmdlet that takes JSON files (-Path, with wildcards) or a whole object (-Settings) was given, each
        /// with the target an error about it names; none given, one empty body named <paramref name="parametersTarget"/>
        /// (the cmdlet's own parameters make it). Reading is deferred, so that a bad file, or a pattern that matches none,
        /// is an error of its own item.
        /// </summary>
        public static IEnumerable<(object Target, Func<RequestBody> Request)> Requests(PSCmdlet cmdlet, string[]? paths, object? settings, ApiShape shape,
            object parametersTarget)
        {
            if (paths is not null) return paths.SelectMany(path => FilePaths.Expand(cmdlet, path)).Select(file => ((object)file.Target, (Func<RequestBody>)(() =>
            {
                file.Check();
                return Read(cmdlet, file.Path, shape);
            })));
            if (settings is not null) return new[] { (settings, (Func<RequestBody>)(() => FromSettings(cmdlet, settings, shape))) };
            return new[] { (parametersTarget, (Func<RequestBody>)(() => new RequestBody())) };
        }

        /// <summary>
        /// The body given as -Settings: a hashtable or object (such as a Job, or ConvertFrom-Json's) or JSON text, checked
        /// against <paramref name="shape"/>. A file (Get-Item's, Get-ChildItem's) is read as -Path reads it: PowerShell
        /// binds a piped file to -Settings, which takes any object, before it would bind its FullName to -Path.
        /// </summary>
        public static RequestBody FromSettings(PSCmdlet cmdlet, object settings, ApiShape shape) =>
            (settings is PSObject ps ? ps.BaseObject : settings) switch
            {
                string json => Parse(cmdlet, json, "The -Settings text", json.Length > 40 ? json.Substring(0, 40) + "…" : json, shape),
                FileSystemInfo file => Read(cmdlet, file.FullName, shape),
                _ => new RequestBody(TextValues(shape.Check(PowerShellJson.ToObject(settings, "-Settings", RequestBody.Level), "-Settings", null, cmdlet.WriteWarning))),
            };

        /// <summary>Tasks or job clusters from hashtables or objects, checked against <paramref name="shape"/>, for an array at <paramref name="level"/> of the request.</summary>
        public static JsonArray ToArray(object[] items, string what, ApiShape shape, Action<string> warn, int level)
        {
            var array = new JsonArray();
            for (var i = 0; i < items.Length; i++)
            {
                var item = shape.Check(PowerShellJson.ToObject(items[i], what, level + 1), items.Length == 1 ? what : $"{what}[{i}]", null, warn);
                array.Add(TextValues(item, isTask: shape == ApiShape.Task));
            }
            return array;
        }

        /// <summary>
        /// Refuses settings with no field at all (an empty hashtable, object or file, such as a lookup that found nothing
        /// gives): the workspace would make of them a job named Untitled with no tasks, or replace a job's settings with
        /// nothing. <paramref name="consequence"/> says which.
        /// </summary>
        public static void RefuseEmpty(RequestBody settings, string consequence)
        {
            if (settings.Count == 0) throw new InputException($"The settings given are empty: {consequence}. Give the job's settings.", "EmptySettings");
        }

        /// <summary>
        /// Refuses a job name that is empty or only white space: the workspace would keep a job no one can find by its
        /// name or tell apart in a list.
        /// </summary>
        public static void RefuseBlankName(RequestBody settings)
        {
            if (settings.Json["name"] is JsonValue value && value.TryGetValue<string>(out var name) && string.IsNullOrWhiteSpace(name))
                throw new InputException($"A job's name cannot be empty or only white space ('{name}').", "BlankJobName");
        }

        /// <summary>
        /// Completes a schedule that -Schedule or -TimeZone gave in part: with the rest of <paramref name="job"/>'s schedule
        /// when it has one (its time zone, cron expression and pause status), and else in UTC. A time zone with no cron
        /// expression to go with it is an error, since there is no schedule whose time zone it could be.
        /// </summary>
        public static void CompleteSchedule(RequestBody settings, Models.Job? job)
        {
            var schedule = (JsonObject)settings.Json["schedule"]!;
            if (job?.Settings?.Schedule is { } current)
                RequestBody.Fill(schedule, JsonSerializer.SerializeToNode(current, DatabricksJsonContext.Default.CronSchedule)!.AsObject());
            if (schedule["quartz_cron_expression"] is null)
                throw new InputException($"-TimeZone {schedule["timezone_id"]} is the time zone of a schedule, and {(job is null ? "there is none" : $"job {job.JobId} has none")}: " +
                    "give -Schedule too.", "NoSchedule", target: job?.JobId);
            schedule["timezone_id"] ??= "UTC";
        }

        private static readonly string[] TaskStringMaps =
            { "notebook_task.base_parameters", "python_wheel_task.named_parameters", "sql_task.parameters", "run_job_task.job_parameters" };

        private static readonly string[] TaskStringLists =
            { "spark_python_task.parameters", "python_wheel_task.parameters", "spark_jar_task.parameters", "spark_submit_task.parameters" };

        /// <summary>
        /// The API takes only text in parameter maps and lists; a PowerShell user writes rows = 10 as readily as
        /// rows = '10'. Numbers and booleans there become text, the rest is left as given.
        /// </summary>
        public static JsonObject TextValues(JsonObject settings, bool isTask = false)
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
