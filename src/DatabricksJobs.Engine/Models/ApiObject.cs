using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>
    /// An object of the Jobs API. The fields the module does not model are kept as they came and written back
    /// unchanged, so that a job read, exported and sent again loses nothing the API gave.
    /// </summary>
    public abstract class ApiObject
    {
        // Internal, so that PowerShell (which shows public members only) does not show it; [JsonInclude] lets the
        // source-generated serializer, which is compiled into this assembly, still read and write it.
        [JsonExtensionData, JsonInclude] internal Dictionary<string, JsonElement>? ExtensionData { get; set; }
    }
}
