using System.Security.Cryptography;
using System.Text;

namespace PowerAutomation.Gateway.Agents.AgUi;

/// <summary>
/// The id an agent run's operations carry: the AG-UI <c>runId</c> itself when it is a UUID, else a UUID derived from
/// it (the same text always gives the same id), so history can be filtered and undone by run either way.
/// </summary>
public static class AgentRunIds
{
    public static Guid For(string runId) =>
        Guid.TryParse(runId, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("pa-agent-run:" + runId)).AsSpan(0, 16));
}
