using System.Text.Json;
using System.Text.Json.Nodes;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>document.edit</c>: applies <c>operation</c> (made on <c>revision</c>, else on the current one) or an
/// <c>insert</c> to a document as the run's owner, who must be an editor of its project; output <c>{revision}</c>.
/// Every attempt of a step submits under the same (session, seq), so the document grain applies the edit at most
/// once however often the step is resumed or retried.
/// </summary>
public sealed class DocumentEditStep(IGrainFactory grains) : IStepExecutor
{
    public string Type => StepTypes.DocumentEdit;

    public bool HasSideEffects => true;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Input is not JsonObject input || input["documentId"] is not JsonValue idValue
            || !idValue.TryGetValue<string>(out var idText) || !Guid.TryParse(idText, out var documentId))
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.documentId must be a document id.", false);
        }

        var document = grains.GetGrain<IDocumentGrain>(documentId);
        var current = await document.GetContent(context.OwnerId, null);
        if (current.Value is not { } content)
        {
            return Refused(current.Error ?? DocumentErrors.NotFound, "The document does not exist, or the run's owner is not a member of its project.");
        }

        int revision;
        TextOperation operation;
        try
        {
            (revision, operation) = Operation(input, content);
        }
        catch (Exception exception) when (exception is OperationException or JsonException or FormatException or InvalidOperationException)
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, exception.Message, false);
        }

        var result = await document.Submit(new OperationSubmission(context.OwnerId, revision, operation, $"wf:{context.RunId:N}:{context.StepId}", 1)
        {
            AuthorKind = AuthorKinds.Workflow,
            RunId = context.RunId,
        });
        return result.Applied is { } applied
            ? StepOutcome.Done(new JsonObject { ["revision"] = applied.Revision })
            : Refused(result.Error!, result.Message ?? result.Error!);
    }

    private static (int Revision, TextOperation Operation) Operation(JsonObject input, DocumentContent content)
    {
        if (input["insert"] is JsonObject insert)
        {
            var at = insert["at"]?.GetValue<int>() ?? throw new FormatException("input.insert.at is required.");
            var text = insert["text"]?.GetValue<string>() ?? throw new FormatException("input.insert.text is required.");
            if (at < 0 || at > content.Content.Length)
            {
                throw new FormatException($"input.insert.at {at} is outside the document (length {content.Content.Length}).");
            }

            return (content.Revision, TextOperation.Splice(content.Content.Length, at, 0, text));
        }

        var revision = input["revision"] is JsonValue r ? r.GetValue<int>() : content.Revision;
        using var json = JsonDocument.Parse(input["operation"]?.ToJsonString() ?? "null");
        return (revision, OperationJson.Read(json.RootElement));
    }

    // Refusals are about the document or the owner's role: the same answer would come again, so no retry.
    private static StepOutcome Refused(string code, string message) =>
        StepOutcome.Fail(WorkflowErrors.DocumentRefused, $"{code}: {message}", false);
}
