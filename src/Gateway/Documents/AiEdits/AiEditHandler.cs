using System.Text;
using System.Text.Json;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Chat;
using PowerAutomation.Ai.Formats;
using PowerAutomation.Ai.Protocols;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Gateway.Ai;
using PowerAutomation.Gateway.Errors;
using PowerAutomation.Gateway.Identity;
using PowerAutomation.Gateway.Projects;
using PowerAutomation.Gateway.Quotas;
using PowerAutomation.Grains.Abstractions.Documents;
using PowerAutomation.Grains.Abstractions.Projects;

namespace PowerAutomation.Gateway.Documents.AiEdits;

/// <summary>
/// An AI edit: the model rewrites the selection of the content at revision R, the answer is diffed against the
/// selection it saw and submitted on R as one <c>ai</c> operation, so the grain transforms it past whatever people
/// typed meanwhile. The call is charged like any AI call once the model answered, whether or not the edit then
/// applies. With <c>stream</c>, SSE events tell the progress: <c>started</c>, <c>delta</c>s of the answer,
/// then <c>applied</c> or <c>error</c>.
/// </summary>
public sealed partial class AiEditHandler(AiCalls calls, IClusterClient cluster, TimeProvider time, ILogger<AiEditHandler> logger)
{
    public const int MaxInstruction = 8000;
    public const int MaxSelection = 256 * 1024;

    public async Task HandleAsync(HttpContext http, Guid documentId, AiEditRequest request)
    {
        if (Invalid(request) is { } invalid)
        {
            await invalid.ExecuteAsync(http);
            return;
        }

        var userId = http.User.UserId();
        var document = cluster.GetGrain<IDocumentGrain>(documentId);
        var read = await document.GetContent(userId, null);
        if (read.Value is not { } content)
        {
            await ProjectProblems.For(read.Error!).ExecuteAsync(http);
            return;
        }

        // Refused before the model is paid for: viewers cannot edit.
        var access = await cluster.GetGrain<IProjectGrain>(content.ProjectId).AccessTo(userId, documentId);
        if (access is null || !ProjectRoles.Allows(access.Role, ProjectRoles.Editor))
        {
            await ProjectProblems.For(access is null ? DocumentErrors.NotFound : DocumentErrors.Forbidden, access is null ? null : "Viewers cannot edit.")
                .ExecuteAsync(http);
            return;
        }

        var text = content.Content;
        var (from, to) = request.Selection is { } s ? (s.From, s.To) : (0, text.Length);
        if (from < 0 || to < from || to > text.Length || SplitsPair(text, from) || SplitsPair(text, to))
        {
            await Problems.Validation("selection", $"selection is from <= to within 0..{text.Length}, not inside a surrogate pair.").ExecuteAsync(http);
            return;
        }

        if (to - from > MaxSelection)
        {
            await Problems.Validation("selection", $"An AI edit rewrites at most {MaxSelection} units; select less.").ExecuteAsync(http);
            return;
        }

        var (caller, callerError) = await AiCallers.OfAsync(http, cluster, AiTasks.Chat);
        if (caller is null)
        {
            await Problems.Validation("X-PA-Task", callerError!).ExecuteAsync(http);
            return;
        }

        var stream = request.Stream == true;
        var chat = AiEditPrompt.Build(request.Model!, request.Instruction!, content.Path, text, from, to, stream);
        var (call, refusal) = await calls.AdmitAsync(caller, ChatFormats.OpenAiChat, chat);
        if (call is null)
        {
            if (refusal!.Quota is { } decision)
            {
                QuotaResponses.WriteHeaders(http.Response, decision, time.GetUtcNow());
                await QuotaResponses.Exceeded(decision, refusal.RequestedUnits).ExecuteAsync(http);
            }
            else
            {
                await Problems.Create(refusal.Status, refusal.Code, refusal.Message).ExecuteAsync(http);
            }

            return;
        }

        var runId = Guid.NewGuid();
        var progress = stream ? new SseProgress(http) : null;
        var outcome = AiCallOutcome.Failed;
        try
        {
            using var upstream = await call.SendAsync(null, null, http.RequestAborted);
            if (!upstream.Succeeded)
            {
                upstream.Complete(false);
                await FailAsync(http, progress, 502, RoutingCodes.ProviderError, $"{upstream.Provider.Name} refused the request ({(int)upstream.Response.StatusCode}).");
                return;
            }

            string answer;
            if (progress is not null)
            {
                await progress.SendAsync("started", new { runId, model = upstream.Model }, http.RequestAborted);
                (answer, outcome) = await ReadStreamAsync(call, upstream, progress, http.RequestAborted);
            }
            else
            {
                var (_, result) = await call.ReadAnswerAsync(upstream);
                upstream.Complete(false);
                outcome = AiCallOutcome.Completed(result.Usage);
                answer = string.Concat(result.Content.OfType<TextPart>().Select(p => p.Text));
            }

            var replacement = AiEditPrompt.Answer(answer);
            var operation = new TextOperation.Builder().Retain(from);
            foreach (var component in TextDiff.Between(text[from..to], replacement).Components)
            {
                operation.Add(component);
            }

            var submitted = await document.Submit(new OperationSubmission(userId, content.Revision, operation.Retain(text.Length - to).Build(), null, null)
            {
                AuthorKind = AuthorKinds.Ai,
                Model = upstream.Model,
                RunId = runId,
            });
            if (submitted.Applied is not { } applied)
            {
                await FailAsync(http, progress, 409, submitted.Error!, submitted.Message ?? "The edit could not be applied.");
                return;
            }

            LogApplied(documentId, applied.Revision, upstream.Model, runId);
            var response = new AiEditResponse(applied.Revision, applied.Operation, upstream.Model, runId);
            if (progress is not null)
            {
                await progress.SendAsync("applied", response, http.RequestAborted);
            }
            else
            {
                await TypedResults.Ok(response).ExecuteAsync(http);
            }
        }
        catch (RoutingException exception)
        {
            await FailAsync(http, progress, exception.Status, exception.Code, exception.Message);
        }
        catch (Exception exception) when (exception is JsonException or ChatFormatException or UpstreamStreamException or IOException)
        {
            if (!http.RequestAborted.IsCancellationRequested)
            {
                await FailAsync(http, progress, 502, RoutingCodes.ProviderError, $"The provider's answer was unreadable: {exception.Message}");
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller left: the edit is not applied; what the model delivered is still charged below.
        }
        finally
        {
            await call.FinishAsync(outcome);
        }
    }

    private static async Task<(string Answer, AiCallOutcome Outcome)> ReadStreamAsync(AiCall call, UpstreamCall upstream, SseProgress progress, CancellationToken cancellationToken)
    {
        var reader = call.ProviderFormat.StreamReader(upstream.Model);
        var answer = new StringBuilder();
        ChatUsage? usage = null;
        await using var body = await upstream.Response.Content.ReadAsStreamAsync(upstream.Token);
        await foreach (var sse in ServerSentEvents.ReadAsync(body, upstream.Token))
        {
            foreach (var delta in reader.Read(sse))
            {
                switch (delta)
                {
                    case TextDelta { Text: var piece }:
                        answer.Append(piece);
                        if (answer.Length > MaxSelection * 2)
                        {
                            throw new UpstreamStreamException("the answer is longer than any edit may be.");
                        }

                        await progress.SendAsync("delta", new { text = piece }, cancellationToken);
                        break;
                    case FinishDelta { Usage: { } reported }:
                        usage = reported;
                        break;
                }
            }
        }

        upstream.Complete(false);
        return (answer.ToString(), AiCallOutcome.Completed(usage ?? new ChatUsage(call.InputEstimate, TokenBound.EstimateText(answer.Length))));
    }

    private static async Task FailAsync(HttpContext http, SseProgress? progress, int status, string code, string message)
    {
        if (progress is { Started: true })
        {
            await progress.SendAsync("error", new { code, message }, CancellationToken.None);
            return;
        }

        await Problems.Create(status, code, message).ExecuteAsync(http);
    }

    private static IResult? Invalid(AiEditRequest request) =>
        request.Model is not { Length: > 0 and <= 200 } ? Problems.Validation("model", "model is required (at most 200 characters).")
        : request.Instruction is not { Length: > 0 } instruction || string.IsNullOrWhiteSpace(instruction) ? Problems.Validation("instruction", "instruction is required.")
        : instruction.Length > MaxInstruction ? Problems.Validation("instruction", $"instruction has at most {MaxInstruction} characters.")
        : null;

    private static bool SplitsPair(string text, int at) => at > 0 && at < text.Length && char.IsHighSurrogate(text[at - 1]) && char.IsLowSurrogate(text[at]);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI edit {RunId} by {Model} applied to document {DocumentId} at revision {Revision}")]
    private partial void LogApplied(Guid documentId, int revision, string model, Guid runId);
}
