using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;

namespace DatabricksJobs.Models
{
    /// <summary>
    /// Reads a string field that takes few values (a state, a code, a type, a user name) as one shared instance per value:
    /// 50,000 runs listed then hold a few dozen such strings rather than half a million copies, which neither the typed
    /// read nor the garbage collector then pays for (bench/README.md). The process shares at most <see cref="Capacity"/>
    /// values of at most <see cref="LongestShared"/> bytes; any other value is read as usual. Written as any string.
    /// </summary>
    internal sealed class SharedStringConverter : JsonConverter<string>
    {
        private const int Capacity = 512;
        private const int LongestShared = 64;
        private const int Probes = 8;

        /// <summary>Open addressing; a slot, once filled, never changes, so it is read without a lock.</summary>
        private static readonly Entry?[] Table = new Entry?[2 * Capacity];
        private static int _count;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > LongestShared)
                return reader.GetString();
            var utf8 = reader.ValueSpan;
            var hash = 2166136261u;
            foreach (var b in utf8) hash = (hash ^ b) * 16777619;
            for (var probe = 0; probe < Probes; probe++)
            {
                ref var slot = ref Table[(int)((hash + (uint)probe) & (uint)(Table.Length - 1))];
                var entry = Volatile.Read(ref slot);
                if (entry is null)
                {
                    var value = reader.GetString()!;
                    // Another thread may fill the slot first (perhaps with this value): then this copy is simply not shared.
                    if (Volatile.Read(ref _count) < Capacity && Interlocked.CompareExchange(ref slot, new Entry(utf8.ToArray(), value), null) is null)
                        Interlocked.Increment(ref _count);
                    return value;
                }
                if (entry.Utf8.AsSpan().SequenceEqual(utf8)) return entry.Value;
            }
            return reader.GetString();
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        private sealed class Entry(byte[] utf8, string value)
        {
            public byte[] Utf8 { get; } = utf8;
            public string Value { get; } = value;
        }
    }
}
