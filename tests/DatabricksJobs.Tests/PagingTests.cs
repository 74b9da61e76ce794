using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>
/// A list's pages as the module reads them: each page's links (has_more, next_page_token) as it arrives, in whatever order
/// the answer gives its fields, so that the next page is asked for before this one's items are made; the items then,
/// with an answer of the wrong shape an UnexpectedResponse of the command, whether its links or its items are wrong.
/// </summary>
public class PagingTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string Me = """{"userName":"paging@example.com"}""";

    /// <summary>A workspace that answers jobs/list with <paramref name="page"/> of the request's page token (null: the first).</summary>
    private static RecordingServer Workspace(Func<string?, string> page) => new(head =>
    {
        var line = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
        if (line.Contains("/scim/v2/Me")) return RecordingServer.Json(200, Me);
        var token = line.Split(' ')[1].Split('?').ElementAtOrDefault(1)?.Split('&').FirstOrDefault(p => p.StartsWith("page_token="))?["page_token=".Length..];
        return RecordingServer.Json(200, page(token));
    });

    private ShellResult GetJobs(RecordingServer server, string then = "")
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 1").AssertNoErrors();
        return shell.Run("Get-DbxJob" + then);
    }

    private static int ListRequests(RecordingServer server) => server.Requests.Count(head => head.Contains("/jobs/list"));

    [Fact]
    public void Links_are_read_before_or_after_the_items_and_a_page_without_has_more_is_the_last_whatever_its_token()
    {
        using var server = Workspace(token => token switch
        {
            null => """{"next_page_token":"p2","has_more":true,"jobs":[{"job_id":1,"settings":{"name":"one","tasks":[]}}]}""",
            "p2" => """{"jobs":[{"job_id":2,"settings":{"name":"two","tasks":[]}}],"has_more":true,"next_page_token":"p3","prev_page_token":"p1"}""",
            _ => """{"jobs":[{"job_id":3,"settings":{"name":"three","tasks":[]}}],"next_page_token":"p4","prev_page_token":"p2"}""",
        });

        var result = GetJobs(server, " | ForEach-Object { '{0}={1}' -f $_.JobId, $_.Name }");

        result.AssertNoErrors();
        Assert.Equal(["1=one", "2=two", "3=three"], result.Output.Select(o => o.ToString()));
        Assert.Equal(3, ListRequests(server));
    }

    [Fact]
    public void Items_of_the_wrong_shape_are_an_UnexpectedResponse_and_the_page_asked_for_ahead_is_let_go()
    {
        using var server = Workspace(token => token is null
            ? """{"jobs":[{"job_id":{"not":"a number"}}],"has_more":true,"next_page_token":"p2"}"""
            : """{"jobs":[{"job_id":2}]}""");

        var result = GetJobs(server);

        var error = result.FirstError();
        Assert.StartsWith("UnexpectedResponse,", error.FullyQualifiedErrorId);
        Assert.Contains("GET /api/2.2/jobs/list", error.ErrorDetails.Message);
        Assert.Contains("not what the Jobs API answers", error.ErrorDetails.Message);
        Assert.Empty(result.Output);
        // The next page was asked for before the items were read, and was then let go (cancelled, or answered and dropped).
        Assert.InRange(ListRequests(server), 1, 2);
    }

    [Theory]
    [InlineData("""{"jobs":[],"has_more":"yes","next_page_token":"p2"}""", "has_more is String, not a boolean")]
    [InlineData("""{"jobs":[],"has_more":true,"next_page_token":7}""", "next_page_token is Number, not a string")]
    [InlineData("""{"jobs":[{"job_id":1}],"has_more":true""", "not what the Jobs API answers")]
    [InlineData("""{"jobs":[],"has_more":true,"next_page_token":"\ud800"}""", "not what the Jobs API answers")]
    [InlineData("""{"jobs":[],"has_more":1,"has_more":true,"next_page_token":"p2"}""", "has_more is Number, not a boolean")]
    [InlineData("""{"jobs":[],"next_page_token":5,"has_more":true,"next_page_token":"p2"}""", "next_page_token is Number, not a string")]
    public void Links_of_the_wrong_shape_are_an_UnexpectedResponse_and_no_next_page_is_asked_for(string answer, string says)
    {
        using var server = Workspace(_ => answer);

        var error = GetJobs(server).FirstError();

        Assert.StartsWith("UnexpectedResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains(says, error.ErrorDetails.Message);
        Assert.Equal(1, ListRequests(server));
    }

    private const string One = """{"job_id":1,"settings":{"name":"one","tasks":[]}}""";

    /// <summary>
    /// The links are read from the plain fields before the items and after them (the end read backward), and from the whole
    /// page where one is on neither side; either way as the typed read reads them: escapes, blanks, numbers and nulls among them, the last of a
    /// link given twice, has_more false with a token, a null token.
    /// </summary>
    [Theory]
    [InlineData($$"""{"jobs":[{{One}}],"has_more":true,"next_page_token":"a\"b\\"}""", "a\"b\\")]
    [InlineData($"{{ \"jobs\" : [ {One} ] ,\r\n \"has_more\" : true ,\t\"next_page_token\" : \"p 2\" }}\n", "p 2")]
    [InlineData($$"""{"jobs":[{{One}}],"has\u005fmore":true,"next\u005fpage_token":"p\u0032"}""", "p2")]
    [InlineData($$"""{"has_more":false,"next_page_token":"p1","jobs":[{{One}}],"next_page_token":"p0","has_more":true,"next_page_token":"p2"}""", "p2")]
    [InlineData($$"""{"jobs":[{{One}}],"total":-12.5e3,"x":null,"has_more":true,"y":false,"z":"}","next_page_token":"p2"}""", "p2")]
    [InlineData($$"""{"next_page_token":"p2","jobs":[{{One}}],"has_more":true}""", "p2")]
    [InlineData($$"""{"has_more":true,"jobs":[{{One}}],"next_page_token":"p2","prev_page_token":"p0"}""", "p2")]
    [InlineData($$"""{"has_more":true,"next_page_token":"p2","jobs":[{{One}}]}""", "p2")]
    [InlineData($$"""{"jobs":[{{One}}],"next_page_token":"p2","has_more":false}""", null)]
    [InlineData($$"""{"jobs":[{{One}}],"has_more":true,"next_page_token":null}""", null)]
    public void Links_are_read_from_the_end_as_from_the_start(string first, string? nextToken)
    {
        string? asked = null;
        using var server = Workspace(token =>
        {
            if (token is null) return first;
            asked = Uri.UnescapeDataString(token);
            return """{"jobs":[{"job_id":2,"settings":{"name":"two","tasks":[]}}]}""";
        });

        var result = GetJobs(server, " | ForEach-Object JobId");

        result.AssertNoErrors();
        Assert.Equal(nextToken, asked);
        Assert.Equal(nextToken is null ? [1L] : [1L, 2L], result.Output.Select(o => (long)o.BaseObject));
        Assert.Equal(nextToken is null ? 1 : 2, ListRequests(server));
    }

    [Fact]
    public void A_page_of_links_alone_is_read_whole()
    {
        using var server = Workspace(_ => """ {"has_more":false} """);

        var result = GetJobs(server);

        result.AssertNoErrors();
        Assert.Empty(result.Output);
        Assert.Equal(1, ListRequests(server));
    }
}
