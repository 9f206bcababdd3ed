using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PowerAutomation.Grains.Abstractions.Workflows;
using PowerAutomation.Grains.Workflows.Engine;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// <c>foreach</c> <c>{items, step:{type, input}, concurrency?}</c>: runs the step once per element, at most
/// <c>concurrency</c> (default 4) at a time, and answers the list of their outputs in element order. Element i is
/// step <c>{id}[i]</c> with idempotency key <c>{runId}.{id}[i].{attempt}</c>, so an attempt resumed after a crash
/// repeats each element's side effect under the key it used before. The first element to fail (by position) fails the
/// whole step and stops the rest; a retry runs every element again as the next attempt.
/// </summary>
public sealed class ForeachStep(IServiceProvider services, IOptions<WorkflowOptions> options) : IStepExecutor
{
    public const int DefaultConcurrency = 4;

    public string Type => StepTypes.Foreach;

    public bool HasSideEffects => true;

    public async Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (context.Input is not JsonObject input || input["items"] is not JsonArray items || input["step"] is not JsonObject step
            || step["type"]?.GetValue<string>() is not { } type || !StepTypes.ForeachInner.Contains(type))
        {
            return StepOutcome.Fail(WorkflowErrors.InvalidInput, "input.items must be a list and input.step a {type, input} of a step foreach can run.", false);
        }

        if (items.Count > options.Value.MaxForeachItems)
        {
            return StepOutcome.Fail(WorkflowErrors.ForeachTooManyItems,
                $"The list has {items.Count} elements; a foreach takes at most {options.Value.MaxForeachItems} (Workflows:MaxForeachItems).", false);
        }

        var concurrency = input["concurrency"]?.GetValue<int>() ?? DefaultConcurrency;
        var executor = services.GetRequiredService<StepExecutors>().For(type);
        var results = new StepOutcome?[items.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token },
            async (index, token) =>
            {
                var outcome = await RunElementAsync(executor, context, step["input"], items[index], index, token);
                results[index] = outcome;
                if (outcome is not StepOutcome.Completed && Interlocked.Exchange(ref failed, 1) == 0)
                {
                    await stop.CancelAsync(); // One element failed: the step fails, the others need not go on.
                }
            }).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();

        for (var index = 0; index < results.Length; index++)
        {
            if (results[index] is StepOutcome.Failed failure)
            {
                return failure with { Error = failure.Error with { Message = $"Element {index}: {failure.Error.Message}" } };
            }
        }

        return StepOutcome.Done(new JsonArray([.. results.Select(r => ((StepOutcome.Completed)r!).Output?.DeepClone())]));
    }

    private static async Task<StepOutcome> RunElementAsync(IStepExecutor executor, StepContext context, JsonNode? template, JsonNode? item, int index,
        CancellationToken cancellationToken)
    {
        JsonNode? elementInput;
        try
        {
            elementInput = TemplateRenderer.RenderItem(template, item, index);
        }
        catch (TemplateException exception)
        {
            return StepOutcome.Fail(WorkflowErrors.TemplateUnresolved, exception.Message, false);
        }

        var stepId = $"{context.StepId}[{index}]";
        StepOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(context with
            {
                StepId = stepId,
                Input = elementInput,
                IdempotencyKey = IdempotencyKeys.For(context.RunId, stepId, context.Attempt),
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return StepOutcome.Fail(WorkflowErrors.ExecutorFailed, exception.Message, true);
        }

        return outcome is StepOutcome.Completed or StepOutcome.Failed
            ? outcome
            : StepOutcome.Fail(WorkflowErrors.InvalidInput, $"A {executor.Type} step cannot wait inside a foreach.", false);
    }
}
