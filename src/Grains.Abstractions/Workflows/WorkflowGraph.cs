namespace PowerAutomation.Grains.Abstractions.Workflows;

/// <summary>Graph questions about a definition's steps, by id: cycles and the steps each one transitively depends on.</summary>
public static class WorkflowGraph
{
    /// <summary>A step that lies on a dependency cycle, or null when the steps form a DAG.</summary>
    public static string? FindCycle(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn)
    {
        // Depth-first search with colours: meeting a grey node again means we walked round a cycle.
        var colour = new Dictionary<string, int>();
        foreach (var start in dependsOn.Keys)
        {
            if (colour.ContainsKey(start))
            {
                continue;
            }

            var stack = new Stack<(string Node, IEnumerator<string> Next)>();
            colour[start] = 1;
            stack.Push((start, Dependencies(dependsOn, start).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Peek();
                if (!next.MoveNext())
                {
                    colour[node] = 2;
                    stack.Pop();
                    continue;
                }

                var child = next.Current;
                switch (colour.GetValueOrDefault(child))
                {
                    case 1:
                        return child;
                    case 0:
                        colour[child] = 1;
                        stack.Push((child, Dependencies(dependsOn, child).GetEnumerator()));
                        break;
                }
            }
        }

        return null;
    }

    /// <summary>Every step <paramref name="stepId"/> depends on, directly or not (the graph must be acyclic).</summary>
    public static HashSet<string> Ancestors(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn, string stepId)
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(Dependencies(dependsOn, stepId));
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var parent in Dependencies(dependsOn, next))
                {
                    pending.Push(parent);
                }
            }
        }

        return seen;
    }

    private static IEnumerable<string> Dependencies(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn, string id) =>
        dependsOn.TryGetValue(id, out var parents) ? parents.Where(dependsOn.ContainsKey) : [];
}
