using System.ComponentModel.DataAnnotations;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>Bounds of one agent run (<c>Agents</c> in configuration), validated at start.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agents";

    /// <summary>The model used when the run's <c>forwardedProps.model</c> names none (<c>auto</c>: the <c>agent</c> task's route).</summary>
    [Required, StringLength(200, MinimumLength = 1)]
    public string Model { get; set; } = "auto";

    /// <summary>Model calls per run; a run that still wants tools after these ends with <c>agent_step_limit</c>.</summary>
    [Range(1, 100)]
    public int MaxSteps { get; set; } = 10;

    /// <summary>Tokens (input and output, as the providers report them) per run; past them: <c>agent_token_limit</c>.</summary>
    [Range(1, 10_000_000)]
    public long MaxTokens { get; set; } = 200_000;

    /// <summary>The output bound of each model call.</summary>
    [Range(1, 100_000)]
    public int MaxOutputTokensPerStep { get; set; } = 4096;

    /// <summary>Wall time per run; past it: <c>agent_time_limit</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages a run's input may carry.</summary>
    [Range(1, 1000)]
    public int MaxMessages { get; set; } = 100;

    /// <summary>Characters of one tool result given back to the model (the rest is cut, and the model told).</summary>
    [Range(256, 1_000_000)]
    public int MaxToolResultChars { get; set; } = 64 * 1024;
}
