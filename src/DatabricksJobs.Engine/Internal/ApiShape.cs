using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// The fields of a request body of the Jobs API, read off the engine's models through the serializer's metadata (so
    /// they are listed once, as the models' properties), and input checked against them. The service ignores a field it
    /// does not know, so a misspelt or PascalCase key would otherwise be dropped without a word: here a key is matched
    /// whatever its case and in PascalCase and sent as the API spells it, a key close to a field is an error, and any
    /// other key is sent as it is with a warning (a field newer than the module still goes). Maps whose keys are the
    /// user's own (tags, base_parameters, spark_conf, ...) are not checked; the models' PowerShell-only properties
    /// (Job.Name, JobTask.Type, ...) are derived, and dropped without a word.
    /// </summary>
    internal sealed class ApiShape
    {
        private static readonly DatabricksJsonContext Json = DatabricksJsonContext.Default;

        // Each model's shape, made once; models nest in each other (a for-each task holds a task).
        private static readonly Dictionary<Type, ApiShape> Shapes = new Dictionary<Type, ApiShape>();

        /// <summary>jobs/create: a job's settings and its access control list; a job ({job_id, settings}) gives its settings.</summary>
        public static readonly ApiShape CreateJob = Root(typeof(CreateJobRequest), "job settings", takesJob: true);

        /// <summary>The new settings of jobs/reset and jobs/update; a job ({job_id, settings}) gives its settings.</summary>
        public static readonly ApiShape JobSettings = Root(typeof(JobSettings), "job settings", takesJob: true);

        /// <summary>runs/submit: a one-time run.</summary>
        public static readonly ApiShape SubmitRun = Root(typeof(SubmitRunRequest), "a runs/submit request");

        /// <summary>run-now: the overrides of a run, and how it starts.</summary>
        public static readonly ApiShape RunNow = Root(typeof(RunNowRequest), "a run-now request");

        /// <summary>runs/repair: what to rerun, and the overrides.</summary>
        public static readonly ApiShape RepairRun = Root(typeof(RepairRunRequest), "a runs/repair request");

        /// <summary>A task, as -Task gives it (the items of tasks).</summary>
        public static readonly ApiShape Task = Root(typeof(JobTask), "a task");

        /// <summary>A job cluster, as -JobCluster gives it (the items of job_clusters).</summary>
        public static readonly ApiShape JobCluster = Root(typeof(Models.JobCluster), "a job cluster");

        private readonly Dictionary<string, Field> _fields = new Dictionary<string, Field>();
        private readonly HashSet<string> _derived = new HashSet<string>();
        private string _noun = "";
        private bool _takesJob;

        private ApiShape()
        {
        }

        /// <summary>
        /// <paramref name="given"/> with its keys as the API spells them, every object in it checked; <paramref name="what"/>
        /// names it in errors and warnings, which <paramref name="warn"/> writes. A key close to a field, a field given
        /// twice, or an object with no field of this shape at all (nothing would be made of it) is an InputException
        /// naming <paramref name="target"/>.
        /// </summary>
        public JsonObject Check(JsonObject given, string what, object? target, Action<string> warn)
        {
            var checkedObject = Check(given, what, target, out var unknown);
            // Said only of what is sent: input refused says nothing of its other keys.
            foreach (var field in unknown) warn($"{what} has a field the module does not know, '{field}': it is sent as it is.");
            return checkedObject;
        }

        /// <summary>
        /// As <see cref="Check(JsonObject, string, object?, Action{string})"/>, but a key the module does not know is an
        /// error too: a deployment's definition is kept in step with its job field by field, and a misspelt field there
        /// would be sent again at every deploy and never take.
        /// </summary>
        public JsonObject CheckStrictly(JsonObject given, string what, object? target)
        {
            var checkedObject = Check(given, what, target, out var unknown);
            if (unknown.Count > 0)
                throw new InputException($"{what} has {(unknown.Count == 1 ? "a field" : "fields")} the module does not know: {string.Join(", ", unknown.Select(f => $"'{f}'"))}.",
                    "UnknownField", target: target);
            return checkedObject;
        }

        private JsonObject Check(JsonObject given, string what, object? target, out List<string> unknown)
        {
            var input = new Input(what, target);
            if (_takesJob && SettingsOfJob(given) is JsonObject settings) given = settings;
            var keys = given.Select(p => p.Key).ToList();
            var checkedObject = Check(given, "", input, out var known);
            if (keys.Count > 0 && known == 0)
            {
                var shown = string.Join(", ", keys.Take(5).Select(k => $"'{k}'")) + (keys.Count > 5 ? ", ..." : "");
                throw new InputException($"{what} has no field of {_noun} (it has {shown}), so nothing was sent.", "NoKnownField", target: target);
            }
            unknown = input.Unknown;
            return checkedObject;
        }

        private static ApiShape Root(Type type, string noun, bool takesJob = false)
        {
            var shape = ShapeOf(type);
            shape._noun = noun;
            shape._takesJob = takesJob;
            return shape;
        }

        private static ApiShape ShapeOf(Type type)
        {
            if (Shapes.TryGetValue(type, out var made)) return made;
            var shape = new ApiShape();
            Shapes[type] = shape;
            var info = Json.GetTypeInfo(type) ?? throw new InvalidOperationException($"{type.Name} has no JSON contract.");
            // A property the serializer ignores ([JsonIgnore]) has no accessors in the contract.
            foreach (var property in info.Properties.Where(p => !p.IsExtensionData && (p.Get is not null || p.Set is not null)))
                shape._fields[Normal(property.Name)] = new Field(property.Name, property.PropertyType);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => Normal(p.Name)))
                if (!shape._fields.ContainsKey(property)) shape._derived.Add(property);
            return shape;
        }

        /// <summary>A key as it is compared: case and underscores do not count, so name, Name, task_key, TaskKey and taskKey match.</summary>
        private static string Normal(string key) => key.Replace("_", "").ToLowerInvariant();

        private JsonObject Check(JsonObject given, string path, Input input, out int known)
        {
            known = 0;
            var result = new JsonObject();
            var givenAs = new Dictionary<string, string>();
            foreach (var entry in Detach(given))
            {
                var key = Normal(entry.Key);
                var at = path.Length == 0 ? entry.Key : $"{path}.{entry.Key}";
                if (_fields.TryGetValue(key, out var field))
                {
                    if (givenAs.TryGetValue(field.Name, out var first))
                        throw new InputException($"{input.What} gives '{field.Name}' twice, as '{first}' and '{entry.Key}'.", "FieldGivenTwice", target: input.Target);
                    givenAs[field.Name] = entry.Key;
                    // ConvertTo-Json writes every property a model has, null when it is not set: the API takes null as not set.
                    if (entry.Value is null) continue;
                    result[field.Name] = field.Check(entry.Value, path.Length == 0 ? field.Name : $"{path}.{field.Name}", input);
                    known++;
                }
                else if (_derived.Contains(key))
                {
                    // What the module computes for PowerShell (JobTask.Type, Job.TaskCount, ...): it is in the fields it came from.
                }
                else if (Closest(key) is string meant)
                {
                    throw new InputException($"{input.What} has no field '{at}': did you mean {meant}?", "MisspelledField", target: input.Target);
                }
                else
                {
                    input.Unknown.Add(at);
                    result[entry.Key] = entry.Value;
                }
            }
            return result;
        }

        /// <summary>
        /// The fields <paramref name="key"/> is likely a misspelling of: those one letter off (two in a long name), the
        /// fewest off first, and of those first the ones it is a field with letters left out of (taks: tasks, then tags).
        /// </summary>
        private string? Closest(string key)
        {
            if (key.Length < 4) return null;
            var near = _fields
                .Select(f => (f.Value.Name, Distance: Distance(key, f.Key), LeftOut: IsLeftOutOf(key, f.Key), f.Key.Length))
                .Where(f => f.Distance <= (f.Length >= 8 ? 2 : 1))
                .ToList();
            if (near.Count == 0) return null;
            var fewest = near.Min(f => f.Distance);
            return string.Join(" or ", near.Where(f => f.Distance == fewest).OrderByDescending(f => f.LeftOut).Select(f => $"'{f.Name}'"));
        }

        /// <summary>Whether <paramref name="key"/> is <paramref name="field"/> with letters left out.</summary>
        private static bool IsLeftOutOf(string key, string field)
        {
            var at = 0;
            foreach (var c in field)
                if (at < key.Length && key[at] == c) at++;
            return at == key.Length;
        }

        /// <summary>How many letters must be added, removed, changed or swapped with the next to turn one word into the other.</summary>
        private static int Distance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
            for (var j = 0; j <= b.Length; j++) d[0, j] = j;
            for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
            return d[a.Length, b.Length];
        }

        /// <summary>The settings of a job as jobs/get answers it, the Databricks CLI writes it and a Job object converts: {job_id, settings, ...}.</summary>
        private static JsonObject? SettingsOfJob(JsonObject given)
        {
            var settingsKey = given.Select(p => p.Key).FirstOrDefault(k => Normal(k) == "settings");
            if (settingsKey is null || given[settingsKey] is not JsonObject settings || !given.Any(p => Normal(p.Key) == "jobid")) return null;
            // The job's other fields (creator, created time, ...) are the service's: none of them is sent.
            given.Remove(settingsKey);
            return settings;
        }

        /// <summary>The entries of <paramref name="obj"/>, taken out of it so that they can go into the checked object.</summary>
        private static List<KeyValuePair<string, JsonNode?>> Detach(JsonObject obj)
        {
            var entries = obj.ToList();
            obj.Clear();
            return entries;
        }

        /// <summary>What is being checked: its name and target in errors, and the paths of the keys the module does not know.</summary>
        private sealed class Input
        {
            public Input(string what, object? target)
            {
                What = what;
                Target = target;
            }

            public string What { get; }
            public object? Target { get; }
            public List<string> Unknown { get; } = new List<string>();
        }

        /// <summary>A field of a shape: its name in the API, and what it holds.</summary>
        private sealed class Field
        {
            private readonly Nesting _nesting;
            private readonly ApiShape? _shape;

            public Field(string name, Type type)
            {
                Name = name;
                var info = Json.GetTypeInfo(type);
                var element = info?.ElementType is Type elementType ? Json.GetTypeInfo(elementType) : null;
                (_nesting, _shape) = info?.Kind switch
                {
                    JsonTypeInfoKind.Object => (Nesting.Object, ShapeOf(type)),
                    JsonTypeInfoKind.Enumerable when element?.Kind == JsonTypeInfoKind.Object => (Nesting.List, ShapeOf(element.Type)),
                    JsonTypeInfoKind.Dictionary when element?.Kind == JsonTypeInfoKind.Object => (Nesting.Map, ShapeOf(element.Type)),
                    // Text, numbers, lists of text, and maps whose keys are the user's own (tags, base_parameters, ...).
                    _ => (Nesting.None, (ApiShape?)null),
                };
            }

            public string Name { get; }

            /// <summary>The value, with the objects in it checked against the field's shape; a value of another kind than the API's is the service's to refuse.</summary>
            public JsonNode Check(JsonNode value, string path, Input input)
            {
                switch (_nesting)
                {
                    case Nesting.Object when value is JsonObject obj:
                        return _shape!.Check(obj, path, input, out _);
                    case Nesting.List when value is JsonArray list:
                        var items = list.ToList();
                        list.Clear();
                        for (var i = 0; i < items.Count; i++) list.Add(items[i] is JsonObject item ? _shape!.Check(item, $"{path}[{i}]", input, out _) : items[i]);
                        return list;
                    case Nesting.Map when value is JsonObject map:
                        foreach (var entry in Detach(map))
                            map[entry.Key] = entry.Value is JsonObject mapped ? _shape!.Check(mapped, $"{path}.{entry.Key}", input, out _) : entry.Value;
                        return map;
                    default:
                        return value;
                }
            }
        }

        private enum Nesting
        {
            None,
            Object,
            List,
            Map,
        }
    }
}
