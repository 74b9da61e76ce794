using System;
using System.Collections;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// An id of a job, run, repair or policy: never null, an empty list, blank, 0 or negative. A variable that was never
    /// set, or a lookup that found nothing, gives null or an empty list, and a cmdlet that took that as "not given" would
    /// list (and, piped on, act on) everything; 0 is what null and "" become as a number, and the API may read it as "no
    /// filter". So each is a parameter binding error (ParameterArgumentValidationError), as with ValidateNotNullOrEmpty,
    /// and listing everything happens only when the parameter is not given at all.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValidateIdAttribute : ValidateArgumentsAttribute
    {
        /// <summary>
        /// Null is taken, as "not known", by a parameter that only tells something about the item and chooses nothing
        /// (Wait-DbxRun -JobId, which a one-time run binds without a job).
        /// </summary>
        public bool AllowNull { get; set; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject ps ? ps.BaseObject : arguments;
            switch (value)
            {
                case null when AllowNull:
                    return;
                case null:
                    throw new ValidationMetadataException("The argument is null, which is no id (is the variable set, and did the lookup that filled it find anything?).");
                case string text when text.Trim().Length == 0:
                    throw new ValidationMetadataException("The argument is empty, which is no id.");
                case string:
                    return;
                case IEnumerable list:
                    var count = 0;
                    foreach (var item in list)
                    {
                        CheckNumber(item is PSObject p ? p.BaseObject : item);
                        count++;
                    }
                    if (count == 0) throw new ValidationMetadataException("The argument is an empty list, which holds no id (did the lookup that filled it find anything?).");
                    return;
                default:
                    CheckNumber(value);
                    return;
            }
        }

        private static void CheckNumber(object? id)
        {
            if (id is null) throw new ValidationMetadataException("The argument holds null, which is no id.");
            if (Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture) <= 0)
                throw new ValidationMetadataException($"{id} is no id: ids are positive numbers (and $null or '' given as a number is 0).");
        }
    }
}
