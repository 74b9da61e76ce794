using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Reads settings values that validation has already checked. A number may be held as any CLR numeric type
/// (parsed, or set by the emulator) or, as proto3 JSON allows, as a numeric string.
/// </summary>
public static class JsonNodes
{
    public static long? Long(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.GetValueKind() == JsonValueKind.String)
            return long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        return null;
    }

    public static bool? Bool(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) ? b : null;

    public static string? String(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
