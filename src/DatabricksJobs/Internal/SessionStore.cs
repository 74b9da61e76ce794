using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using DatabricksJobs.Client;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// The connected sessions of each runspace, by name, and which one is the default: what Connect-DbxWorkspace made
    /// last, or what Use-DbxSession chose. A disconnected session leaves the list, so its name can be taken again.
    /// </summary>
    internal static class SessionStore
    {
        private sealed class Sessions
        {
            public readonly List<DatabricksSession> Connected = new List<DatabricksSession>();
            public DatabricksSession? Default;
        }

        private static readonly ConditionalWeakTable<Runspace, Sessions> ByRunspace = new ConditionalWeakTable<Runspace, Sessions>();

        /// <summary>This runspace's sessions; completers and cmdlets of one runspace may run on different threads.</summary>
        private static T With<T>(Func<Sessions, T> read)
        {
            if (Runspace.DefaultRunspace is not { } runspace) return read(new Sessions());
            var sessions = ByRunspace.GetOrCreateValue(runspace);
            lock (sessions) return read(sessions);
        }

        public static DatabricksSession? Default => With(s => s.Default);

        /// <summary>The connected sessions, in the order they were connected.</summary>
        public static IReadOnlyList<DatabricksSession> All => With(s => s.Connected.Where(c => c.IsConnected).ToList());

        /// <summary>The connected session of that name (case-insensitive), or null.</summary>
        public static DatabricksSession? Find(string name) =>
            With(s => s.Connected.FirstOrDefault(c => c.IsConnected && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)));

        /// <summary>
        /// Lists a new session under <paramref name="name"/> and makes it the default. A name given replaces the
        /// session that had it, which is returned for the caller to disconnect; without one, the session is named
        /// after its host (adb-1234567890123456.7.azuredatabricks.net, or 127.0.0.1:5080 with a port), with -2, -3 and
        /// so on when that is taken, so that connecting again never takes the name of a session still in use.
        /// </summary>
        public static DatabricksSession? Add(DatabricksSession session, string? name) => With(s =>
        {
            s.Connected.RemoveAll(c => !c.IsConnected);
            bool Taken(string n) => s.Connected.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase));
            DatabricksSession? replaced = null;
            if (name is not null)
            {
                replaced = s.Connected.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
                if (replaced is not null) Remove(s, replaced);
            }
            else
            {
                var host = session.Host.Authority;
                name = host;
                for (var i = 2; Taken(name); i++) name = $"{host}-{i}";
            }
            session.Name = name;
            s.Connected.Add(session);
            MakeDefault(s, session);
            return replaced;
        });

        /// <summary>Makes a session of this runspace the default; false when it is not one of them.</summary>
        public static bool MakeDefault(DatabricksSession session) => With(s =>
        {
            if (!s.Connected.Contains(session)) return false;
            MakeDefault(s, session);
            return true;
        });

        /// <summary>Takes a session off the list; if it was the default there is none after, rather than another workspace picked for the user.</summary>
        public static void Remove(DatabricksSession session) => With(s =>
        {
            Remove(s, session);
            return true;
        });

        private static void MakeDefault(Sessions s, DatabricksSession session)
        {
            if (s.Default is { } previous) previous.IsDefault = false;
            s.Default = session;
            session.IsDefault = true;
        }

        private static void Remove(Sessions s, DatabricksSession session)
        {
            s.Connected.Remove(session);
            if (!ReferenceEquals(s.Default, session)) return;
            s.Default = null;
            session.IsDefault = false;
        }
    }
}
