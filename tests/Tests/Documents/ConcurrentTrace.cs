using System.Text.Json;

namespace PowerAutomation.Tests.Documents;

/// <summary>One transaction of a concurrent trace: who typed it, what they had seen, and the edits.</summary>
/// <param name="Seen">For each agent, how many of that agent's transactions the typed-on state includes.</param>
public sealed record TraceTransaction(int Agent, int[] Seen, IReadOnlyList<(int Position, int Delete, string Insert)> Patches);

/// <summary>
/// A concurrent editing trace (josephg/editing-traces): transactions with the parents they were typed on. Each
/// agent's transactions form a chain, so the state a transaction was typed on is a vector of per-agent counts.
/// </summary>
public sealed record ConcurrentTrace(int Agents, string EndContent, IReadOnlyList<TraceTransaction> Transactions)
{
    public static IEnumerable<object[]> Names() =>
        new[] { "concurrent-clownschool", "concurrent-friendsforever" }.Select(name => new object[] { name });

    public static ConcurrentTrace Load(string name)
    {
        using var document = EditingTraces.Load(name);
        var root = document.RootElement;
        var agents = root.GetProperty("numAgents").GetInt32();
        var transactions = new List<TraceTransaction>();
        var typed = new int[agents];
        foreach (var transaction in root.GetProperty("txns").EnumerateArray())
        {
            var agent = transaction.GetProperty("agent").GetInt32();
            var seen = new int[agents];
            foreach (var parent in transaction.GetProperty("parents").EnumerateArray().Select(p => transactions[p.GetInt32()]))
            {
                for (var other = 0; other < agents; other++)
                {
                    seen[other] = Math.Max(seen[other], parent.Seen[other]);
                }

                // The parent itself is seen too: it is its agent's (parent.Seen[its agent] + 1)th transaction.
                seen[parent.Agent] = Math.Max(seen[parent.Agent], parent.Seen[parent.Agent] + 1);
            }

            if (seen[agent] != typed[agent])
            {
                throw new InvalidDataException($"{name}: agent {agent}'s transaction {transactions.Count} does not follow its own previous one.");
            }

            typed[agent]++;
            var patches = transaction.GetProperty("patches").EnumerateArray()
                .Select(p => (p[0].GetInt32(), p[1].GetInt32(), p[2].GetString()!)).ToList();
            transactions.Add(new TraceTransaction(agent, seen, patches));
        }

        return new ConcurrentTrace(agents, root.GetProperty("endContent").GetString()!, transactions);
    }
}
