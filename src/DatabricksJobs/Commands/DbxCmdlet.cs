using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// What every cmdlet of the module shares: async work run off the pipeline thread while the pipeline thread
    /// writes its verbose lines, Ctrl+C (StopProcessing) cancelling that work at once, and API errors as ErrorRecords.
    /// </summary>
    public abstract class DbxCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        protected override void StopProcessing() => _stop.Cancel();

        /// <summary>
        /// When (UTC) every request of the command must have ended, or null for none: -Timeout where a cmdlet has it.
        /// </summary>
        protected virtual DateTime? Deadline => null;

        /// <summary>
        /// Runs <paramref name="work"/> and waits for it, writing what it reports as it goes. Its requests end by
        /// <paramref name="deadline"/> (UTC; by default the command's <see cref="Deadline"/>): none is sent or retried after
        /// it, and one in flight then is abandoned, a DatabricksApiException with DeadlinePassed.
        /// </summary>
        protected T Await<T>(Func<CallContext, Task<T>> work, DateTime? deadline = null)
        {
            using var messages = new BlockingCollection<Action>();
            bool Post(Action message)
            {
                try
                {
                    messages.Add(message);
                    return true;
                }
                catch (InvalidOperationException)
                {
                    // The work has ended; nothing more is written.
                    return false;
                }
            }
            // The work's callbacks that must run on the pipeline thread (an -AccessToken script block) go through the same queue as verbose lines.
            Task OnPipelineThread(Action action)
            {
                var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                void Run()
                {
                    try
                    {
                        action();
                        done.SetResult(true);
                    }
                    catch (Exception e)
                    {
                        done.SetException(e);
                    }
                }
                if (!Post(Run)) done.SetException(new InvalidOperationException("The command has ended."));
                return done.Task;
            }
            var context = new CallContext(line => Post(() => WriteVerbose(line)), _stop.Token, OnPipelineThread, deadline ?? Deadline);
            var task = Task.Run(() => work(context));
            task.ContinueWith(_ => messages.CompleteAdding(), TaskScheduler.Default);
            foreach (var message in messages.GetConsumingEnumerable()) message();
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Await(Func<CallContext, Task> work, DateTime? deadline = null) => Await(async context =>
        {
            await work(context).ConfigureAwait(false);
            return true;
        }, deadline);

        /// <summary>Sleeps on the pipeline thread; Ctrl+C ends the sleep at once.</summary>
        protected void Sleep(TimeSpan time)
        {
            if (_stop.Token.WaitHandle.WaitOne(time)) throw new PipelineStoppedException();
        }

        /// <summary>
        /// Runs <paramref name="action"/> for one pipeline item: an API error becomes a non-terminating error for that
        /// item, so one bad item does not stop the others.
        /// </summary>
        protected void ForItem(object target, Action action)
        {
            try
            {
                action();
            }
            catch (DatabricksApiException e)
            {
                WriteError(ErrorRecords.FromApi(e, target));
            }
            catch (ArgumentException e)
            {
                WriteError(ErrorRecords.FromInput(e, target));
            }
        }

        public void Dispose()
        {
            _stop.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>A cmdlet that talks to a workspace: -Session, or the runspace's default session.</summary>
    public abstract class DbxCmdlet : DbxCmdletBase
    {
        private DatabricksSession? _session;

        /// <summary>The session to use, or its name (Get-DbxSession -All lists them); by default the runspace's default session.</summary>
        [Parameter]
        [ValidateNotNull]
        [SessionTransformation]
        [ArgumentCompleter(typeof(Completion.SessionNameCompleter))]
        public DatabricksSession? Session { get; set; }

        /// <summary>The session, resolved on the pipeline thread in BeginProcessing (the default lives with the runspace).</summary>
        internal DatabricksSession CurrentSession => _session ?? throw new InvalidOperationException("The session is resolved in BeginProcessing.");

        internal JobsService Jobs => CurrentSession.Jobs;

        protected override void BeginProcessing() => _session = ResolveSession();

        /// <summary>
        /// The ids of the jobs named <paramref name="name"/> (exact and case-insensitive, as the workspace filters): the
        /// one job, or, with <paramref name="all"/>, every one. A name no job has, or that several share without
        /// <paramref name="all"/>, is an error of the item, so that a typo or a duplicate never acts silently.
        /// </summary>
        protected IReadOnlyList<long> JobIdsNamed(string name, bool all)
        {
            var ids = ListJobs(name, expandTasks: false).Select(job => job.JobId).ToList();
            if (ids.Count == 0) throw NoJobNamed(name);
            if (ids.Count > 1 && !all)
                throw new InputException($"{ids.Count} jobs are named '{name}' (ids {string.Join(", ", ids)}): give -JobId to choose one, or -All to act on every one.",
                    "AmbiguousJobName", ErrorCategory.InvalidArgument, name);
            return ids;
        }

        /// <summary>
        /// Every job jobs/list answers, a page at a time as they are read; with <paramref name="name"/>, only the jobs of that
        /// name. The workspace filters on the name, and the jobs it answers are checked here too: a server (or a proxy)
        /// that ignored the filter must not turn Remove-DbxJob -Name x -All into a delete of every job.
        /// </summary>
        protected IEnumerable<Models.Job> ListJobs(string? name, bool expandTasks) =>
            Pager.All(token => Await(context => Jobs.ListJobsPageAsync(name, expandTasks, token, context)), page => page.Jobs, page => page.HasMore ? page.NextPageToken : null)
                .Where(job => name is null || string.Equals(job.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The error of an exact job name that no job has (ObjectNotFound, as Get-Item's is).</summary>
        private protected static InputException NoJobNamed(string name) =>
            new InputException($"There is no job named '{name}'.", "JobNotFound", ErrorCategory.ObjectNotFound, name);

        /// <summary>Every run runs/list answers for <paramref name="query"/>, a page at a time as they are read.</summary>
        protected IEnumerable<Run> ListRuns(RunQuery query) =>
            Pager.All(token => Await(context => Jobs.ListRunsPageAsync(query, token, context)), page => page.Runs, page => page.HasMore ? page.NextPageToken : null);

        private DatabricksSession ResolveSession()
        {
            var session = Session ?? SessionStore.Default;
            if (session is null)
                ThrowTerminatingError(ErrorRecords.Create("Not connected to a workspace: run Connect-DbxWorkspace first, or give -Session.",
                    "NotConnected", ErrorCategory.ConnectionError, null));
            if (!session!.IsConnected)
                ThrowTerminatingError(ErrorRecords.Create($"The session to {session.Host} was disconnected: run Connect-DbxWorkspace again.",
                    "SessionDisconnected", ErrorCategory.ConnectionError, session));
            return session;
        }
    }
}
