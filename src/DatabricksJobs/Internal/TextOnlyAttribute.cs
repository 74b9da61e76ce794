using System;
using System.Collections;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Refuses a hashtable or object given to a parameter of text (string[]), which PowerShell would otherwise bind as
    /// its type's name (System.Collections.Hashtable, @{a=1}) and the module would send as such.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class TextOnlyAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var items = (inputData is PSObject ps ? ps.BaseObject : inputData) as IList ?? new[] { inputData };
            for (var i = 0; i < items.Count; i++)
            {
                if (Conversions.NotText(items[i]) is string kind)
                    throw new ArgumentTransformationMetadataException(
                        $"Item {i + 1} is {kind}, but the Jobs API takes only text here: give a string, such as its JSON (ConvertTo-Json -Compress).");
            }
            return inputData;
        }
    }
}
