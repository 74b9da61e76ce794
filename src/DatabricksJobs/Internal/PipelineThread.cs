using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// A pipeline thread as the module's commands wait on it: what the work of any command of the thread posts to run
    /// there (an -AccessToken script block), and one signal that wakes the command waiting. The callbacks belong to the
    /// thread, not to one command: a page read ahead by one command may need a token while another command of the same
    /// pipeline waits (Get-DbxRun | Get-DbxRunOutput), and whichever waits runs it.
    /// </summary>
    internal sealed class PipelineThread
    {
        [ThreadStatic]
        private static PipelineThread? _current;

        private readonly ConcurrentQueue<Action> _callbacks = new ConcurrentQueue<Action>();
        private readonly ManualResetEventSlim _work = new ManualResetEventSlim();
        private readonly Action _wake;

        private PipelineThread() => _wake = Wake;

        public static PipelineThread Current => _current ??= new PipelineThread();

        /// <summary>Wakes the command waiting on this thread: something was posted, or its work ended.</summary>
        public void Wake() => _work.Set();

        /// <summary>Wakes the command waiting on this thread when <paramref name="task"/> ends.</summary>
        public void WakeWhenDone(Task task)
        {
            if (!task.IsCompleted) task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_wake);
        }

        /// <summary>Blocks until something is posted or a work ends (perhaps another command's: the caller looks again).</summary>
        public void WaitForWork()
        {
            _work.Wait();
            _work.Reset();
        }

        /// <summary>
        /// Runs <paramref name="action"/> on this thread when a command of it next waits; the task ends when it has run,
        /// with its exception if it threw, or cancelled with <paramref name="cancellation"/> if it has not run by then
        /// (a page read ahead that no one will read no longer waits for it).
        /// </summary>
        public Task Run(Action action, CancellationToken cancellation)
        {
            var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var cancelled = cancellation.Register(() => done.TrySetCanceled(cancellation));
            _callbacks.Enqueue(() =>
            {
                cancelled.Dispose();
                if (done.Task.IsCompleted) return;
                try
                {
                    action();
                    done.TrySetResult(true);
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            });
            Wake();
            return done.Task;
        }

        /// <summary>Runs what was posted, in order.</summary>
        public void RunCallbacks()
        {
            while (_callbacks.TryDequeue(out var callback)) callback();
        }
    }
}
