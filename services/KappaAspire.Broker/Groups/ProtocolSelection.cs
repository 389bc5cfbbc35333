namespace KappaAspire.Broker.Groups;

/// <summary>Which of the members' protocols (assignors) a generation uses.</summary>
internal static class ProtocolSelection
{
    /// <summary>Each member votes for its most preferred protocol that every member supports; most votes wins.</summary>
    public static string Select(ConsumerGroup group)
    {
        var candidates = group.Members[0].Protocols.Select(p => p.Name)
            .Where(name => group.Members.All(m => m.Protocols.Any(p => p.Name == name)))
            .ToList();
        return candidates
            .Select(name => (Name: name, Votes: group.Members.Count(m => m.Protocols.First(p => candidates.Contains(p.Name)).Name == name)))
            .OrderByDescending(c => c.Votes)
            .First().Name;
    }
}
