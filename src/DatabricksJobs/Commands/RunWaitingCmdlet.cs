using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Waiting for runs, shared by Wait-DbxRun and the cmdlets that take -Wait. All runs wait in one poll loop with one
    /// progress display. Each round looks at the runs the cheapest of three ways, by the requests it costs: one listing
    /// of the workspace's active runs, a listing of each job's active runs, or runs/get of each run. A listing shows
    /// which runs are still going; a waited run no longer in it has ended and is read whole: with runs/get, or, when
    /// several ended in a round, with one listing of the runs completed since the earliest of them started. So waiting on
    /// 100 runs of one job or of 100 jobs costs a few requests a round, not 100.
    /// </summary>
    public abstract class RunWaitingCmdlet : DbxCmdlet
    {
        private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(500);
        private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(10);
        /// <summary>How long -CancelOnTimeout's cancels may take after the deadline, all together, retries included.</summary>
        private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);
        private const int ProgressId = 1;
        private readonly List<(long RunId, long? JobId)> _toWaitFor = new List<(long RunId, long? JobId)>();
        /// <summary>Runs this command started and waits for without having read them: the job each must be of.</summary>
        private readonly Dictionary<long, long> _startedAs = new Dictionary<long, long>();
        private readonly HashSet<long> _readOneByOne = new HashSet<long>();
        /// <summary>Active runs in the last listing of the workspace (null: not listed yet), and of each job listed.</summary>
        private int? _workspaceActive;
        private readonly Dictionary<long, int> _jobActive = new Dictionary<long, int>();
        private bool _workspaceUnlistable;
        /// <summary>Waited-for runs a listing of active runs no longer showed this round: they ended, and are read whole.</summary>
        private readonly List<long> _leftListing = new List<long>();
        private bool _failuresAreErrors;
        private bool _successWithFailuresFails;
        private bool _includeHistory;
        private DateTime? _deadline;
        private DateTime? _cancelBy;
        private readonly Dictionary<string, string> _tokensClaimed = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Seconds the command may take at most, counted from its first request: every request it makes (starts, reads, waiting, reading the output of failed tasks) ends by then. No limit by default. It implies -Wait where a cmdlet has -Wait. When the time runs out, the runs still going are written as they are, each with a WaitTimeout error; a request cut short is an error of its own (Timeout, or OutcomeUnknown for a change that may have been made).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? Timeout { get; set; }

        /// <summary>Cancel the runs still going when -Timeout runs out (it implies -Wait where a cmdlet has -Wait). The cancels get at most 5 seconds more, all together (a cancel is retried within them); a run whose cancel did not go through says so in its WaitTimeout error.</summary>
        [Parameter]
        public SwitchParameter CancelOnTimeout { get; set; }

        /// <summary>Seconds between looks at the runs; by default half a second at first, growing by a quarter each look in which no run ended, up to ten, and half a second again after a look in which runs ended (runs started together end together).</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int? PollInterval { get; set; }

        /// <summary>-Timeout's deadline, counted from the first request of the command (the first time it is asked for).</summary>
        protected override DateTime? Deadline => Timeout is int seconds ? _deadline ??= DateTime.UtcNow.AddSeconds(seconds) : (DateTime?)null;

        /// <summary>A run to wait for in EndProcessing (its job id, when known, lets runs of one job be polled together).</summary>
        protected void WaitLater(long runId, long? jobId) => _toWaitFor.Add((runId, jobId));

        /// <summary>
        /// Claims <paramref name="token"/>, an idempotency token the caller gave, for one start of this command. The workspace
        /// answers a start whose token it has seen with that token's run and starts nothing, so a second start with it
        /// (another piped job or settings) is refused, as an error of its own item.
        /// </summary>
        protected void ClaimToken(string? token, string start)
        {
            if (token is null) return;
            if (_tokensClaimed.TryGetValue(token, out var first))
                throw new InputException($"Not started: {start} has the idempotency token '{token}' that {first} used in this command, and the workspace " +
                    "answers a start whose token it has seen with that token's run, starting nothing. Give each start its own token, or none (each start then gets one of its own).",
                    "IdempotencyTokenReused", ErrorCategory.InvalidArgument, token);
            _tokensClaimed[token] = start;
        }

        /// <summary>
        /// A run the cmdlet started or changed: waited for later when <paramref name="wait"/>; else, when
        /// <paramref name="read"/>, read, said with its page URL on the Verbose stream (<paramref name="started"/>, when
        /// given) and written; else written as the start answered it, its ids, with nothing read: a read would cost a
        /// request per start (the whole of a 30 requests/s limit for 30 starts) for what the start already says to a
        /// script (the run id, to wait for it, read it or stop it). A run that cannot be read is still written, as far as
        /// it is known (its ids), with the error: it was started, and a script that does not see it would start another.
        /// A run of another job than <paramref name="jobId"/> is not this start's (the workspace answered an idempotency
        /// token used before with that token's run): an error, and nothing is written. A run waited for is not read now:
        /// the wait's first round sees it (and says its URL in its first state line), and checks its job then.
        /// </summary>
        protected void WaitLaterOrWrite(long runId, long? jobId, bool wait, bool read, bool includeHistory = false, string? started = null)
        {
            // A time limit only means something for a wait, so asking for one asks for the wait.
            if (wait || Timeout is not null || CancelOnTimeout)
            {
                if (started is not null) WriteVerbose($"{started}.");
                WaitLater(runId, jobId);
                if (jobId is long expected) _startedAs[runId] = expected;
                return;
            }
            if (!read)
            {
                if (started is not null) WriteVerbose($"{started} (not read: Get-DbxRun -RunId {runId} reads it).");
                WriteObject(new Run { RunId = runId, JobId = jobId });
                return;
            }
            Run? run = null;
            DatabricksApiException? failure = null;
            try
            {
                run = Await(context => Jobs.GetRunAsync(runId, includeHistory, context));
            }
            catch (DatabricksApiException e)
            {
                failure = e;
            }
            if (run is not null && jobId is long job && OfAnotherJob(run, job)) return;
            if (started is not null) WriteVerbose(string.IsNullOrEmpty(run?.RunPageUrl) ? $"{started}." : $"{started}: {run!.RunPageUrl}");
            if (run is not null)
            {
                WriteObject(run);
                return;
            }
            WriteObject(new Run { RunId = runId, JobId = jobId });
            WriteError(ErrorRecords.FromApi(failure!, runId, $"Run {runId} was started, but reading it failed (Get-DbxRun -RunId {runId} reads it later): "));
        }

        /// <summary>Whether <paramref name="run"/>, started for job <paramref name="expected"/>, is of another job: then that is an error.</summary>
        private bool OfAnotherJob(Run run, long expected)
        {
            if (run.JobId == expected) return false;
            WriteError(ErrorRecords.Create($"Job {expected} was not started: the workspace answered with run {run.RunId}, a run of {(run.JobId is long other ? $"job {other}" : "no job")}, " +
                "because the idempotency token was used before, for that run (the workspace answers a token it has seen with that token's run). Start it with another token, or none.",
                "IdempotencyTokenReused", ErrorCategory.InvalidResult, expected));
            return true;
        }

        /// <summary>
        /// Waits for the runs kept by <see cref="WaitLater"/>, writing each run once: as it ends (with an error when it did
        /// not succeed and <paramref name="failuresAreErrors"/>), or as it was last seen, with an error, when it can no
        /// longer be read (deleted, say) or -Timeout passes. The deadline holds for the requests in flight too.
        /// </summary>
        protected void WaitForRuns(bool failuresAreErrors, bool includeHistory = false, bool successWithFailuresFails = false)
        {
            if (_toWaitFor.Count == 0) return;
            _failuresAreErrors = failuresAreErrors;
            _successWithFailuresFails = successWithFailuresFails;
            _includeHistory = includeHistory;
            // A run given again is the same run: it is waited for and written once, and that is said, so that fewer runs
            // out than in is no surprise (a warning, not an error: what was asked for is done).
            var repeated = _toWaitFor.GroupBy(r => r.RunId).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({g.Count()} times)").ToList();
            if (repeated.Count > 0) WriteWarning($"Runs given more than once are waited for and written once: {string.Join(", ", repeated)}.");
            // Until a run is first read only its ids are known.
            var pending = new Dictionary<long, Run>();
            foreach (var (runId, jobId) in _toWaitFor)
            {
                if (!pending.ContainsKey(runId)) pending[runId] = new Run { RunId = runId, JobId = jobId };
            }

            var total = pending.Count;
            TimeSpan? interval = null;
            var slots = pending.Keys.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => ProgressId + 1 + p.index);
            var round = 0;
            while (pending.Count > 0)
            {
                var waiting = pending.Count;
                try
                {
                    PollRound(pending, ++round);
                }
                catch (DatabricksApiException e) when (e.DeadlinePassed)
                {
                    // The deadline passed during a request; the runs not yet read this round are reported below.
                }
                WriteProgress(pending, slots, total);
                if (pending.Count == 0) break;

                var left = Deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    foreach (var run in pending.Values) TimedOut(run);
                    break;
                }
                var next = NextInterval(interval, ended: waiting - pending.Count);
                interval = next;
                Sleep(left is TimeSpan remaining && remaining < next ? remaining : next);
            }
            foreach (var slot in slots.Values) WriteProgress(new ProgressRecord(slot, "Run", "Done") { ParentActivityId = ProgressId, RecordType = ProgressRecordType.Completed });
            WriteProgress(new ProgressRecord(ProgressId, "Waiting for runs", "Done") { RecordType = ProgressRecordType.Completed });
        }

        /// <summary>
        /// The time until the next round, after one that saw <paramref name="ended"/> runs end (-PollInterval, when given).
        /// Runs started together end together: after a round in which runs ended the next comes half a second later, so
        /// that the others' ends are seen when they come, not a long backoff later (a round costs a listing page per 25
        /// runs still waited for); a round in which none ended lengthens the time by a quarter, up to ten seconds. Growing by a quarter, not by half,
        /// keeps a round's wait within a fifth of the time waited so far (an end is seen within about a fifth of the run's
        /// time), for two rounds more than by half in the first ten seconds, and none more once at ten seconds.
        /// </summary>
        private TimeSpan NextInterval(TimeSpan? last, int ended)
        {
            if (PollInterval is int seconds) return TimeSpan.FromSeconds(seconds);
            if (last is not TimeSpan before) return FirstPoll;
            var longer = Min(TimeSpan.FromTicks((long)(before.Ticks * 1.25)), LongestPoll);
            if (ended == 0) return longer;
            if (before > FirstPoll) WriteVerbose($"{Count(ended, "run")} ended this round: the next round is in {Seconds(FirstPoll)} s, not {Seconds(longer)} s, as runs started together end together.");
            return FirstPoll;
        }

        /// <summary>A run still going when the time ran out: canceled when asked, written as last seen, with an error.</summary>
        private void TimedOut(Run run)
        {
            var what = $"Run {run.RunId} did not finish within {Timeout} seconds (it is {run.LifeCycleState ?? "not read yet"})";
            if (CancelOnTimeout)
            {
                try
                {
                    // The cancels get a short grace after the deadline, counted once for all of them.
                    Await(context => Jobs.CancelRunAsync(run.RunId, context), _cancelBy ??= DateTime.UtcNow + CancelGrace);
                    what += "; it was canceled (-CancelOnTimeout)";
                }
                catch (DatabricksApiException e)
                {
                    what += $"; canceling it failed ({e.Message}), so it may still be running: Stop-DbxRun -RunId {run.RunId} cancels it";
                }
            }
            WriteObject(run);
            WriteError(ErrorRecords.Create(what + ".", "WaitTimeout", ErrorCategory.OperationTimeout, run));
        }

        /// <summary>
        /// Looks at every pending run once, whichever way costs the fewest requests by what is known: one listing of the
        /// workspace's active runs (its pages, by how many were active at its last listing), a listing of each job's
        /// active runs where that takes fewer pages than the job has runs waited for (and runs/get of the others), or
        /// runs/get of each run. A listing costs the reads of the runs that left it too (see <see cref="ReadEnded"/>), but
        /// those end the runs' waits, whichever way. The choice and why is one line on the Verbose stream.
        /// </summary>
        private void PollRound(Dictionary<long, Run> pending, int round)
        {
            var byJob = ByJob(pending.Values);
            var listedJobs = JobsWorthListing(byJob);
            var byRun = pending.Count;
            var unlisted = byRun - byJob.Where(g => listedJobs.ContainsKey(g.Key)).Sum(g => g.Count());
            // Never more than byRun: a job is listed only where that takes fewer pages than it has runs.
            var byJobs = unlisted + listedJobs.Values.Sum();
            var byWorkspace = Pages(Math.Max(_workspaceActive ?? 0, pending.Count));
            var noJob = pending.Values.Count(r => r.JobId is null);
            var what = $"Round {round}: {Count(pending.Count, "run")} of {Count(byJob.Count, "job")}{(noJob > 0 ? $" ({noJob} of no job known yet)" : "")}";
            var workspace = _workspaceUnlistable ? "not possible: it failed"
                : $"{Count(byWorkspace, "request")}, {(_workspaceActive is int active ? $"{Count(active, "active run")} at its last listing" : "not listed before")}";
            if (!_workspaceUnlistable && byWorkspace < byJobs)
            {
                WriteVerbose($"{what}: one listing of the workspace's active runs ({workspace}) costs fewer requests than listing each job's ({byJobs}) or reading each run ({byRun}).");
                PollWorkspace(pending, budget: byJobs);
            }
            else if (byJobs < byRun)
            {
                WriteVerbose($"{what}: listing the active runs of {Count(listedJobs.Count, "job")}{(unlisted > 0 ? $" and reading {Count(unlisted, "other run")}" : "")} ({Count(byJobs, "request")}) " +
                    $"costs fewer than reading each run ({byRun}) or listing the workspace's active runs ({workspace}).");
                PollByJob(pending.Values.ToList(), listedJobs.Keys, pending);
            }
            else
            {
                WriteVerbose($"{what}: reading each run ({Count(byRun, "request")}) costs no more than listing the workspace's active runs ({workspace}) or each job's ({byJobs}).");
                PollByJob(pending.Values.ToList(), Array.Empty<long>(), pending);
            }
            ReadEnded(pending);
        }

        /// <summary>The runs of a known job, by job.</summary>
        private static List<IGrouping<long, Run>> ByJob(IEnumerable<Run> runs) => runs.Where(r => r.JobId is not null).GroupBy(r => r.JobId!.Value).ToList();

        /// <summary>
        /// The jobs of <paramref name="jobs"/> (runs waited on, by job) whose listing of active runs takes fewer pages than they
        /// have runs there, with those pages: a job's listing has at least its waited runs, and as many as its last listing had.
        /// </summary>
        private Dictionary<long, int> JobsWorthListing(IEnumerable<IGrouping<long, Run>> jobs)
        {
            int JobPages(IGrouping<long, Run> job) => Pages(Math.Max(_jobActive.TryGetValue(job.Key, out var seen) ? seen : 0, job.Count()));
            return jobs.Where(g => !_readOneByOne.Contains(g.Key) && JobPages(g) < g.Count()).ToDictionary(g => g.Key, JobPages);
        }

        /// <summary>
        /// The runs of <paramref name="query"/>, from at most <paramref name="pages"/> pages (requests): pages are counted, not
        /// runs, as a page may hold fewer runs than asked for while more follow. No page is asked for ahead: the reader may
        /// stop at any run, and a page asked for then would be a request for nothing. <paramref name="cutShort"/> is called
        /// when the listing stops with runs left past its last page.
        /// </summary>
        private IEnumerable<Run> ListRunsWithin(RunQuery query, int pages, Action? cutShort = null)
        {
            var read = 0;
            return ListRuns(query, readAhead: false, anotherPage: () =>
            {
                if (++read < pages) return true;
                cutShort?.Invoke();
                return false;
            });
        }

        private static int Pages(int runs) => Math.Max(1, (runs + JobsService.RunsPerPage - 1) / JobsService.RunsPerPage);

        private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

        /// <summary>
        /// Lists the workspace's active runs; a waited-for run not among them has ended (or is not listed) and is read
        /// whole. The listing stops at <paramref name="budget"/> pages, what the other ways cost: a workspace busier than
        /// its last listing said costs at most that once more, as the runs past the pages read were not reached, not seen
        /// to end, and are read as the other ways read them. When the workspace's runs cannot be listed, the runs are read
        /// by job or one by one from then on.
        /// </summary>
        private void PollWorkspace(Dictionary<long, Run> pending, int budget)
        {
            var active = new Dictionary<long, Run>();
            var cutShort = false;
            try
            {
                foreach (var run in ListRunsWithin(new RunQuery { ActiveOnly = true, ExpandTasks = true }, budget, () => cutShort = true)) active[run.RunId] = run;
            }
            catch (DatabricksApiException e) when (!e.DeadlinePassed)
            {
                WriteVerbose($"Listing the workspace's active runs failed ({e.Message}); runs are read by job or one by one from now on.");
                _workspaceUnlistable = true;
                PollByJob(pending.Values.ToList(), Array.Empty<long>(), pending);
                return;
            }
            // A listing cut short says there are more: the next round counts on at least one page more than it read.
            _workspaceActive = cutShort ? budget * JobsService.RunsPerPage + 1 : active.Count;
            // A run not reached may be going still: it is read, by its job's listing or runs/get, not taken for one that ended.
            var unreached = cutShort ? pending.Values.Where(r => !active.ContainsKey(r.RunId)).ToList() : new List<Run>();
            foreach (var runId in pending.Keys.Except(unreached.Select(r => r.RunId)).ToList()) Listed(runId, active, pending);
            var listedJobs = JobsWorthListing(ByJob(unreached));
            if (unreached.Count > 0)
                WriteVerbose($"The workspace has more active runs than {Count(budget, "page")} hold: the {Count(unreached.Count, "run")} waited for and not reached " +
                    $"are read {(listedJobs.Count > 0 ? "by their jobs' listings of active runs, or runs/get" : "by runs/get")}, not taken as ended.");
            PollByJob(unreached, listedJobs.Keys, pending);
        }

        /// <summary>Lists the active runs of each job in <paramref name="listed"/> (jobs of <paramref name="runs"/>), and reads the other runs one by one.</summary>
        private void PollByJob(List<Run> runs, IEnumerable<long> listed, Dictionary<long, Run> pending)
        {
            var jobs = new HashSet<long>(listed);
            foreach (var run in runs.Where(r => r.JobId is not long job || !jobs.Contains(job))) PollRun(run.RunId, pending);
            foreach (var job in jobs) PollJob(job, runs.Where(r => r.JobId == job).Select(r => r.RunId).ToList(), pending);
        }

        /// <summary>
        /// Lists the job's active runs; a waited-for run no longer among them has ended and is read whole. When the job's
        /// runs cannot be listed (the job was deleted, say), its runs are read one by one from then on.
        /// </summary>
        private void PollJob(long jobId, List<long> waiting, Dictionary<long, Run> pending)
        {
            var active = new Dictionary<long, Run>();
            try
            {
                foreach (var run in ListRuns(new RunQuery { JobId = jobId, ActiveOnly = true, ExpandTasks = true }))
                    active[run.RunId] = run;
                _jobActive[jobId] = active.Count;
            }
            catch (DatabricksApiException e) when (!e.DeadlinePassed)
            {
                WriteVerbose($"Listing the active runs of job {jobId} failed ({e.Message}); its runs are read one by one from now on.");
                _readOneByOne.Add(jobId);
            }
            foreach (var runId in waiting) Listed(runId, active, pending);
        }

        /// <summary>A waited-for run as a listing of active runs showed it: still going, or, when not in it, read whole.</summary>
        private void Listed(long runId, Dictionary<long, Run> active, Dictionary<long, Run> pending)
        {
            if (!pending.ContainsKey(runId)) return;
            if (active.TryGetValue(runId, out var run) && !run.IsCompleted)
            {
                if (!OfThisStart(run, pending)) return;
                Seen(run, pending);
                pending[runId] = run;
            }
            else
            {
                _leftListing.Add(runId);
            }
        }

        /// <summary>
        /// Reads the runs that left a listing this round. Several are read by one listing of the completed runs that started
        /// since the earliest of them (of their job, when they share one), rather than a runs/get each; the listing stops
        /// where it would cost as many requests, and the runs it did not show are read by runs/get. A listed run is the run
        /// as runs/get answers it but for for-each iterations and the tasks past the first 100 (BaseRun against Run in the
        /// API), so a run with either is read by runs/get too, and so is every run when -IncludeHistory asks for its repairs.
        /// </summary>
        private void ReadEnded(Dictionary<long, Run> pending)
        {
            var ended = _leftListing.Where(pending.ContainsKey).Distinct().ToList();
            _leftListing.Clear();
            var unread = new HashSet<long>(ended);
            var listed = new Dictionary<long, Run>();
            var starts = ended.Select(id => pending[id].StartTimeMs).ToList();
            // A run not read yet has no start time (0) to list from.
            if (ended.Count > 1 && !_includeHistory && starts.All(start => start > 0))
            {
                var jobs = ended.Select(id => pending[id].JobId).Distinct().ToList();
                var of = jobs.Count == 1 && jobs[0] is long job ? $"job {job}'s" : "the workspace's";
                // Fewer requests than a runs/get each, or it is not worth it.
                var budget = ended.Count - 1;
                WriteVerbose($"{Count(ended.Count, "run")} ended: one listing of {of} runs completed since the earliest started ({Count(budget, "request")} at most) reads them, rather than a runs/get each ({ended.Count}).");
                var query = new RunQuery { JobId = jobs.Count == 1 ? jobs[0] : null, CompletedOnly = true, ExpandTasks = true, StartTimeFrom = Time.FromEpochMs(starts.Min()) };
                try
                {
                    foreach (var run in ListRunsWithin(query, budget))
                    {
                        if (unread.Contains(run.RunId) && run.IsCompleted && run.HasMore != true && run.Tasks?.Any(task => task.ForEachTask is not null) != true)
                        {
                            unread.Remove(run.RunId);
                            listed[run.RunId] = run;
                        }
                        if (unread.Count == 0) break;
                    }
                }
                catch (DatabricksApiException e) when (!e.DeadlinePassed)
                {
                    WriteVerbose($"Listing the completed runs failed ({e.Message}); the runs that ended are read one by one.");
                }
            }
            // Written in the order they are waited for, as runs read one by one would be, not the listing's (newest first).
            foreach (var runId in ended)
            {
                if (listed.TryGetValue(runId, out var run)) Track(run, pending);
                else PollRun(runId, pending);
            }
        }

        /// <summary>
        /// Whether a run this command started, seen for the first time, is of the job it was started for; when it is not,
        /// that is an error (<see cref="OfAnotherJob"/>), and it is not waited for or written.
        /// </summary>
        private bool OfThisStart(Run run, Dictionary<long, Run> pending)
        {
            if (!_startedAs.TryGetValue(run.RunId, out var expected)) return true;
            _startedAs.Remove(run.RunId);
            if (!OfAnotherJob(run, expected)) return true;
            pending.Remove(run.RunId);
            return false;
        }

        /// <summary>Reads one run; one that cannot be read ends its wait, written as last seen, with the error.</summary>
        private void PollRun(long runId, Dictionary<long, Run> pending)
        {
            try
            {
                Track(Await(context => Jobs.GetRunAsync(runId, _includeHistory, context)), pending);
            }
            catch (DatabricksApiException e) when (!e.DeadlinePassed)
            {
                var run = pending[runId];
                pending.Remove(runId);
                WriteObject(run);
                WriteError(ErrorRecords.FromApi(e, run, $"Stopped waiting for run {runId}: "));
            }
        }

        /// <summary>
        /// Keeps an active run waiting; writes an ended one (always read by runs/get, so with its history when asked),
        /// with an error when it did not succeed.
        /// </summary>
        private void Track(Run run, Dictionary<long, Run> pending)
        {
            if (!OfThisStart(run, pending)) return;
            Seen(run, pending);
            if (!run.IsCompleted)
            {
                pending[run.RunId] = run;
                return;
            }
            pending.Remove(run.RunId);
            WriteObject(run);
            if (_failuresAreErrors && (!run.Succeeded || (_successWithFailuresFails && run.ResultState == "SUCCESS_WITH_FAILURES"))) WriteError(FailureRecord(run));
        }

        /// <summary>
        /// Says, when a run's state changed since it was last seen, what it is now and where to look at it: one line on the
        /// Information stream (for scripts, and -InformationAction Continue) and the same on the Verbose stream, which
        /// Azure Automation keeps in a job's history when verbose logging is on (it keeps neither progress nor information).
        /// </summary>
        private void Seen(Run run, Dictionary<long, Run> pending)
        {
            var state = State(run);
            if (state.Length == 0 || (pending.TryGetValue(run.RunId, out var before) && State(before) == state)) return;
            var name = string.IsNullOrEmpty(run.RunName) ? "" : $" ({run.RunName})";
            var url = string.IsNullOrEmpty(run.RunPageUrl) ? "" : $": {run.RunPageUrl}";
            var line = $"Run {run.RunId}{name} is {state}{url}";
            WriteInformation(line, new[] { "DatabricksJobs", "RunState" });
            WriteVerbose(line);
        }

        private static string State(Run run) => $"{run.LifeCycleState} {run.ResultState}".Trim();

        /// <summary>An error that names the run's failed tasks and what they said.</summary>
        private ErrorRecord FailureRecord(Run run)
        {
            var failed = run.LatestTasks.Where(t => t.ResultState is "FAILED" or "TIMEDOUT" || t.LifeCycleState == "INTERNAL_ERROR").ToList();
            var reasons = new List<string>();
            foreach (var task in failed)
            {
                string? error = null;
                try
                {
                    error = Await(context => Jobs.GetRunOutputAsync(task.RunId, context)).Error;
                }
                catch (DatabricksApiException e)
                {
                    WriteVerbose($"Could not read the output of task run {task.RunId}: {e.Message}");
                }
                reasons.Add($"{task.TaskKey} ({task.ResultState ?? task.LifeCycleState}): {error ?? task.State?.StateMessage}");
            }
            var summary = $"Run {run.RunId} ({run.RunName}) ended {run.ResultState ?? run.LifeCycleState}";
            var message = reasons.Count == 0
                ? $"{summary}: {run.StateMessage}"
                : $"{summary}. Failed tasks: {string.Join("; ", reasons)}";
            if (!string.IsNullOrEmpty(run.RunPageUrl)) message += $" See {run.RunPageUrl}";
            var category = run.ResultState is "TIMEDOUT" ? ErrorCategory.OperationTimeout
                : run.ResultState is "CANCELED" ? ErrorCategory.OperationStopped
                : ErrorCategory.InvalidResult;
            return ErrorRecords.Create(message, "RunNotSuccessful", category, run);
        }

        private void WriteProgress(Dictionary<long, Run> pending, Dictionary<long, int> slots, int total)
        {
            var done = total - pending.Count;
            WriteProgress(new ProgressRecord(ProgressId, "Waiting for runs", $"{done} of {total} runs finished")
            {
                PercentComplete = total == 0 ? 100 : done * 100 / total,
            });
            foreach (var run in pending.Values)
            {
                var tasks = run.Tasks is null ? "" : $", tasks {run.TasksDone} done";
                WriteProgress(new ProgressRecord(slots.TryGetValue(run.RunId, out var slot) ? slot : ProgressId + 1, $"Run {run.RunId} {run.RunName}".TrimEnd(),
                    $"{run.LifeCycleState ?? "not read yet"}{tasks}")
                {
                    ParentActivityId = ProgressId,
                });
            }
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0#", CultureInfo.InvariantCulture);
    }
}
