using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PowerAutomation.Ai.Billing;
using PowerAutomation.Ai.Calls;
using PowerAutomation.Ai.Configuration;
using PowerAutomation.Ai.Routing;
using PowerAutomation.Grains.Workflows;
using PowerAutomation.Grains.Workflows.Secrets;
using PowerAutomation.Grains.Workflows.Steps;
using PowerAutomation.Silo.Workflows.Secrets;

namespace PowerAutomation.Silo.Workflows;

public static class WorkflowsSetup
{
    /// <summary>
    /// The workflow engine's silo side: options, the PostgreSQL event store, the step executors (with the AI router
    /// configured from the same <c>Ai</c> section as the gateway), the sealer of workflow secrets, and the start of the recovery sweep.
    /// </summary>
    public static IHostApplicationBuilder AddPowerAutomationWorkflows(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkflowOptions>().BindConfiguration(WorkflowOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(new WorkflowClock(TimeProvider.System));
        services.AddSingleton<IWorkflowStore, PostgresWorkflowStore>();
        services.AddSingleton<IWorkflowIndex, PostgresWorkflowIndex>();

        services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AiOptions>, AiOptionsValidator>());
        services.TryAddSingleton(provider => new ModelRouter(
            provider.GetRequiredService<IOptions<AiOptions>>(),
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
            {
                Timeout = Timeout.InfiniteTimeSpan, // The router times each attempt itself.
            },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ModelRouter>>()));

        services.TryAddSingleton<AiPrices>();
        services.TryAddSingleton<AiCalls>();

        services.AddWorkflowSecretSealer();
        services.AddSingleton<ISecretSource, GrainSecretSource>();

        services.AddSingleton<IStepExecutor, TransformStep>();
        services.AddSingleton<IStepExecutor, DelayStep>();
        services.AddSingleton<IStepExecutor, WaitSignalStep>();
        services.AddSingleton<IStepExecutor, DocumentEditStep>();
        services.AddSingleton<IStepExecutor, AiChatStep>();
        services.AddSingleton<IStepExecutor, WorkflowRunStep>();
        services.AddSingleton<IStepExecutor, ForeachStep>();
        services.AddSingleton<IStepExecutor, ApprovalStep>();
        services.AddSingleton<IStepExecutor>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<WorkflowOptions>>();
            return new HttpRequestStep(WorkflowHttpClient.Create(options.Value.Http), options, provider.GetRequiredService<ISecretSource>());
        });
        services.AddSingleton<StepExecutors>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, WorkflowRecoveryStarter>();
        return builder;
    }
}
