using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace DatabricksJobs.Tests;

/// <summary>A PowerShell host that keeps everything written to it: host output (where Out-Default renders tables), and progress.</summary>
public sealed class TestHost : PSHost
{
    private readonly TestHostUserInterface _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "DatabricksJobsTestHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);

    public string Output => _ui.Text;
    public IReadOnlyList<ProgressRecord> Progress => _ui.Progress;

    /// <summary>The questions asked (ShouldProcess's confirmation: caption, then message), in order.</summary>
    public List<string> Asked => _ui.Asked;

    /// <summary>The answers to give, by choice index (0 = Yes, 2 = No in a confirmation); with none left, asking fails.</summary>
    public Queue<int> Answers => _ui.Answers;

    public void Clear() => _ui.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class TestHostUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly List<ProgressRecord> _progress = [];
        private readonly object _gate = new();

        public string Text
        {
            get { lock (_gate) return _text.ToString(); }
        }

        public IReadOnlyList<ProgressRecord> Progress
        {
            get { lock (_gate) return [.. _progress]; }
        }

        public void Clear()
        {
            lock (_gate)
            {
                _text.Clear();
                _progress.Clear();
            }
        }

        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUserInterface(160);

        private void Append(string text)
        {
            lock (_gate) _text.Append(GetOutputString(text, supportsVirtualTerminal: false));
        }

        public override void Write(string value) => Append(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);
        public override void WriteLine(string value) => Append(value + "\n");
        public override void WriteErrorLine(string value) => Append(value + "\n");
        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");
        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            lock (_gate) _progress.Add(record);
        }

        public override string ReadLine() => throw new NotSupportedException("The test host takes no input.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The test host takes no input.");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException($"The test host takes no input (prompted: {message}).");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException();
        public List<string> Asked { get; } = [];
        public Queue<int> Answers { get; } = new();

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Asked.Add(caption + "\n" + message);
            return Answers.Count > 0 ? Answers.Dequeue() : throw new NotSupportedException($"The test host takes no input (asked: {message}).");
        }
    }

    /// <summary>A raw UI of a fixed width, enough for the formatter to lay out tables.</summary>
    private sealed class FixedRawUserInterface(int width) : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; } = new(width, 3000);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; } = 1;
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new(width, 100);
        public override Size MaxWindowSize => new(width, 100);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new(width, 100);
        public override string WindowTitle { get; set; } = "";

        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
