using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Grains.Abstractions.Documents;

namespace PowerAutomation.Gateway.Agents.Mcp;

/// <summary>
/// Documents as resources: the template <c>pa://documents/{documentId}</c>, reading one (its content, for viewers and
/// up), and subscribing to it (<c>notifications/resources/updated</c> after every change, see
/// <see cref="McpResourceSubscriptions"/>). Documents are found with the <c>list_documents</c> tool, so
/// <c>resources/list</c> names none.
/// </summary>
public static class McpResourceHandlers
{
    public static ValueTask<ListResourceTemplatesResult> TemplatesAsync(RequestContext<ListResourceTemplatesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourceTemplatesResult
        {
            ResourceTemplates =
            [
                new ResourceTemplate
                {
                    UriTemplate = DocumentResourceUri.Template, Name = "document", MimeType = "text/plain",
                    Description = "A document's current content; subscribe to hear of every change.",
                },
            ],
        });

    public static ValueTask<ListResourcesResult> ListAsync(RequestContext<ListResourcesRequestParams> request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ListResourcesResult { Resources = [] });

    public static async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri;
        if (!DocumentResourceUri.TryParse(uri, out var documentId))
        {
            throw new McpException($"Unknown resource '{uri}'; documents are {DocumentResourceUri.Template}.");
        }

        var user = McpToolHandlers.User(request.User);
        var result = await request.Services!.GetRequiredService<IClusterClient>().GetGrain<IDocumentGrain>(documentId.Value).GetContent(user.UserId(), null);
        if (result.Value is not { } document)
        {
            throw new McpException($"{result.Error}: no such document, or you are not a member of its project.");
        }

        return new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = uri!, MimeType = "text/plain", Text = document.Content }],
        };
    }

    public static async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        var uri = request.Params?.Uri;
        if (!DocumentResourceUri.TryParse(uri, out var documentId))
        {
            throw new McpException($"Unknown resource '{uri}'; documents are {DocumentResourceUri.Template}.");
        }

        var user = McpToolHandlers.User(request.User);
        var services = request.Services!;
        var access = await services.GetRequiredService<IClusterClient>().GetGrain<IDocumentGrain>(documentId.Value).GetContent(user.UserId(), null);
        if (access.Value is null)
        {
            throw new McpException($"{access.Error}: no such document, or you are not a member of its project.");
        }

        await services.GetRequiredService<McpResourceSubscriptions>().SubscribeAsync(request.Server, user.UserId(), documentId.Value, uri!);
        return new EmptyResult();
    }

    public static async ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, CancellationToken cancellationToken)
    {
        if (DocumentResourceUri.TryParse(request.Params?.Uri, out var documentId))
        {
            await request.Services!.GetRequiredService<McpResourceSubscriptions>().UnsubscribeAsync(request.Server, documentId.Value);
        }

        return new EmptyResult();
    }
}
