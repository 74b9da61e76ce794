using System;
using System.Runtime.InteropServices;
using System.Security;

namespace DatabricksJobs.Internal
{
    /// <summary>Secrets kept as SecureString, and read out only at the moment a request needs them.</summary>
    internal static class Secrets
    {
        public static SecureString ToSecure(string text)
        {
            var secure = new SecureString();
            foreach (var c in text) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>A read-only copy, so that the caller's SecureString can be disposed independently.</summary>
        public static SecureString ReadOnlyCopy(SecureString secret)
        {
            var copy = secret.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        public static string Reveal(SecureString secret)
        {
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
                // With the length: a NUL inside the secret would otherwise end it there.
                return Marshal.PtrToStringUni(pointer, secret.Length);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
