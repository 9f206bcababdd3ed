using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Gateway.Documents;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Gateway.Search;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Identity;

namespace PowerAutomation.Gateway.Agents.Tools;

public sealed partial class AgentToolCatalog
{
    public const int MaxEdits = 200;
    public const int MaxEditText = 256 * 1024;

    private IEnumerable<AgentTool> DocumentTools() =>
    [
        new("list_projects", ToolGroups.Codeflow, ApiScopes.DocumentsRead,
            "The projects the user belongs to: [{projectId, name, role}].",
            Schema("""{"type":"object","properties":{},"additionalProperties":false}"""),
            async call => FromApi(await ProjectsApi.List(call.User, _cluster))),
        new("list_documents", ToolGroups.Codeflow, ApiScopes.DocumentsRead,
            "The documents of a project: [{documentId, path, revision}].",
            Schema("""
                {"type":"object","required":["projectId"],"additionalProperties":false,
                 "properties":{"projectId":{"type":"string","format":"uuid","description":"The project's id."}}}
                """),
            async call => FromApi(await ProjectsApi.ListDocuments(Id(call.Arguments, "projectId"), call.User, _cluster))),
        new("read_document", ToolGroups.Codeflow, ApiScopes.DocumentsRead,
            "A document's content and revision, now or at a past revision. Offsets for edit_document are UTF-16 code units into this content.",
            Schema("""
                {"type":"object","required":["documentId"],"additionalProperties":false,
                 "properties":{"documentId":{"type":"string","format":"uuid"},
                               "revision":{"type":"integer","minimum":0,"description":"A past revision; the current one when left out."}}}
                """),
            ReadDocumentAsync),
        new("edit_document", ToolGroups.Codeflow, ApiScopes.DocumentsWrite,
            "Replaces ranges of a document as one operation. Offsets are UTF-16 code units into the content at 'revision' " +
            "(as read_document gave it); edits are sorted, do not overlap, and the server moves them past whatever others " +
            "wrote since. Answers the new {revision}.",
            Schema("""
                {"type":"object","required":["documentId","revision","edits"],"additionalProperties":false,
                 "properties":{"documentId":{"type":"string","format":"uuid"},
                               "revision":{"type":"integer","minimum":0,"description":"The revision the offsets refer to."},
                               "edits":{"type":"array","minItems":1,"maxItems":@MaxEdits,
                                        "items":{"type":"object","required":["from","to","text"],"additionalProperties":false,
                                                 "properties":{"from":{"type":"integer","minimum":0},"to":{"type":"integer","minimum":0},
                                                               "text":{"type":"string","maxLength":@MaxEditText}}}}}}
                """),
            EditDocumentAsync),
        new("search_documents", ToolGroups.Codeflow, ApiScopes.DocumentsRead,
            "Semantic search over a project's documents: [{documentId, path, snippet, score}], best first.",
            Schema("""
                {"type":"object","required":["projectId","query"],"additionalProperties":false,
                 "properties":{"projectId":{"type":"string","format":"uuid"},
                               "query":{"type":"string","minLength":1,"maxLength":@MaxQueryLength},
                               "limit":{"type":"integer","minimum":1,"maximum":@MaxLimit}}}
                """),
            async call => FromApi(await SearchApi.Search(Id(call.Arguments, "projectId"), call.Arguments.GetProperty("query").GetString(),
                OptionalInt(call.Arguments, "limit")?.ToString(System.Globalization.CultureInfo.InvariantCulture), call.User, _cluster))),
    ];

    private async Task<ToolResult> ReadDocumentAsync(ToolCall call)
    {
        var documentId = Id(call.Arguments, "documentId");
        if (OptionalInt(call.Arguments, "revision") is not { } revision)
        {
            return FromApi(await DocumentsApi.Get(documentId, call.User, _cluster));
        }

        var result = await _cluster.GetGrain<IDocumentGrain>(documentId).GetContent(call.User.UserId(), revision);
        return result.Value is { } d
            ? ToolResult.Ok(JsonSerializer.SerializeToNode(new DocumentResponse(d.DocumentId, d.ProjectId, d.Path, d.Content, d.Revision), _json)!)
            : FromApi(ProjectProblems.For(result.Error!));
    }

    /// <summary>
    /// Reads the content at the given revision (viewers and up may), builds one operation from the edits against it,
    /// and submits it on that revision as an <c>ai</c> operation: the grain transforms it past later ones.
    /// </summary>
    private async Task<ToolResult> EditDocumentAsync(ToolCall call)
    {
        var documentId = Id(call.Arguments, "documentId");
        var revision = call.Arguments.GetProperty("revision").GetInt32();
        var edits = call.Arguments.GetProperty("edits").EnumerateArray()
            .Select(e => new TextEdit(e.GetProperty("from").GetInt32(), e.GetProperty("to").GetInt32(), e.GetProperty("text").GetString()!))
            .ToList();
        var document = _cluster.GetGrain<IDocumentGrain>(documentId);
        var userId = call.User.UserId();
        var at = await document.GetContent(userId, revision);
        if (at.Value is not { } content)
        {
            return FromApi(ProjectProblems.For(at.Error!, at.Error == DocumentErrors.NotFound
                ? $"No such document, you are not a member of its project, or it has no revision {revision} yet."
                : null));
        }

        var built = EditBatch.Build(content.Content, edits);
        if (built.Operation is not { } operation)
        {
            return ToolResult.Error(ErrorCodes.ValidationFailed, built.Message!, built.Field, 400);
        }

        var submitted = await document.Submit(new OperationSubmission(userId, revision, operation, null, null)
        {
            AuthorKind = AuthorKinds.Ai,
            Agent = call.Actor.Agent,
            RunId = call.Actor.RunId,
            Model = call.Actor.Model,
        });
        if (submitted.Applied is not { } applied)
        {
            return FromApi(ProjectProblems.For(submitted.Error!, submitted.Message));
        }

        return ToolResult.Ok(new JsonObject
        {
            ["documentId"] = documentId,
            ["revision"] = applied.Revision,
            ["baseRevision"] = revision,
            ["operation"] = JsonSerializer.SerializeToNode(applied.Operation, _json),
        });
    }
}
