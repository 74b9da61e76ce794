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
    /// What every cmdlet of the module shares: async work started on the pipeline thread, which then writes the work's
    /// verbose lines and runs its callbacks while it waits; Ctrl+C (StopProcessing) cancelling that work at once; and
    /// API errors as ErrorRecords.
    /// </summary>
    public abstract class DbxCmdletBase : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<string> _verboseLines = new ConcurrentQueue<string>();
        private PipelineThread? _pipelineThread;
        private Action<string>? _verbose;
        private bool _verboseDecided;

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
        protected T Await<T>(Func<CallContext, Task<T>> work, DateTime? deadline = null) => Wait(Start(work, _stop.Token, deadline));

        protected void Await(Func<CallContext, Task> work, DateTime? deadline = null) => Await(async context =>
        {
            await work(context).ConfigureAwait(false);
            return true;
        }, deadline);

        /// <summary>
        /// Every item of every page <paramref name="fetchPage"/> answers (given a page token, null for the first), read a
        /// page at a time as the items are written, with the next page's request under way meanwhile (see <see cref="Pager"/>).
        /// </summary>
        private protected IEnumerable<T> AllPages<TPage, T>(Func<string?, CallContext, Task<Page<TPage>>> fetchPage, Func<TPage, IEnumerable<T>?> items,
            Func<Page<TPage>, string?> nextPageToken, bool readAhead = true) =>
            Pager.All((token, cancellation) => Start(context => fetchPage(token, context), cancellation), Wait, items, nextPageToken, _stop.Token, readAhead);

        /// <summary>
        /// Starts <paramref name="work"/> on the pipeline thread, where it runs up to its first await, without waiting for
        /// it: <see cref="Wait{T}"/> does. <paramref name="cancellation"/> ends it (the command's Ctrl+C, or one linked to it).
        /// </summary>
        private Task<T> Start<T>(Func<CallContext, Task<T>> work, CancellationToken cancellation, DateTime? deadline = null)
        {
            var thread = _pipelineThread ??= PipelineThread.Current;
            var context = new CallContext(VerboseTarget, cancellation, action => thread.Run(action, cancellation), deadline ?? Deadline);
            // The work's continuations must not be posted to a synchronization context of the host's: this thread is
            // blocked until the work ends, so they would never run.
            var hostContext = SynchronizationContext.Current;
            if (hostContext is not null) SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                return work(context);
            }
            catch (Exception e)
            {
                return Task.FromException<T>(e);
            }
            finally
            {
                if (hostContext is not null) SynchronizationContext.SetSynchronizationContext(hostContext);
            }
        }

        /// <summary>
        /// Waits for work <see cref="Start{T}"/> started and answers its result: meanwhile the pipeline thread writes the
        /// command's verbose lines, in order, and runs the callbacks (an -AccessToken script block) posted to it.
        /// </summary>
        private T Wait<T>(Task<T> task)
        {
            var thread = _pipelineThread ??= PipelineThread.Current;
            thread.WakeWhenDone(task);
            while (true)
            {
                thread.RunCallbacks();
                while (_verboseLines.TryDequeue(out var line)) WriteVerbose(line);
                if (task.IsCompleted) break;
                thread.WaitForWork();
            }
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>
        /// Where the work's verbose lines go: to this command's queue, which <see cref="Wait{T}"/> writes; or nowhere (null)
        /// when no one would see them, so that their text is never made.
        /// </summary>
        private Action<string>? VerboseTarget
        {
            get
            {
                if (!_verboseDecided)
                {
                    _verboseDecided = true;
                    if (VerboseWanted()) _verbose = line =>
                    {
                        _verboseLines.Enqueue(line);
                        _pipelineThread!.Wake();
                    };
                }
                return _verbose;
            }
        }

        /// <summary>
        /// Whether this command's verbose lines are seen, as WriteVerbose decides: -Verbose or -Verbose:$false; -Debug
        /// (taken as wanting them, as PowerShell shows them with it); else the caller's $VerbosePreference (also what
        /// Azure Automation's verbose logging sets), anything but SilentlyContinue and Ignore showing them.
        /// </summary>
        private bool VerboseWanted()
        {
            var bound = MyInvocation.BoundParameters;
            if (bound.TryGetValue("Verbose", out var verbose)) return verbose is SwitchParameter { IsPresent: true };
            if (bound.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true }) return true;
            return GetVariableValue("VerbosePreference") switch
            {
                null => false, // unset: the engine's default, SilentlyContinue
                var value => !LanguagePrimitives.TryConvertTo(value, out ActionPreference preference)
                    || preference is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore),
            };
        }

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
            AllPages((token, context) => Jobs.ListJobsPageAsync(name, expandTasks, token, context), page => page.Jobs, page => page.HasMore ? page.NextPageToken : null)
                .Where(job => name is null || string.Equals(job.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The error of an exact job name that no job has (ObjectNotFound, as Get-Item's is).</summary>
        private protected static InputException NoJobNamed(string name) =>
            new InputException($"There is no job named '{name}'.", "JobNotFound", ErrorCategory.ObjectNotFound, name);

        /// <summary>
        /// Every run runs/list answers for <paramref name="query"/>, a page at a time as they are read (the next one asked for
        /// meanwhile, unless not <paramref name="readAhead"/>). Where a page says more follow, <paramref name="anotherPage"/>,
        /// when given, says whether to ask for them (a listing held to a number of requests).
        /// </summary>
        protected IEnumerable<Run> ListRuns(RunQuery query, bool readAhead = true, Func<bool>? anotherPage = null) =>
            AllPages((token, context) => Jobs.ListRunsPageAsync(query, token, context), page => page.Runs,
                page => page.HasMore && anotherPage?.Invoke() != false ? page.NextPageToken : null, readAhead);

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
