namespace PowerAutomation.Gateway.Documents.AiEdits;

public static class AiEditApi
{
    public const int BodyLimit = 64 * 1024;

    /// <summary><c>POST …/ai/edit</c>: JSON <see cref="AiEditResponse"/>, or with <c>stream: true</c> SSE progress.</summary>
    public static RouteGroupBuilder MapAiEdit(this RouteGroupBuilder group)
    {
        group.MapPost("/ai/edit", (Guid documentId, AiEditRequest request, HttpContext http, AiEditHandler handler) => handler.HandleAsync(http, documentId, request))
            .WithMetadata(new Hosting.BodyLimit(BodyLimit))
            .Produces<AiEditResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }
}
