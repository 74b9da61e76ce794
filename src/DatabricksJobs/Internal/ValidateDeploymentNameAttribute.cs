using System;
using System.Management.Automation;
using DatabricksJobs.Internal.Deployment;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// A deployment's name, the first part of its jobs' dbx-deployment tag (&lt;deployment&gt;/&lt;key&gt;): 1 to 100 letters,
    /// digits, '.', '_' or '-', so that it never holds the '/' that ends it. Anything else is a parameter binding error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    internal sealed class ValidateDeploymentNameAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var name = (arguments is PSObject ps ? ps.BaseObject : arguments) as string;
            if (name is null || !DeploymentIdentity.DeploymentName.IsMatch(name))
                throw new ValidationMetadataException($"'{name}' is no deployment name: give 1 to 100 letters, digits, '.', '_' or '-' (no '/', which ends it in the jobs' " +
                    $"{DeploymentIdentity.Tag} tag), such as etl-prod.");
        }
    }
}
