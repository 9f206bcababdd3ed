namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>
/// Runs one type of step. Executors without side effects (<see cref="HasSideEffects"/> false) must answer
/// synchronously: the run grain calls them inside its turn and records their start and result in one write.
/// Executors with side effects run off the grain after their start is recorded, get an idempotency key per attempt,
/// and may be run again with the same key if their silo dies before their result is recorded.
/// </summary>
public interface IStepExecutor
{
    string Type { get; }

    bool HasSideEffects { get; }

    Task<StepOutcome> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
