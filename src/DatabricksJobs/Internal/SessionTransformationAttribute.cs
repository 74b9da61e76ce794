using System;
using System.Linq;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Lets -Session take a session's name (Get-DbxSession -All lists them) as well as the session: the name is looked
    /// up, exactly but ignoring case, among the connected sessions of the runspace the command runs in.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class SessionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            if ((inputData is PSObject ps ? ps.BaseObject : inputData) is not string name) return inputData;
            if (SessionStore.Find(name) is { } session) return session;
            var names = SessionStore.All.Select(s => s.Name).ToList();
            throw new ArgumentTransformationMetadataException(names.Count == 0
                ? $"There is no session named '{name}': this runspace has no session. Connect-DbxWorkspace -Name '{name}' makes one."
                : $"There is no session named '{name}' (this runspace has {string.Join(", ", names)}). Get-DbxSession -All lists them.");
        }
    }
}
