using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Stands beside a ValidateSet with the same values: ValidateSet accepts a value in any case (can_view), but the API
    /// takes only its own spelling (CAN_VIEW) and answers anything else with a 400, or drops it. So a value the set
    /// holds is bound as the set spells it, whatever case was typed; any other value is left as typed, for ValidateSet
    /// to refuse.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class CanonicalSpellingAttribute : ArgumentTransformationAttribute
    {
        public CanonicalSpellingAttribute(params string[] values) => Values = values;

        public string[] Values { get; }

        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
            (inputData is PSObject ps ? ps.BaseObject : inputData) switch
            {
                string text => Spelled(text),
                IList list => list.Cast<object>().Select(item => Transform(engineIntrinsics, item)).ToArray(),
                _ => inputData,
            };

        private object Spelled(string text) => Values.FirstOrDefault(v => string.Equals(v, text, StringComparison.OrdinalIgnoreCase)) ?? text;
    }
}
