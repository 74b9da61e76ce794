using System.Globalization;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Whether a cron expression is one Quartz (the scheduler behind Databricks job schedules) parses: 6 or 7 fields,
/// seconds minutes hours day-of-month month day-of-week [year], with Quartz's own rules for each. Written from the
/// Quartz CronTrigger tutorial and CronExpression's documented rules; it checks, it does not compute fire times.
/// </summary>
public static class QuartzCron
{
    private enum Field { Second, Minute, Hour, DayOfMonth, Month, DayOfWeek, Year }

    private static readonly string[] FieldNames = ["second", "minute", "hour", "day-of-month", "month", "day-of-week", "year"];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private const int MinYear = 1970, MaxYear = 2199;

    private static (int Min, int Max) Range(Field field) => field switch
    {
        Field.Second or Field.Minute => (0, 59),
        Field.Hour => (0, 23),
        Field.DayOfMonth => (1, 31),
        Field.Month => (1, 12),
        Field.DayOfWeek => (1, 7),
        _ => (MinYear, MaxYear),
    };

    /// <summary>The largest increment Quartz takes after '/' in a field (none for the year).</summary>
    private static int MaxIncrement(Field field) => field switch
    {
        Field.Second or Field.Minute => 59,
        Field.Hour => 23,
        Field.DayOfMonth => 31,
        Field.Month => 12,
        Field.DayOfWeek => 7,
        _ => int.MaxValue,
    };

    /// <summary>Null when Quartz would take <paramref name="expression"/>, else what is wrong with it.</summary>
    public static string? Problem(string expression)
    {
        // Quartz reads the expression upper-cased: names and L, W are case-insensitive.
        var fields = expression.ToUpperInvariant().Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 6 or > 7)
            return $"it has {fields.Length} fields; Quartz takes 6 or 7 (seconds minutes hours day-of-month month day-of-week [year]).";
        for (var i = 0; i < fields.Length; i++)
        {
            if (FieldProblem((Field)i, fields[i]) is { } problem) return $"the {FieldNames[i]} field '{fields[i]}': {problem}";
        }
        var (dayOfMonthAny, dayOfWeekAny) = (fields[3] == "?", fields[5] == "?");
        if (dayOfMonthAny == dayOfWeekAny)
            return dayOfMonthAny
                ? "'?' can only be specified for day-of-month or day-of-week, not both."
                : "support for specifying both a day-of-week and a day-of-month parameter is not implemented: one of them must be '?'.";
        return null;
    }

    private static string? FieldProblem(Field field, string text)
    {
        if (text.Contains('?'))
        {
            if (field is not (Field.DayOfMonth or Field.DayOfWeek)) return "'?' can only be specified for day-of-month or day-of-week.";
            return text == "?" ? null : "'?' must stand alone.";
        }
        var items = text.Split(',');
        if (items.Length > 1)
        {
            if (field == Field.DayOfMonth && text.Contains('L')) return "'L' and 'LW' cannot be combined with other days of the month.";
            if (field == Field.DayOfWeek && text.Contains('L')) return "'L' cannot be combined with other days of the week.";
            if (field == Field.DayOfWeek && text.Count(c => c == '#') > 1) return "more than one \"nth\" day is not supported.";
        }
        foreach (var item in items)
        {
            if (item.Length == 0) return "an empty item in a list.";
            if (ItemProblem(field, item) is { } problem) return problem;
        }
        return null;
    }

    private static string? ItemProblem(Field field, string item)
    {
        // The special forms of the day fields.
        if (field == Field.DayOfMonth)
        {
            if (item is "L" or "LW") return null;
            if (item.StartsWith("L-", StringComparison.Ordinal))
                return int.TryParse(item.AsSpan(2).TrimEnd('W'), NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset <= 30
                    ? null
                    : "the offset from the last day ('L-n') must be a number from 0 to 30.";
            if (item.EndsWith('W')) return Value(field, item[..^1], out _);
        }
        else if (field == Field.DayOfWeek)
        {
            if (item == "L") return null;
            if (item.EndsWith('L')) return Value(field, item[..^1], out _);
            var hash = item.IndexOf('#');
            if (hash >= 0)
            {
                if (Value(field, item[..hash], out _) is { } problem) return problem;
                return int.TryParse(item.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var nth) && nth is >= 1 and <= 5
                    ? null
                    : "a number from 1 to 5 must follow '#'.";
            }
        }
        // Anything else with L, W or # (5W in the hours, 3#2 in the months) fails as a value below.

        // [*|v|v-w][/increment]
        var slash = item.IndexOf('/');
        var start = slash < 0 ? item : item[..slash];
        if (slash >= 0)
        {
            var step = item[(slash + 1)..];
            if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var increment))
                return "'/' must be followed by a whole number.";
            if (increment > MaxIncrement(field)) return $"the increment {increment} is larger than the field's {MaxIncrement(field)}.";
        }
        if (start is "*" || (start.Length == 0 && slash >= 0)) return null;
        var dash = start.IndexOf('-', 1);
        if (dash < 0) return Value(field, start, out _);
        if (Value(field, start[..dash], out var from) is { } fromProblem) return fromProblem;
        if (Value(field, start[(dash + 1)..], out var to) is { } toProblem) return toProblem;
        // A range may wrap around (22-2 hours, FRI-MON), except for years.
        return field == Field.Year && to < from ? "the start year of a range must not be after its end year." : null;
    }

    /// <summary>A number in the field's range, or a month or day name where those are allowed.</summary>
    private static string? Value(Field field, string text, out int value)
    {
        var names = field switch { Field.Month => Months, Field.DayOfWeek => Days, _ => null };
        if (names is not null && Array.IndexOf(names, text) is var index and >= 0)
        {
            value = index + 1;
            return null;
        }
        var (min, max) = Range(field);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return null;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            ? $"{text} is out of range: {FieldNames[(int)field]} values are {min} to {max}."
            : names is not null
                ? $"'{text}' is neither a number from {min} to {max} nor one of {string.Join(", ", names)}."
                : $"'{text}' is not a number from {min} to {max}.";
    }
}

/// <summary>
/// Whether a time zone id is one the service's Java would know: an IANA id ("Europe/Amsterdam", "UTC",
/// "America/New_York"), or a fixed offset as Java's ZoneId takes it ("Z", "+01:00", "UTC+1", "GMT-05:30").
/// </summary>
public static partial class JavaTimeZones
{
    [GeneratedRegex(@"^(?:(?:UTC|GMT|UT)?[+-](?<h>\d{1,2})(?::?(?<m>\d{2})(?::?(?<s>\d{2}))?)?)$")]
    private static partial Regex Offset();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*$")]
    private static partial Regex IanaShape();

    /// <summary>
    /// Whether this machine can look IANA ids up at all. On Windows with invariant globalization (as the emulator runs),
    /// or without a tz database, it cannot: then an id of the IANA shape is taken on trust rather than every id refused.
    /// </summary>
    private static readonly bool CanLookUp = TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out _);

    public static bool IsKnown(string id)
    {
        if (id.Length is 0 or > 64) return false;
        if (id == "Z") return true;
        if (Offset().Match(id) is { Success: true } offset)
        {
            var hours = int.Parse(offset.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
            var minutes = offset.Groups["m"].Success ? int.Parse(offset.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) : 0;
            var seconds = offset.Groups["s"].Success ? int.Parse(offset.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) : 0;
            return minutes < 60 && seconds < 60 && hours * 3600 + minutes * 60 + seconds <= 18 * 3600;
        }
        if (!IanaShape().IsMatch(id)) return false;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            // On Windows a Windows id ("W. Europe Standard Time") is found too; Java knows only IANA ids.
            return !OperatingSystem.IsWindows() || zone.HasIanaId || id == "UTC";
        }
        return !CanLookUp;
    }
}
