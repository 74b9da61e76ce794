using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Why a request got no answer, read from the exception chain of .NET (SocketException, AuthenticationException)
    /// and of .NET Framework (WebException): whether trying again can help, and whether the request may have reached
    /// the server (so that a change it carries may have been made).
    /// </summary>
    internal sealed class ConnectionFailure
    {
        private ConnectionFailure(string cause, bool permanent, bool mayHaveArrived)
        {
            Cause = cause;
            Permanent = permanent;
            MayHaveArrived = mayHaveArrived;
        }

        /// <summary>What went wrong, in words that say what to check.</summary>
        public string Cause { get; }

        /// <summary>Trying again cannot help: the name does not resolve, nothing listens, or the TLS handshake fails.</summary>
        public bool Permanent { get; }

        /// <summary>The request may have been received, so its answer, not the request, was lost.</summary>
        public bool MayHaveArrived { get; }

        /// <summary>
        /// Classifies <paramref name="e"/>, a failure of a request to <paramref name="target"/>.
        /// <paramref name="targetAnswered"/> says whether that server answered before in this process: a refused
        /// connection to a server that did answer is a restart, worth waiting for; to one that never did, a wrong URL.
        /// </summary>
        public static ConnectionFailure Classify(Exception e, Uri target, bool targetAnswered, TimeSpan requestTimeout)
        {
            var endpoint = $"{target.Host}:{target.Port}";
            for (var inner = e; inner is not null; inner = inner.InnerException)
            {
                switch (inner)
                {
                    case SocketException socket:
                        switch (socket.SocketErrorCode)
                        {
                            case SocketError.HostNotFound:
                            case SocketError.NoData:
                                return NameNotKnown(target);
                            case SocketError.TryAgain:
                                return new ConnectionFailure($"the name '{target.Host}' could not be resolved for now (DNS)", false, false);
                            case SocketError.ConnectionRefused:
                                return Refused(endpoint, targetAnswered);
                            case SocketError.ConnectionReset:
                            case SocketError.ConnectionAborted:
                            case SocketError.Shutdown:
                                return new ConnectionFailure($"the connection to {endpoint} was reset", false, true);
                            case SocketError.TimedOut:
                                return new ConnectionFailure($"the connection to {endpoint} timed out", false, false);
                            default:
                                return new ConnectionFailure($"{endpoint}: {socket.Message}", false, false);
                        }
                    case AuthenticationException tls:
                        return TlsFailed(endpoint, tls.Message);
                    // .NET Framework's HttpClientHandler says the same through WebException's status.
                    case WebException web when web.Status is WebExceptionStatus.NameResolutionFailure:
                        return NameNotKnown(target);
                    case WebException web when web.Status is WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure:
                        return TlsFailed(endpoint, web.Message);
                    case WebException web when web.Status is WebExceptionStatus.ConnectFailure && web.InnerException is null:
                        return Refused(endpoint, targetAnswered);
                }
            }
            if (e is OperationCanceledException)
                return new ConnectionFailure($"no answer from {endpoint} within {requestTimeout.TotalSeconds:F0} seconds", false, true);
            // Anything else (the answer ended early, a protocol error) came after the request may have been read.
            return new ConnectionFailure($"the connection to {endpoint} failed: {e.GetBaseException().Message}", false, true);
        }

        private static ConnectionFailure NameNotKnown(Uri target) =>
            new ConnectionFailure($"the name '{target.Host}' could not be resolved (DNS): check the URL", true, false);

        private static ConnectionFailure TlsFailed(string endpoint, string reason) =>
            new ConnectionFailure($"the TLS handshake with {endpoint} failed ({reason}): is it an https server, with a certificate this machine trusts?", true, false);

        private static ConnectionFailure Refused(string endpoint, bool answeredBefore) => answeredBefore
            ? new ConnectionFailure($"{endpoint} refused the connection (it answered before: restarting?)", false, false)
            : new ConnectionFailure($"{endpoint} refused the connection: nothing listens there; check the URL and port", true, false);
    }
}
