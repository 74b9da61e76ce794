// The module assembly. Its cmdlets, session and client arrive with the module's core (issue 4);
// until then the manifest exports nothing.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("DatabricksJobs.Tests")]
