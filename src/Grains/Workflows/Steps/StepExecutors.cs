using PowerAutomation.Grains.Abstractions.Workflows;

namespace PowerAutomation.Grains.Workflows.Steps;

/// <summary>The executors registered in the silo, by step type.</summary>
public sealed class StepExecutors
{
    private readonly Dictionary<string, IStepExecutor> _byType;

    public StepExecutors(IEnumerable<IStepExecutor> executors)
    {
        _byType = executors.ToDictionary(e => e.Type, StringComparer.Ordinal);
        var missing = StepTypes.All.Except(StepTypes.ControlFlow).Where(t => !_byType.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No executor is registered for step types {string.Join(", ", missing)}.");
        }
    }

    public IStepExecutor For(string type) => _byType[type];
}
