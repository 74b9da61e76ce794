using System;
using System.Text.Json.Nodes;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Models
{
    /// <summary>
    /// A JSON object with the API's field names that the module sends whole: a job's settings, or a one-time run. The
    /// cmdlets fill it with PowerShell values and pass it on without looking inside, so that they never name a type of
    /// System.Text.Json, which is the engine's own (it loads in the module's load context on PowerShell 7).
    /// </summary>
    public sealed class RequestBody
    {
        public RequestBody() : this(new JsonObject())
        {
        }

        internal RequestBody(JsonObject json) => Json = json;

        /// <summary>
        /// How deep in the API's JSON a body starts: as deep as the deepest JSON that holds it, so that what is sent can
        /// be read back. A job's settings are 3 levels down in what jobs/list answers (jobs[].settings), and deeper than
        /// in jobs/get (settings) or jobs/reset (new_settings). A one-time run's request, whose tasks runs/list answers
        /// 2 levels down (runs[].tasks), is held to the same, so that one rule says how deep what a user gives may nest.
        /// </summary>
        internal const int Level = 4;

        internal JsonObject Json { get; }

        /// <summary>How many fields are set.</summary>
        public int Count => Json.Count;

        /// <summary>Sets <paramref name="field"/> to a PowerShell value: text, a number, a hashtable, an array, ...</summary>
        public RequestBody Set(string field, object? value)
        {
            Json[field] = PowerShellJson.ToNode(value, field, Level + 1);
            return this;
        }

        /// <summary>
        /// Sets <paramref name="field"/> (tasks or job_clusters) to items given as hashtables or objects, each checked against
        /// the API's fields of such an item; <paramref name="what"/> names them in errors, and <paramref name="warn"/>
        /// writes a warning for each field the module does not know.
        /// </summary>
        public RequestBody SetItems(string field, object[] items, string what, Action<string> warn)
        {
            var shape = field switch
            {
                "tasks" => ApiShape.Task,
                "job_clusters" => ApiShape.JobCluster,
                _ => throw new ArgumentException($"'{field}' is neither tasks nor job_clusters."),
            };
            Json[field] = JobSettingsInput.ToArray(items, what, shape, warn, Level + 1);
            return this;
        }

        /// <summary>
        /// This body (a cmdlet's named parameters) filled in with every other field of <paramref name="body"/> (-Settings or
        /// a file), objects key by key (so -Tag adds to the body's tags): the whole body can be given, and named
        /// parameters still win.
        /// </summary>
        public RequestBody Over(RequestBody body)
        {
            Fill(Json, body.Json);
            return this;
        }

        /// <summary>Adds to <paramref name="into"/> what <paramref name="from"/> has and it lacks, objects key by key.</summary>
        internal static void Fill(JsonObject into, JsonObject from)
        {
            foreach (var field in from)
            {
                var mine = into[field.Key];
                if (mine is null) into[field.Key] = field.Value?.DeepClone();
                else if (mine is JsonObject named && field.Value is JsonObject given) Fill(named, given);
            }
        }

        /// <summary>A field's value as text, or null when it is not set.</summary>
        public string? Text(string field) => Json[field]?.ToString();

        /// <summary>Whether the body has <paramref name="field"/>, with a value that is not null.</summary>
        public bool Has(string field) => Json[field] is not null;

        public override string ToString() => Json.ToJsonString();
    }
}
