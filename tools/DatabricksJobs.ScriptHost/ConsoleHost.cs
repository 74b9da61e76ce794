using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace DatabricksJobs.ScriptHost;

/// <summary>A host that writes to the console: host output as it comes, progress as a line whenever a status changes.</summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly ConsoleUserInterface _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override string Name => "DatabricksJobs.ScriptHost";
    public override PSHostUserInterface UI => _ui;
    public override Version Version => new(1, 0);

    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class ConsoleUserInterface : PSHostUserInterface
    {
        private readonly Dictionary<int, string> _lastStatus = [];

        public override PSHostRawUserInterface RawUI { get; } = new FixedRawUserInterface(140);

        // Colours (ANSI) only for a terminal, plain text when the output is redirected.
        private string Render(string value) => GetOutputString(value, supportsVirtualTerminal: !Console.IsOutputRedirected);

        public override void Write(string value) => Console.Write(Render(value));
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Write(Render(value));
        public override void WriteLine(string value) => Console.WriteLine(Render(value));
        public override void WriteErrorLine(string value) => Console.Error.WriteLine(value);
        public override void WriteDebugLine(string message) => Console.WriteLine($"DEBUG: {message}");
        public override void WriteVerboseLine(string message) => Console.WriteLine($"VERBOSE: {message}");
        public override void WriteWarningLine(string message) => Console.WriteLine($"WARNING: {message}");

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
            if (record.RecordType == ProgressRecordType.Completed) return;
            var line = $"{record.Activity}: {record.StatusDescription}";
            if (_lastStatus.TryGetValue(record.ActivityId, out var last) && last == line) return;
            _lastStatus[record.ActivityId] = line;
            Console.WriteLine((record.ParentActivityId >= 0 ? "    " : "") + line);
        }

        public override string ReadLine() => Console.ReadLine() ?? "";
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("This host does not read secrets.");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException($"This host does not prompt ({message}).");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException();
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => defaultChoice;
    }
}

/// <summary>A raw UI of a fixed width, enough for the formatter to lay out tables; shared with the tests' host.</summary>
public sealed class FixedRawUserInterface(int width) : PSHostRawUserInterface
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
