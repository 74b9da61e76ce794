using System.Net;
using System.Text;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>The self-contained HTML page that runs/export answers for a task run.</summary>
public static class RunExportPage
{
    public static string Render(RunRecord run, RunTask task, TaskSim sim, bool dashboard)
    {
        static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
        var html = new StringBuilder();
        var title = $"{(dashboard ? "Dashboard" : "Notebook")}: {run.Run.RunName} / {task.TaskKey} (run {task.RunId})";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}pre{background:#f6f6f6;padding:1em}</style>\n")
            .Append("</head>\n<body>\n<h1>").Append(E(title)).Append("</h1>\n<table>\n");
        void Row(string name, string? value) => html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        Row("Job", run.Run.JobId?.ToString());
        Row("Run", run.RunId.ToString());
        Row("Task", task.TaskKey);
        Row("Task run", task.RunId.ToString());
        Row("Attempt", task.AttemptNumber.ToString());
        Row("State", task.State?.LifeCycleState);
        Row("Result", task.State?.ResultState);
        Row("Started", task.StartTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(task.StartTime).ToString("u") : null);
        Row("Ended", task.EndTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(task.EndTime).ToString("u") : null);
        html.Append("</table>\n<h2>Parameters</h2>\n<table>\n");
        foreach (var (key, value) in sim.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)) Row(key, value);
        html.Append("</table>\n<h2>Output</h2>\n<pre>").Append(E(sim.NotebookResult ?? "")).Append("</pre>\n");
        if (sim.Error is not null) html.Append("<h2>Error</h2>\n<pre>").Append(E(sim.ErrorTrace ?? sim.Error)).Append("</pre>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }
}
